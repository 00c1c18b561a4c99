// Which store the server runs on: PostgreSQL when DATABASE_URL is set (several nodes share it, and
// live events cross nodes through socket.io's PostgreSQL adapter on the same database), else the
// lowdb files under DATA_DIR (one node, the one-command start).
import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import type { Config } from "../config.ts";
import type { RateLimiterStore } from "../market/limits.ts";
import type { MarketStore } from "../market/store-port.ts";
import { LowdbMarketStore } from "./lowdb-store.ts";
import { soleNodeLease, type Lease } from "../lease.ts";
import { PostgresAdvisoryLease } from "./postgres-lease.ts";
import { postgresLimiters } from "./postgres-rate-limits.ts";
import { PostgresMarketStore } from "./postgres-store.ts";

/** One listens for the other nodes; the rest send, each market's messages one at a time (ordered-publishes.ts). */
const LIVE_CONNECTIONS = 4;

export interface OpenedStore {
  store: MarketStore;
  /** For socket.io (`io.adapter(...)`) when several nodes share the store. */
  liveAdapter?: ReturnType<typeof createAdapter>;
  /** Ends what the live adapter holds (after socket.io has closed). */
  closeLive(): Promise<void>;
  /** Where the abuse limits count, when several nodes share them (else each node's memory). */
  rateLimiters?: RateLimiterStore;
  /** Held by the one node that runs the round timers and the retention sweep. */
  lease: Lease;
}

export async function openStore(config: Pick<Config, "databaseUrl" | "dataDir" | "store">): Promise<OpenedStore> {
  if (!config.databaseUrl) return { store: await LowdbMarketStore.open(config.dataDir, config.store), lease: soleNodeLease(), closeLive: async () => {} };
  const store = await PostgresMarketStore.open(config.databaseUrl);
  // The live messages have connections of their own: a message held up in the database (one over
  // 8 kB is an INSERT, then a NOTIFY) never takes the connections the store's commits need.
  const livePool = new pg.Pool({ connectionString: config.databaseUrl, max: LIVE_CONNECTIONS });
  const liveAdapter = createAdapter(livePool, { errorHandler: (error) => console.error("socket.io PostgreSQL adapter:", error.message) });
  return {
    store,
    liveAdapter,
    closeLive: () => livePool.end(),
    rateLimiters: postgresLimiters(store.pool),
    lease: new PostgresAdvisoryLease(config.databaseUrl),
  };
}
