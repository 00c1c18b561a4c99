// The facilitator's JSON API: parse, call one facilitation command, shape the answer.
import type { NextFunction, Request, Response, Router } from "express";
import type { FacilitationService } from "../market/facilitation-service.ts";
import type { Actor } from "../market/service.ts";

type Route = (handler: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => void;

export function facilitationRoutes(router: Router, facilitation: FacilitationService, route: Route, actorOf: (req: Request) => Promise<Actor>): void {
  const code = (req: Request) => String(req.params.code ?? "");
  const param = (req: Request, name: string) => String(req.params[name] ?? "");

  router.post("/markets/:code/agenda", route(async (req, res) => void res.json({ agenda: await facilitation.agenda(code(req), await actorOf(req), req.body) })));
  router.post("/markets/:code/round", route(async (req, res) => void res.json({ round: await facilitation.round(code(req), await actorOf(req), req.body) })));
  router.post(
    "/markets/:code/groups",
    route(async (req, res) => {
      await facilitation.groups(code(req), await actorOf(req), req.body);
      res.json({ ok: true });
    }),
  );
  router.put("/markets/:code/categories", route(async (req, res) => void res.json({ categories: await facilitation.setCategories(code(req), await actorOf(req), req.body) })));
  router.post(
    "/markets/:code/projector-view",
    route(async (req, res) => {
      await facilitation.setProjectorView(code(req), await actorOf(req), req.body);
      res.json({ ok: true });
    }),
  );
  router.post(
    "/markets/:code/projector-category",
    route(async (req, res) => void res.json({ category: await facilitation.setProjectorCategory(code(req), await actorOf(req), req.body) })),
  );
  router.post(
    "/markets/:code/language",
    route(async (req, res) => {
      await facilitation.setLanguage(code(req), await actorOf(req), req.body);
      res.json({ ok: true });
    }),
  );
  // Cards for later, and cards written to answer someone's (posted now if their kind is open).
  router.get("/markets/:code/drafts", route(async (req, res) => void res.json({ drafts: await facilitation.drafts.of(code(req), await actorOf(req)) })));
  router.post(
    "/markets/:code/drafts",
    route(async (req, res) => {
      const saved = await facilitation.drafts.save(code(req), await actorOf(req), req.body);
      res.status(201).json(saved);
    }),
  );
  router.delete(
    "/markets/:code/drafts/:draftId",
    route(async (req, res) => {
      await facilitation.drafts.discard(code(req), await actorOf(req), param(req, "draftId"));
      res.json({ ok: true });
    }),
  );
  router.post("/markets/:code/posts/:postId/star", route(async (req, res) => void res.json({ post: await facilitation.starNeed(code(req), await actorOf(req), param(req, "postId")) })));
  router.post(
    "/markets/:code/posts/:postId/hide",
    route(async (req, res) => {
      await facilitation.hidePost(code(req), await actorOf(req), param(req, "postId"), req.body ?? {});
      res.json({ hidden: true });
    }),
  );
  router.post(
    "/markets/:code/posts/:postId/unhide",
    route(async (req, res) => {
      await facilitation.unhidePost(code(req), await actorOf(req), param(req, "postId"));
      res.json({ hidden: false });
    }),
  );
  router.delete(
    "/markets/:code/participants/:participantId",
    route(async (req, res) => {
      await facilitation.removeParticipant(code(req), await actorOf(req), param(req, "participantId"));
      res.json({ removed: true });
    }),
  );
  router.post("/markets/:code/joining", route(async (req, res) => void res.json({ locked: await facilitation.lockJoining(code(req), await actorOf(req), req.body) })));
  router.get("/markets/:code/moderation", route(async (req, res) => void res.json(await facilitation.moderationView(code(req), await actorOf(req)))));
}
