// The public JSON API: parse the request, call one market service function, shape the answer.
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { Config } from "../config.ts";
import { connectionsCsv, exportFileName, marketJson } from "../market/exports.ts";
import type { Actor, MarketService } from "../market/service.ts";
import { httpError } from "./errors.ts";
import { publicOrigin } from "./public-url.ts";
import { secretFromHeaders } from "./sessions.ts";
import { toWebRequest } from "./web-request.ts";

type Handler = (req: Request, res: Response) => Promise<void>;

export function apiRouter(service: MarketService, config: Config): Router {
  const router = express.Router();
  router.use(express.json({ limit: "16kb", strict: false, type: () => true }));

  const route = (handler: Handler) => (req: Request, res: Response, next: NextFunction) => handler(req, res).catch(next);
  const actorOf = (req: Request): Promise<Actor> => service.authenticate(code(req), secretFromHeaders(req.headers, code(req)));
  const code = (req: Request): string => String(req.params.code ?? "");

  router.post(
    "/markets",
    route(async (req, res) => {
      const { market, hostKey } = await service.createMarket(req.body, { address: req.ip });
      const origin = publicOrigin(config, toWebRequest(req));
      res.status(201).json({
        id: market.id,
        code: market.code,
        hostKey,
        hostUrl: `${origin}/host/${market.id}?key=${encodeURIComponent(hostKey)}`,
        screenUrl: `${origin}/screen/${market.code}`,
        joinUrl: `${origin}/join/${market.code}`,
      });
    }),
  );

  router.get("/markets/:code", route(async (req, res) => void res.json(await service.summary(code(req)))));

  router.post(
    "/markets/:code/participants",
    route(async (req, res) => {
      const { participant, token } = await service.joinMarket(code(req), req.body, { address: req.ip });
      res.status(201).json({ participantId: participant.id, token });
    }),
  );

  router.get("/markets/:code/posts", route(async (req, res) => void res.json({ posts: await service.listPosts(code(req), await actorOf(req)) })));

  router.post(
    "/markets/:code/posts",
    route(async (req, res) => {
      const { post, created } = await service.createPost(code(req), await actorOf(req), req.body);
      res.status(created ? 201 : 200).json({ post });
    }),
  );

  router.patch(
    "/markets/:code/posts/:postId",
    route(async (req, res) => void res.json({ post: await service.updatePost(code(req), await actorOf(req), String(req.params.postId), req.body) })),
  );

  router.delete(
    "/markets/:code/posts/:postId",
    route(async (req, res) => {
      await service.removePost(code(req), await actorOf(req), String(req.params.postId));
      res.json({ removed: true });
    }),
  );

  router.post(
    "/markets/:code/connections",
    route(async (req, res) => {
      const { connection, created } = await service.requestConnection(code(req), await actorOf(req), req.body);
      res.status(created ? 201 : 200).json({ connection });
    }),
  );

  router.post(
    "/markets/:code/connections/:id/:answer(accept|decline)",
    route(async (req, res) => {
      const connection = await service.respondToConnection(code(req), await actorOf(req), String(req.params.id), req.params.answer);
      res.json({ connection });
    }),
  );

  router.post("/markets/:code/phase", route(async (req, res) => void res.json(await service.changePhase(code(req), await actorOf(req), req.body))));

  router.get("/markets/:code/follow-ups", route(async (req, res) => void res.json({ followUps: await service.followUps(code(req), await actorOf(req)) })));

  router.get(
    "/markets/:code/export.:format(csv|json)",
    route(async (req, res) => {
      const data = await service.exportFor(code(req), await actorOf(req));
      const csv = req.params.format === "csv";
      res
        .type(csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8")
        .attachment(exportFileName(data, csv ? "connections.csv" : "json"))
        .send(csv ? connectionsCsv(data) : marketJson(data));
    }),
  );

  router.use((_req: Request, res: Response) => {
    res.status(404).json({ error: { code: "not_found", message: "No such API route." } });
  });

  // Express calls a four-argument function with the error; body-parser's errors carry a status.
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const parserError = error as { type?: string; status?: number };
    if (parserError.type === "entity.parse.failed") {
      res.status(400).json({ error: { code: "invalid_json", message: "The request body is not valid JSON." } });
    } else if (parserError.type === "entity.too.large") {
      res.status(413).json({ error: { code: "too_large", message: "The request body is too large." } });
    } else if (parserError.type === "encoding.unsupported" || parserError.type === "charset.unsupported") {
      res.status(415).json({ error: { code: "unsupported_encoding", message: "Send the body as UTF-8 JSON." } });
    } else if (typeof parserError.status === "number" && parserError.status >= 400 && parserError.status < 500) {
      // Express's own refusals, e.g. a path segment that is not valid percent-encoded UTF-8.
      res.status(parserError.status).json({ error: { code: "bad_request", message: "The request could not be read (check the address and body)." } });
    } else {
      const { status, body, headers } = httpError(error);
      if (headers) res.set(headers);
      res.status(status).json(body);
    }
  });

  return router;
}
