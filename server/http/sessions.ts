// Who a browser or API client is: the bearer header, or the httpOnly cookies set when a
// participant joined or the host opened their link. One cookie per market and role.
import type { IncomingHttpHeaders } from "node:http";
import { parse, serialize } from "cookie";

/** "personal" holds a person's personal code until they say they kept it (it is shown, never stored in clear). */
export type CookieRole = "host" | "participant" | "personal" | "helper";

const PREFIX: Record<CookieRole, string> = { host: "h", participant: "p", personal: "k", helper: "d" };
const cookieName = (role: CookieRole, code: string) => `onm_${PREFIX[role]}_${code}`;

/**
 * 400 days, the longest browsers keep a cookie: the follow-up link keeps working from the same
 * phone for as long as the market is kept (RETENTION_DAYS decides that, not the cookie).
 */
const COOKIE_MAX_AGE = 60 * 60 * 24 * 400;

export function readCookie(cookieHeader: string | null | undefined, role: CookieRole, code: string): string | undefined {
  if (!cookieHeader) return undefined;
  return parse(cookieHeader)[cookieName(role, code)] || undefined;
}

export function bearerToken(authorization: string | null | undefined): string | undefined {
  const match = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** A Set-Cookie header value: httpOnly, SameSite=Lax, Secure when served over https. */
export function setCookie(role: CookieRole, code: string, secret: string, secure: boolean): string {
  return serialize(cookieName(role, code), secret, {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: COOKIE_MAX_AGE,
  });
}

export function clearCookie(role: CookieRole, code: string): string {
  return serialize(cookieName(role, code), "", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 0 });
}

/**
 * The secret of a screen that names its role ("host", "participant" or "helper"): that role's
 * cookie, as the page's own socket and its catch-up ask for it. Any other role is a viewer's: none.
 */
export function cookieSecretAs(cookieHeader: string | null | undefined, as: unknown, code: string): string | undefined {
  return as === "host" || as === "participant" || as === "helper" ? readCookie(cookieHeader, as, code) : undefined;
}

/**
 * The secret an API request carries: the bearer header first; otherwise the host cookie, then
 * the participant cookie (a host's browser downloading an export sends only cookies).
 */
export function secretFromHeaders(headers: IncomingHttpHeaders | Headers, code: string, prefer: "host" | "participant" = "host"): string | undefined {
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : (headers[name] as string | undefined));
  const cookieHeader = get("cookie");
  // A participant's own downloads prefer their participant cookie (a host may also have joined).
  const order: ("host" | "participant")[] = prefer === "host" ? ["host", "participant"] : ["participant", "host"];
  return bearerToken(get("authorization")) ?? readCookie(cookieHeader, order[0]!, code) ?? readCookie(cookieHeader, order[1]!, code);
}
