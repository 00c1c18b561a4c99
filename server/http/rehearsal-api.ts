// Prepared ahead over JSON (server/market/rehearsal.ts): start or end a rehearsal, preview what a
// reset removes (GET), and reset with the host's confirmation (POST).
import type { NextFunction, Request, Response, Router } from "express";
import type { Actor, MarketService } from "../market/service.ts";

type Route = (handler: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => void;

export function rehearsalRoutes(router: Router, service: MarketService, route: Route, actorOf: (req: Request) => Promise<Actor>): void {
  const code = (req: Request) => String(req.params.code ?? "");
  router.post("/markets/:code/rehearsal", route(async (req, res) => void res.json({ rehearsal: await service.setRehearsal(code(req), await actorOf(req), req.body) })));
  router.get("/markets/:code/reset", route(async (req, res) => void res.json(await service.resetPreview(code(req), await actorOf(req)))));
  router.post("/markets/:code/reset", route(async (req, res) => void res.json({ removed: await service.resetMarket(code(req), await actorOf(req), req.body) })));
}
