// The host's authority for a route: the host cookie for this market, or a 403 page.
import { data, type AppLoadContext } from "@remix-run/node";

export async function requireHost(context: AppLoadContext, request: Request, code: string): Promise<{ role: "host" }> {
  const key = context.sessions.readCookie(request.headers.get("Cookie"), "host", code);
  const actor = key ? await context.market.authenticate(code, key).catch(() => undefined) : undefined;
  if (actor?.role !== "host") {
    throw data("This page is for the market's host. Open it with your host link.", { status: 403 });
  }
  return { role: "host" };
}
