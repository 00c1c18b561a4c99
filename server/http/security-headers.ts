// Security headers for every response (helmet), and the same-origin rule for changes.
//
// Content-Security-Policy: scripts only from this origin, plus Remix's inline hydration scripts,
// which carry a fresh nonce per response (app/entry.server.tsx), so no 'unsafe-inline' for
// scripts. connect-src 'self' covers socket.io (same-origin ws/wss). The projector's QR code is
// inline SVG markup (no script). frame-ancestors 'none': no page can be framed (clickjacking).
// In development Vite injects its own scripts and HMR client, so the CSP is left off there.
// The API answers JSON and files, never a page: its CSP allows nothing, and needs no nonce.
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import helmet from "helmet";
import { refusalBody } from "./errors.ts";

export function securityHeaders(mode: "development" | "production"): RequestHandler {
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  };
  const pages = pageHeaders(mode);
  const api = fixedHeaders(apiHeaders());
  return (req, res, next) => (req.path.startsWith("/api/") ? api(req, res, next) : nonce(req, res, () => pages(req, res, next)));
}

/** What pages and the API share: helmet's options besides the CSP. */
const common = {
  // Venue Wi-Fi is often plain http on the LAN address: no HSTS or upgrade from here.
  strictTransportSecurity: false,
  referrerPolicy: { policy: "same-origin" },
  frameguard: { action: "deny" },
  crossOriginEmbedderPolicy: false,
} as const;

/** The API answers JSON, never a page: a CSP that allows nothing, and no nonce to make. */
function apiHeaders(): RequestHandler {
  return helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
}

/**
 * Headers that are the same for every answer, worked out once: helmet made afresh for each API
 * request took about 0.25 ms of every change's way in (`request` in the fan-out bench).
 */
function fixedHeaders(middleware: RequestHandler): RequestHandler {
  const set: Array<[string, string | number | readonly string[]]> = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void set.push([name, value]),
    removeHeader: (name: string) => void removed.push(name),
  } as unknown as Response;
  let called = false;
  middleware({ method: "GET", url: "/", headers: {} } as Request, recorder, () => void (called = true));
  if (!called) throw new Error("Security headers that depend on the request cannot be fixed once.");
  return (_req, res, next) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}

function pageHeaders(mode: "development" | "production"): RequestHandler {
  return helmet({
    contentSecurityPolicy:
      mode === "production"
        ? {
            useDefaults: false,
            directives: {
              defaultSrc: ["'self'"],
              scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
              styleSrc: ["'self'"],
              // Style attributes only (a category's colour, a bar's width), which React renders into
              // the server's HTML; without this the cards on a freshly loaded wall lose their colours.
              // They cannot run script, and React escapes every value; <style> elements stay 'self'.
              styleSrcAttr: ["'unsafe-inline'"],
              imgSrc: ["'self'", "data:"],
              connectSrc: ["'self'"],
              fontSrc: ["'self'"],
              objectSrc: ["'none'"],
              baseUri: ["'self'"],
              formAction: ["'self'"],
              frameAncestors: ["'none'"],
            },
          }
        : false,
    ...common,
  });
}

/**
 * Refuses a change (POST, PUT, PATCH, DELETE) sent by a page of another site. Remix 2.17 checks
 * Origin only for document form posts, not for its `.data` requests, and the JSON API accepts
 * cookies too; one check here covers all of them. Requests without Origin (API clients, curl)
 * are not browsers acting for someone else and pass.
 */
export function sameOriginChanges(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!["POST", "PUT", "PATCH", "DELETE"].includes(req.method)) return next();
    const origin = req.get("origin");
    if (origin === undefined) return next();
    let originHost: string | undefined;
    try {
      originHost = origin === "null" ? undefined : new URL(origin).host;
    } catch {
      originHost = undefined;
    }
    const host = (req.app.get("trust proxy") && req.get("x-forwarded-host")?.split(",")[0]?.trim()) || req.get("host");
    if (originHost && host && originHost === host) return next();
    const refusal = refusalBody("cross_site");
    if (req.path.startsWith("/api/")) res.status(403).json(refusal);
    else res.status(403).type("text/plain").send(refusal.error.message);
  };
}
