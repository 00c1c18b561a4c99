// The host's room tools over JSON (host-room-tools.ts): each tool is a GET that previews and a
// POST that confirms the previewed list; and the market's cap from the expected attendance.
import type { NextFunction, Request, Response, Router } from "express";
import type { HostRoomTools } from "../market/host-room-tools.ts";
import type { Actor } from "../market/service.ts";

type Route = (handler: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => void;

export function roomToolsRoutes(router: Router, tools: HostRoomTools, route: Route, actorOf: (req: Request) => Promise<Actor>): void {
  const code = (req: Request) => String(req.params.code ?? "");
  const person = (req: Request) => String(req.params.participantId ?? "");
  const base = "/markets/:code/room-tools";

  router.get(`${base}/burst-joiners`, route(async (req, res) => void res.json({ people: await tools.burstJoiners(code(req), await actorOf(req)) })));
  router.post(`${base}/burst-joiners/remove`, route(async (req, res) => void res.json(await tools.removeBurstJoiners(code(req), await actorOf(req), req.body))));
  router.get(`${base}/posts-of/:participantId`, route(async (req, res) => void res.json({ posts: await tools.visiblePostsOf(code(req), await actorOf(req), person(req)) })));
  router.post(`${base}/posts-of/:participantId/hide`, route(async (req, res) => void res.json(await tools.hidePostsOf(code(req), await actorOf(req), person(req), req.body))));
  router.get(`${base}/fastest-posters`, route(async (req, res) => void res.json({ posters: await tools.fastestPosters(code(req), await actorOf(req)) })));
  router.get("/markets/:code/capacity", route(async (req, res) => void res.json(await tools.capacity(code(req), await actorOf(req)))));
  router.put("/markets/:code/capacity", route(async (req, res) => void res.json(await tools.setCapacity(code(req), await actorOf(req), req.body))));
}
