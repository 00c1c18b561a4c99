// Prometheus metrics at GET /metrics (prom-client): live sockets, market events published, store
// commit latency, markets held in memory, and the process's own (CPU, memory, event loop). Counts
// and timings only: nothing about who or what. Keep /metrics from the public internet at the proxy
// (deploy/nginx.conf does).
import type { Router } from "express";
import { Router as router } from "express";
import client from "prom-client";
import { secondsSince, type ChangeStep, type TimeStep } from "../market/change-steps.ts";
import type { MarketService } from "../market/service.ts";
import type { MarketCommit, MarketStore } from "../market/store-port.ts";

export interface ServerMetrics {
  registry: client.Registry;
  /** The store, with each commit timed. */
  timed(store: MarketStore): MarketStore;
  /** Times the steps of each change (change-steps.ts): the service and the live layer call it. */
  timeStep: TimeStep;
  /** Starts counting what the service publishes and what socket.io holds. */
  watch(service: MarketService, sockets: () => number, leading: () => boolean): void;
  router(): Router;
}

export function serverMetrics(): ServerMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const commitSeconds = new client.Histogram({
    name: "market_store_commit_seconds",
    help: "From handing a change to the store to its being durable (group commits included).",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const stepSeconds = new client.Histogram({
    name: "market_change_stage_seconds",
    help: "Each step of a change: http (a POST to the API), request (its way in: middleware, body, router), command, record, durable, publish, emit-wait, emit (server/market/change-steps.ts).",
    labelNames: ["stage"],
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const events = new client.Counter({ name: "market_events_total", help: "Market events published (rate() gives events per second).", registers: [registry] });
  const loads = new client.Counter({ name: "market_store_loads_total", help: "Markets read whole from the store: a first use, or a copy that fell behind and could not follow.", registers: [registry] });
  let sockets = () => 0;
  let loaded = () => 0;
  let leading = () => false;
  new client.Gauge({ name: "market_sockets", help: "socket.io connections to this node.", registers: [registry], collect() { this.set(sockets()); } });
  new client.Gauge({ name: "market_leader", help: "1 on the node running the round timers and the retention sweep (one node at a time), else 0.", registers: [registry], collect() { this.set(leading() ? 1 : 0); } });
  new client.Gauge({ name: "market_markets_loaded", help: "Markets held in memory on this node.", registers: [registry], collect() { this.set(loaded()); } });

  // Observed once the change's frames are out: prom-client's observe (a label check and a hash,
  // about 20 µs each) would otherwise sit six times on every change's way to the room.
  const steps: Array<[ChangeStep, number]> = [];
  const observeSteps = () => {
    for (const [stage, seconds] of steps.splice(0)) stepSeconds.observe({ stage }, seconds);
  };
  const timeStep: TimeStep = (stage, seconds) => {
    if (steps.push([stage, seconds]) === 1) setImmediate(observeSteps);
  };

  return {
    registry,
    timeStep,
    timed(store) {
      return {
        load(id) {
          loads.inc();
          return store.load(id);
        },
        idByCode: (code) => store.idByCode(code),
        listings: () => store.listings(),
        create: (market) => store.create(market),
        commit(id: string, change: MarketCommit) {
          const done = commitSeconds.startTimer();
          const committed = store.commit(id, change);
          committed.then(() => done(), () => {});
          return committed;
        },
        remove: (id, ifVersion) => store.remove(id, ifVersion),
        release: (id) => store.release(id),
        ...(store.onCommitted ? { onCommitted: (listener) => store.onCommitted!(listener) } : {}),
        ping: () => store.ping(),
        close: () => store.close(),
      } satisfies MarketStore;
    },
    watch(service, countSockets, holdsLease) {
      sockets = countSockets;
      leading = holdsLease;
      loaded = () => service.loadedMarkets;
      service.subscribe(() => events.inc());
    },
    router() {
      const r = router();
      // A change over the API, from its arrival to its answer sent (the other steps run inside it).
      // A path prefix, not a "/api/*" route: a route's wildcard is a parameter Express decodes, and
      // a path that is not valid UTF-8 would then fail here, outside the API's JSON refusals.
      r.use("/api", (req, res, next) => {
        if (req.method === "POST") {
          const arrived = performance.now();
          res.locals.arrivedAt = arrived;
          res.once("finish", () => timeStep("http", secondsSince(arrived)));
        }
        next();
      });
      r.get("/metrics", async (_req, res) => {
        observeSteps();
        res.type(registry.contentType).send(await registry.metrics());
      });
      return r;
    },
  };
}
