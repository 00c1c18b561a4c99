// The public JSON API: parse the request, call one market service function, shape the answer.
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { Config } from "../config.ts";
import { circlesCsv, connectionsCsv, exportFileName, followUpsText, postsCsv } from "../market/exports.ts";
import { IMPORT_MAX_BYTES } from "../market/import-market.ts";
import { importBody } from "./import-body.ts";
import { sendJsonParts } from "./json-parts-body.ts";
import { marketJson } from "../market/market-export.ts";
import { followUpsVcf, participantsVcf, personalLinkVcf } from "../market/vcard.ts";
import { marketXlsx } from "../market/xlsx-export.ts";
import { personalLinkPath } from "../market/personal-codes.ts";
import { normalizeJoinCode } from "../market/identity.ts";
import { notFound } from "../market/errors.ts";
import { secondsSince, untimed, type TimeStep } from "../market/change-steps.ts";
import type { Actor, HostExport, MarketService } from "../market/service.ts";
import type { FacilitationService } from "../market/facilitation-service.ts";
import { httpError, refusalBody } from "./errors.ts";
import { facilitationRoutes } from "./facilitation-api.ts";
import { dreamsRoutes } from "./dreams-api.ts";
import { rehearsalRoutes } from "./rehearsal-api.ts";
import { roomToolsRoutes } from "./room-tools-api.ts";
import { HostRoomTools } from "../market/host-room-tools.ts";
import { publicOrigin } from "./public-url.ts";
import { bearerToken, clearCookie, cookieSecretAs, readCookie, secretFromHeaders } from "./sessions.ts";
import { toWebRequest } from "./web-request.ts";

type Handler = (req: Request, res: Response) => Promise<void>;

export function apiRouter(service: MarketService, config: Config, facilitation?: FacilitationService, timeStep: TimeStep = untimed): Router {
  const router = express.Router();
  const route = (handler: Handler) => (req: Request, res: Response, next: NextFunction) => {
    // A change's way in: from its arrival (metrics.ts stamps it) through the middleware, the body and the router.
    if (typeof res.locals.arrivedAt === "number") timeStep("request", secondsSince(res.locals.arrivedAt));
    handler(req, res).catch(next);
  };
  const actorOf = (req: Request): Promise<Actor> => service.authenticate(code(req), secretFromHeaders(req.headers, code(req)));
  const participantOf = (req: Request): Promise<Actor> => service.authenticate(code(req), secretFromHeaders(req.headers, code(req), "participant"));
  const code = (req: Request): string => String(req.params.code ?? "");
  const origin = (req: Request) => publicOrigin(config, toWebRequest(req));
  const createdAnswer = (req: Request, market: { id: string; code: string }, hostKey: string) => {
    const base = origin(req);
    return {
      id: market.id,
      code: market.code,
      hostKey,
      hostUrl: `${base}/host/${market.id}?key=${encodeURIComponent(hostKey)}`,
      screenUrl: `${base}/screen/${market.code}`,
      joinUrl: `${base}/join/${market.code}`,
    };
  };

  const personal = (req: Request, participantId: string, personalCode: string) => ({
    participantId,
    personalCode,
    personalUrl: `${origin(req)}${personalLinkPath(normalizeJoinCode(code(req)), personalCode)}`,
  });

  // A whole market's JSON export is far larger than any command: its own body limit, before the
  // 16 kB one that guards every other route, and parsed off the main thread (import-body.ts).
  router.post(
    "/markets/import",
    importBody(IMPORT_MAX_BYTES),
    route(async (req, res) => {
      const { market, hostKey } = await service.importMarket(req.body, { address: req.ip });
      res.status(201).json(createdAnswer(req, market, hostKey));
    }),
  );

  router.use(express.json({ limit: "16kb", strict: false, type: () => true }));

  router.post(
    "/markets",
    route(async (req, res) => {
      const { market, hostKey } = await service.createMarket(req.body, { address: req.ip });
      res.status(201).json(createdAnswer(req, market, hostKey));
    }),
  );

  router.get("/markets/:code", route(async (req, res) => void res.json(await service.summary(code(req)))));
  // What a screen draws, as its page loader gives it: a live client that reconnects or falls
  // behind catches up from here (no token: the projector's view). A page names its role (`?as=`)
  // as its socket does, so a phone that is also its market's host's browser gets the phone's view.
  const screenOf = (req: Request): Promise<Actor> =>
    req.query.as === undefined ? actorOf(req) : service.authenticate(code(req), bearerToken(req.headers.authorization) ?? cookieSecretAs(req.headers.cookie, req.query.as, code(req)));
  router.get("/markets/:code/snapshot", route(async (req, res) => sendJsonParts(req, res, await service.snapshotJson(code(req), await screenOf(req)))));

  router.delete(
    "/markets/:code",
    route(async (req, res) => {
      await service.deleteMarket(code(req), await actorOf(req));
      res.json({ deleted: true });
    }),
  );

  router.delete(
    "/markets/:code/participants/me",
    route(async (req, res) => {
      // A person the host removed keeps the right to erase their data: their token opens this door.
      const actor = await service.authenticateToErase(code(req), secretFromHeaders(req.headers, code(req), "participant"));
      await service.leaveMarket(code(req), actor);
      res.set("Set-Cookie", clearCookie("participant", code(req))).json({ left: true });
    }),
  );

  router.post(
    "/markets/:code/participants",
    route(async (req, res) => {
      const { participant, token, personalCode } = await service.joinMarket(code(req), req.body, { address: req.ip });
      res.status(201).json({ token, ...personal(req, participant.id, personalCode) });
    }),
  );

  // Nobody loses their place (server/market/personal-codes.ts).
  router.post(
    "/markets/:code/come-back",
    route(async (req, res) => {
      const typed = (req.body as { personalCode?: unknown } | null)?.personalCode;
      const { participant, token } = await service.comeBack(code(req), typed, { address: req.ip });
      res.json({ participantId: participant.id, token });
    }),
  );
  // The personal link as a contact card, while the phone still shows it (the code is kept only in
  // this browser's cookie until the person says they kept it).
  router.get(
    "/markets/:code/participants/me/personal.vcf",
    route(async (req, res) => {
      const actor = await participantOf(req);
      const [me, summary] = await Promise.all([service.participant(code(req), actor), service.summary(code(req))]);
      const personalCode = readCookie(req.headers.cookie, "personal", summary.code);
      if (!personalCode) throw notFound("participant");
      const { personalUrl } = personal(req, me.id, personalCode);
      res
        .type("text/vcard; charset=utf-8")
        .attachment(exportFileName({ market: summary }, "my-place.vcf"))
        .send(personalLinkVcf({ participantId: me.id, marketTitle: summary.title, link: personalUrl, personalCode }));
    }),
  );
  router.post(
    "/markets/:code/participants/me/personal-code",
    route(async (req, res) => {
      const made = await service.newPersonalCode(code(req), await participantOf(req));
      res.status(201).json(personal(req, made.participantId, made.personalCode));
    }),
  );
  router.post(
    "/markets/:code/participants/:participantId/personal-code",
    route(async (req, res) => {
      const made = await service.newPersonalCode(code(req), await actorOf(req), String(req.params.participantId));
      res.status(201).json(personal(req, made.participantId, made.personalCode));
    }),
  );
  router.delete(
    "/markets/:code/participants/:participantId/personal-code",
    route(async (req, res) => {
      await service.revokePersonalCode(code(req), await actorOf(req), String(req.params.participantId));
      res.json({ revoked: true });
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

  router.get(
    "/markets/:code/suggestions",
    route(async (req, res) => {
      const postId = typeof req.query.post === "string" ? req.query.post : undefined;
      const limit = typeof req.query.limit === "string" ? Number.parseInt(req.query.limit, 10) || undefined : undefined;
      res.json({ suggestions: await service.suggestions(code(req), await actorOf(req), { postId, limit }) });
    }),
  );

  router.post("/markets/:code/phase", route(async (req, res) => void res.json(await service.changePhase(code(req), await actorOf(req), req.body))));

  router.get(
    "/markets/:code/follow-ups",
    route(async (req, res) => {
      const actor = await participantOf(req);
      res.json({ followUps: await service.followUps(code(req), actor), circles: await service.circleFollowUps(code(req), actor) });
    }),
  );

  dreamsRoutes(router, service, route, { actorOf, participantOf });

  router.get(
    "/markets/:code/follow-ups.:format(vcf|txt)",
    route(async (req, res) => {
      const actor = await participantOf(req);
      const [followUps, circles, me, summary] = await Promise.all([
        service.followUps(code(req), actor),
        service.circleFollowUps(code(req), actor),
        service.participant(code(req), actor),
        service.summary(code(req)),
      ]);
      const vcf = req.params.format === "vcf";
      res
        .type(vcf ? "text/vcard; charset=utf-8" : "text/plain; charset=utf-8")
        .attachment(exportFileName({ market: summary }, vcf ? "follow-ups.vcf" : "follow-ups.txt"))
        .send(vcf ? followUpsVcf(summary.title, followUps, circles) : followUpsText(summary.title, me.name, followUps, circles));
    }),
  );

  const EXPORTS = {
    csv: { type: "text/csv; charset=utf-8", suffix: "connections.csv", body: connectionsCsv },
    "posts.csv": { type: "text/csv; charset=utf-8", suffix: "offers-and-needs.csv", body: postsCsv },
    "circles.csv": { type: "text/csv; charset=utf-8", suffix: "circles.csv", body: circlesCsv },
    json: { type: "application/json; charset=utf-8", suffix: "json", body: (data: HostExport) => marketJson(data) },
    vcf: { type: "text/vcard; charset=utf-8", suffix: "contacts.vcf", body: participantsVcf },
    xlsx: { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", suffix: "xlsx", body: marketXlsx },
  } as const;
  const hostExport = (format: keyof typeof EXPORTS) =>
    route(async (req, res) => {
      const data = await service.exportFor(code(req), await actorOf(req));
      const { type, suffix, body } = EXPORTS[format];
      res.type(type).attachment(exportFileName(data, suffix)).send(await body(data));
    });
  router.get("/markets/:code/export.csv", hostExport("csv"));
  router.get("/markets/:code/export-posts.csv", hostExport("posts.csv"));
  router.get("/markets/:code/export-circles.csv", hostExport("circles.csv"));
  router.get("/markets/:code/export.json", hostExport("json"));
  router.get("/markets/:code/export.vcf", hostExport("vcf"));
  router.get("/markets/:code/export.xlsx", hostExport("xlsx"));

  rehearsalRoutes(router, service, route, actorOf);
  if (facilitation) facilitationRoutes(router, facilitation, route, actorOf);
  if (facilitation) roomToolsRoutes(router, new HostRoomTools(service, facilitation, service.limits), route, actorOf);

  router.use((_req: Request, res: Response) => {
    res.status(404).json(refusalBody("route_not_found"));
  });

  // Express calls a four-argument function with the error; body-parser's errors carry a status.
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const parserError = error as { type?: string; status?: number };
    if (parserError.type === "entity.parse.failed") {
      res.status(400).json(refusalBody("invalid_json"));
    } else if (parserError.type === "entity.too.large") {
      res.status(413).json(refusalBody("too_large"));
    } else if (parserError.type === "encoding.unsupported" || parserError.type === "charset.unsupported") {
      res.status(415).json(refusalBody("unsupported_encoding"));
    } else if (typeof parserError.status === "number" && parserError.status >= 400 && parserError.status < 500) {
      // Express's own refusals, e.g. a path segment that is not valid percent-encoded UTF-8.
      res.status(parserError.status).json(refusalBody("bad_request"));
    } else {
      const { status, body, headers } = httpError(error);
      if (headers) res.set(headers);
      res.status(status).json(body);
    }
  });

  return router;
}
