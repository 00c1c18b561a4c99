// One Express app, one HTTP server, one port: the JSON API, socket.io and Remix (Vite middleware
// in development, the built app in production).
import { createServer, type Server as HttpServer } from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { Config } from "./config.ts";
import { apiRouter } from "./http/api.ts";
import { answerMalformedRequests } from "./http/malformed-requests.ts";
import { sameOriginChanges, securityHeaders } from "./http/security-headers.ts";
import { createLoadContext } from "./load-context.ts";
import { FacilitationService } from "./market/facilitation-service.ts";
import { prepareMatching } from "./market/matching.ts";
import { MarketService } from "./market/service.ts";
import { scheduleRoundTimeUps } from "./realtime/round-timers.ts";
import { attachRealtime } from "./realtime/socket-server.ts";
import { healthRouter } from "./http/health.ts";
import { openStore } from "./store/open-store.ts";
import { serverMetrics } from "./http/metrics.ts";
import { requestLog } from "./logger.ts";
import { startRetentionSweep } from "./retention-sweep.ts";
import { ROOT } from "./root.ts";

export interface RunningServer {
  httpServer: HttpServer;
  service: MarketService;
  close(): Promise<void>;
}


export async function createMarketServer(config: Config): Promise<RunningServer> {
  const { store, liveAdapter, closeLive, rateLimiters, lease } = await openStore(config);
  prepareMatching();
  const metrics = serverMetrics();
  const service = new MarketService(metrics.timed(store), { limits: config.limits, rateLimiters, timeStep: metrics.timeStep });
  const facilitation = new FacilitationService(service);
  // One node at a time runs the round timers and the retention sweep; the one holding the lease
  // at start does so before listening: turns that ran out while it was down are marked first,
  // and nothing expired is served.
  await lease.hold(async () => {
    const stopRoundTimers = await scheduleRoundTimeUps(service, facilitation, store);
    const stopRetention = await startRetentionSweep(service, config);
    return () => {
      stopRoundTimers();
      stopRetention();
    };
  });
  const app = express();
  const httpServer = createServer(app);
  const io = attachRealtime(httpServer, service, { adapter: liveAdapter, timeStep: metrics.timeStep });
  metrics.watch(service, () => io.engine.clientsCount, () => lease.held);
  answerMalformedRequests(httpServer);
  // Markets load on demand; one nobody touched for a while is let go until it is needed again.
  const idleMs = config.marketIdleMinutes * 60_000;
  const unloadTimer = setInterval(() => service.unloadIdle(idleMs), Math.min(idleMs, 60_000));
  unloadTimer.unref();

  app.disable("x-powered-by");
  // No ETag on the API's answers: each one is read once (a snapshot carries the server's clock,
  // so no two are alike), and hashing a 1,000-person room's snapshot cost a millisecond a phone.
  // Static files keep theirs (serve-static sets its own).
  app.disable("etag");
  app.set("trust proxy", config.trustProxy);
  app.use(healthRouter({ store: () => store.ping() }));
  app.use(metrics.router());
  app.use(requestLog());
  app.use(compression());
  app.use(securityHeaders(config.mode));
  app.use(sameOriginChanges());
  app.use("/api", apiRouter(service, config, facilitation, metrics.timeStep));

  const vite =
    config.mode === "development"
      ? await import("vite").then((v) =>
          v.createServer({
            root: ROOT,
            // HMR shares our HTTP server instead of opening its own port (24678).
            server: { middlewareMode: true, hmr: { server: httpServer }, allowedHosts: true },
          }),
        )
      : undefined;
  if (vite) {
    app.use(vite.middlewares);
  } else {
    const client = path.join(ROOT, "build/client");
    app.use("/assets", express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(client, { maxAge: "1h" }));
  }
  const build = vite
    ? () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
    : ((await import(path.join(ROOT, "build/server/index.js"))) as ServerBuild);
  const loadContext = createLoadContext(service, config, facilitation);
  app.all("*", createRequestHandler({ build, mode: config.mode, getLoadContext: (req, res) => ({ ...loadContext, clientAddress: req.ip, cspNonce: res.locals.cspNonce as string }) }));

  return {
    httpServer,
    service,
    async close() {
      await lease.close();
      clearInterval(unloadTimer);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await closeLive();
      await vite?.close();
      await store.close();
    },
  };
}
