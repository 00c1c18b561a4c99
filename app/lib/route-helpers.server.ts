// Small helpers shared by route loaders and actions (server only).
import { data, redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { invalid } from "../../server/market/errors.ts";
import type { RefusalBody, RefusalCode, RefusalParams } from "../../server/market/refusals.ts";
import type { Actor } from "../../server/market/service.ts";

export interface ActionFailure {
  ok: false;
  intent: string;
  error: RefusalBody;
}
export interface ActionSuccess {
  ok: true;
  intent: string;
}
export type ActionResult = ActionFailure | ActionSuccess;

/** Runs a service call for an action; a refusal becomes a message the form can show. */
export async function attempt(context: AppLoadContext, intent: string, run: () => Promise<unknown>) {
  try {
    await run();
    return data<ActionResult>({ ok: true, intent });
  } catch (error) {
    const { status, body, headers } = context.httpError(error);
    return data<ActionResult>({ ok: false, intent, error: body.error }, { status, headers });
  }
}

/** A refusal the route makes itself (a form the service never saw), as action data. */
export function refused(intent: string, code: RefusalCode, params?: RefusalParams) {
  return data<ActionResult>({ ok: false, intent, error: invalid(code, params).toBody() }, { status: 400 });
}

/** Throws the market service's refusal as a Remix error response (for loaders); the error page translates it. */
export async function orRespond<T>(context: AppLoadContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const { status, body } = context.httpError(error);
    throw data(body.error, { status });
  }
}

export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** The participant behind this browser's cookie for the market, or undefined. */
export async function participantActor(context: AppLoadContext, request: Request, code: string): Promise<Actor | undefined> {
  const token = context.sessions.readCookie(request.headers.get("Cookie"), "participant", code);
  if (!token) return undefined;
  try {
    const actor = await context.market.authenticate(code, token);
    return actor.role === "participant" ? actor : undefined;
  } catch {
    return undefined;
  }
}

/** The phone's person, or off to the market's join page (no cookie, or one that no longer works). */
export async function requireParticipant(context: AppLoadContext, request: Request, code: string): Promise<Actor & { role: "participant" }> {
  const actor = await participantActor(context, request, code);
  if (actor?.role !== "participant") throw redirect(`/join/${code}`);
  return actor;
}

export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}
