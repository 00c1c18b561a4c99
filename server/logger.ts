// Structured logs (pino, JSON lines on stdout): one line per HTTP request with a request id (taken
// from a proxy's X-Request-Id when it looks like one, else made here, and sent back), plus what
// the server reports. Never secrets or contacts: a request is logged by its path without the
// query (a host link carries its key there) and never with its body or headers.
import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import pino from "pino";

export const logger = pino({ level: process.env.LOG_LEVEL ?? "info", base: { pid: process.pid } });

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function requestLog(): RequestHandler {
  return (req, res, next) => {
    const given = req.get("x-request-id");
    const reqId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.reqId = reqId;
    res.setHeader("X-Request-Id", reqId);
    const started = process.hrtime.bigint();
    res.once("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = { reqId, method: req.method, path: req.originalUrl.split("?")[0], status: res.statusCode, ms: Math.round(ms * 10) / 10 };
      if (res.statusCode >= 500) logger.error(line, "request failed");
      else logger.info(line, "request");
    });
    next();
  };
}
