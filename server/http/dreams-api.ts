// Dreams over JSON (circles.ts, suggestions.ts): gathering around a dream, its author accepting
// people into its circle, my circles, what fits a dream and which dreams fit my cards, and saying
// what happened after a connection or circle (follow-through).
import type { NextFunction, Request, Response, Router } from "express";
import type { Actor, MarketService } from "../market/service.ts";

type Route = (handler: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => void;
type ActorOf = (req: Request) => Promise<Actor>;

export function dreamsRoutes(router: Router, service: MarketService, route: Route, actors: { actorOf: ActorOf; participantOf: ActorOf }): void {
  const { actorOf, participantOf } = actors;
  const code = (req: Request) => String(req.params.code ?? "");
  const dream = (req: Request) => String(req.params.dreamId ?? "");
  const limit = (req: Request) => (typeof req.query.limit === "string" ? Number.parseInt(req.query.limit, 10) || undefined : undefined);

  router.get("/markets/:code/circles", route(async (req, res) => void res.json({ circles: await service.myCircles(code(req), await participantOf(req)) })));
  router.post("/markets/:code/dreams/:dreamId/gather", route(async (req, res) => void res.status(201).json({ circle: await service.gather(code(req), await participantOf(req), dream(req), req.body) })));
  router.post(
    "/markets/:code/dreams/:dreamId/accept/:participantId",
    route(async (req, res) => void res.json({ circle: await service.acceptIntoCircle(code(req), await participantOf(req), dream(req), String(req.params.participantId)) })),
  );
  router.get("/markets/:code/dreams/:dreamId/suggestions", route(async (req, res) => void res.json({ suggestions: await service.dreamFits(code(req), await actorOf(req), dream(req), limit(req)) })));
  router.get("/markets/:code/dream-suggestions", route(async (req, res) => void res.json({ suggestions: await service.dreamsForMe(code(req), await participantOf(req), limit(req)) })));
  router.post("/markets/:code/follow-through", route(async (req, res) => void res.json({ followThrough: await service.markFollowThrough(code(req), await participantOf(req), req.body) })));
}
