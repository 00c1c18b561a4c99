// The abuse limits' counts in PostgreSQL, through rate-limiter-flexible's own store on the same
// pool, so a limit spent on one node counts on every node (docs/decisions/015-several-nodes.md).
// One table for every rule (migration 3); each rule's keys carry its name.
import type pg from "pg";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import type { RateLimiterStore } from "../market/limits.ts";

export function postgresLimiters(pool: pg.Pool): RateLimiterStore {
  let sweeper = true;
  return ({ name, points, duration }) => {
    // One limiter per node clears expired counts (every 5 minutes); the table is shared by all rules.
    const clearExpiredByTimeout = sweeper;
    sweeper = false;
    return new RateLimiterPostgres({ storeClient: pool, storeType: "pool", tableName: "rate_limits", tableCreated: true, clearExpiredByTimeout, keyPrefix: name, points, duration });
  };
}
