// A minimal Fetch Request for an Express request, for code that reasons about URLs.
import type { Request } from "express";

export function toWebRequest(req: Request): globalThis.Request {
  const host = req.get("host") ?? "localhost";
  return new globalThis.Request(`${req.protocol}://${host}${req.originalUrl}`);
}
