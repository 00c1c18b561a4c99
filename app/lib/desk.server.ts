// The helper desk's authority for a route: the host cookie, or the helper cookie the desk's link
// set, for this market; otherwise a 403 page.
import { data, type AppLoadContext } from "@remix-run/node";
import { forbidden } from "../../server/market/errors.ts";

export async function requireDesk(context: AppLoadContext, request: Request, code: string): Promise<{ role: "host" } | { role: "helper" }> {
  const cookies = request.headers.get("Cookie");
  for (const role of ["host", "helper"] as const) {
    const key = context.sessions.readCookie(cookies, role, code);
    const actor = key ? await context.market.authenticate(code, key).catch(() => undefined) : undefined;
    if (actor?.role === "host" || actor?.role === "helper") return actor;
  }
  throw data(forbidden("desk_only").toBody(), { status: 403 });
}
