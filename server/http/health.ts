// For the load balancer: /healthz says the process is alive (it answers); /readyz says it can
// serve (the store answers, and so do the other nodes' channel when there is one). No details
// that could help an attacker: which check failed, never why.
import { Router } from "express";

export type ReadinessCheck = () => Promise<void>;

export function healthRouter(checks: Record<string, ReadinessCheck>): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => void res.json({ status: "ok" }));
  router.get("/readyz", async (_req, res) => {
    const failed: string[] = [];
    await Promise.all(Object.entries(checks).map(([name, check]) => withTimeout(check(), 2_000).catch(() => failed.push(name))));
    res.status(failed.length ? 503 : 200).json(failed.length ? { status: "unavailable", failing: failed.sort() } : { status: "ready" });
  });
  return router;
}

function withTimeout(check: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([check, new Promise<void>((_, reject) => (timer = setTimeout(() => reject(new Error("timed out")), ms)))]).finally(() => clearTimeout(timer));
}
