// The host's authority for a route: the host cookie for this market, or a 403 page.
import { data, type AppLoadContext } from "@remix-run/node";
import { forbidden } from "../../server/market/errors.ts";

export async function requireHost(context: AppLoadContext, request: Request, code: string): Promise<{ role: "host" }> {
  const key = context.sessions.readCookie(request.headers.get("Cookie"), "host", code);
  const actor = key ? await context.market.authenticate(code, key).catch(() => undefined) : undefined;
  if (actor?.role !== "host") {
    throw data(forbidden("host_link_needed").toBody(), { status: 403 });
  }
  return { role: "host" };
}
