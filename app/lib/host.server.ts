// The host's authority for a route: the host cookie for this market, or a 403 page.
import { data, type AppLoadContext } from "@remix-run/node";
import { englishRefusal } from "../../server/market/refusals.ts";

export async function requireHost(context: AppLoadContext, request: Request, code: string): Promise<{ role: "host" }> {
  const key = context.sessions.readCookie(request.headers.get("Cookie"), "host", code);
  const actor = key ? await context.market.authenticate(code, key).catch(() => undefined) : undefined;
  if (actor?.role !== "host") {
    throw data({ code: "host_link_needed", message: englishRefusal("host_link_needed") }, { status: 403 });
  }
  return { role: "host" };
}
