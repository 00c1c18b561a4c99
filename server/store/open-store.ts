// Which store the server runs on: PostgreSQL when DATABASE_URL is set (several nodes share it, and
// live events cross nodes through socket.io's PostgreSQL adapter on the same database), else the
// lowdb files under DATA_DIR (one node, the one-command start).
import { createAdapter } from "@socket.io/postgres-adapter";
import type { Config } from "../config.ts";
import type { RateLimiterStore } from "../market/limits.ts";
import type { MarketStore } from "../market/store-port.ts";
import { LowdbMarketStore } from "./lowdb-store.ts";
import { soleNodeLease, type Lease } from "../lease.ts";
import { PostgresAdvisoryLease } from "./postgres-lease.ts";
import { postgresLimiters } from "./postgres-rate-limits.ts";
import { PostgresMarketStore } from "./postgres-store.ts";

export interface OpenedStore {
  store: MarketStore;
  /** For socket.io (`io.adapter(...)`) when several nodes share the store. */
  liveAdapter?: ReturnType<typeof createAdapter>;
  /** Where the abuse limits count, when several nodes share them (else each node's memory). */
  rateLimiters?: RateLimiterStore;
  /** Held by the one node that runs the round timers and the retention sweep. */
  lease: Lease;
}

export async function openStore(config: Pick<Config, "databaseUrl" | "dataDir" | "store">): Promise<OpenedStore> {
  if (!config.databaseUrl) return { store: await LowdbMarketStore.open(config.dataDir, config.store), lease: soleNodeLease() };
  const store = await PostgresMarketStore.open(config.databaseUrl);
  const liveAdapter = createAdapter(store.pool, { errorHandler: (error) => console.error("socket.io PostgreSQL adapter:", error.message) });
  return { store, liveAdapter, rateLimiters: postgresLimiters(store.pool), lease: new PostgresAdvisoryLease(config.databaseUrl) };
}
