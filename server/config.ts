// Configuration, parsed and validated once at start-up. Everything else receives a Config.
import { z } from "zod";
import { DEFAULT_LIMITS, type MarketLimitsConfig } from "./market/limits.ts";
import { DEFAULT_STORE_OPTIONS } from "./store/lowdb-store.ts";

const limit = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./data"),
  /** The address phones use, e.g. https://market.example.org. Unset: taken from each request. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * When the host browses on localhost and PUBLIC_URL is unset, put this machine's Wi-Fi/LAN
   * address in the join link so phones in the room can reach it. "0" turns it off.
   */
  LAN_JOIN_URL: z.enum(["0", "1"]).default("1"),
  /** Trust X-Forwarded-* headers (behind a reverse proxy or tunnel). */
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  /** Days a market is kept after it closes; then it is deleted with everything in it. */
  RETENTION_DAYS: z.coerce.number({ error: "must be a number of days" }).int("must be a whole number of days").min(1).max(3650).default(30),
  /** How often the server looks for markets past their retention time (it also looks at start-up). */
  RETENTION_SWEEP_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  /** Abuse limits (server/market/limits.ts). The defaults let a 1,000-person hall behind one address join in a minute. */
  LIMIT_POSTS_PER_MINUTE: limit(DEFAULT_LIMITS.postsPerMinutePerParticipant),
  LIMIT_CONNECTION_REQUESTS_PER_MINUTE: limit(DEFAULT_LIMITS.connectionRequestsPerMinutePerParticipant),
  LIMIT_JOINS_PER_MINUTE_PER_MARKET: limit(DEFAULT_LIMITS.joinsPerMinutePerMarket),
  LIMIT_JOINS_PER_MINUTE_PER_ADDRESS: limit(DEFAULT_LIMITS.joinsPerMinutePerAddress),
  LIMIT_JOINS_PER_SECOND_PER_ADDRESS: limit(DEFAULT_LIMITS.joinsPerSecondPerAddress),
  LIMIT_JOIN_BURST_PER_ADDRESS: limit(DEFAULT_LIMITS.joinBurstPerAddress),
  LIMIT_MARKETS_PER_HOUR_PER_ADDRESS: limit(DEFAULT_LIMITS.marketsPerHourPerAddress),
  MAX_PARTICIPANTS_PER_MARKET: limit(DEFAULT_LIMITS.maxParticipantsPerMarket),
  MAX_POSTS_PER_MARKET: limit(DEFAULT_LIMITS.maxPostsPerMarket),
  MAX_CONNECTIONS_PER_MARKET: limit(DEFAULT_LIMITS.maxConnectionsPerMarket),
  LIMIT_WRONG_PERSONAL_CODES_PER_10_MINUTES_PER_ADDRESS: limit(DEFAULT_LIMITS.wrongPersonalCodesPer10MinutesPerAddress),
  LIMIT_WRONG_PERSONAL_CODES_PER_HOUR_PER_MARKET: limit(DEFAULT_LIMITS.wrongPersonalCodesPerHourPerMarket),
  /**
   * When a market's journal is compacted into a fresh snapshot: once it is larger than this many
   * bytes and larger than the snapshot, or once it holds this many records (docs/decisions/006).
   */
  JOURNAL_COMPACT_BYTES: limit(DEFAULT_STORE_OPTIONS.compactAfterBytes),
  JOURNAL_COMPACT_RECORDS: limit(DEFAULT_STORE_OPTIONS.compactAfterRecords),
  /**
   * A PostgreSQL connection string (postgres://user:password@host:5432/db). Set: every node shares
   * that database (server/store/postgres-store.ts). Unset: the lowdb files under DATA_DIR.
   */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional(),
  /** Markets nobody changed or read for this many minutes are let go from memory (they load again on demand). */
  MARKET_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** For crash tests only: pause this long between the system calls of a store write, so a kill lands inside one. */
  STORE_STEP_DELAY_MS: z.coerce.number().int().min(0).max(1000).default(0),
});

export interface Config {
  mode: "development" | "production";
  port: number;
  host: string;
  dataDir: string;
  publicUrl?: string;
  lanJoinUrl: boolean;
  trustProxy: boolean;
  retentionDays: number;
  retentionSweepMinutes: number;
  limits: MarketLimitsConfig;
  store: { compactAfterBytes: number; compactAfterRecords: number; onStep?: () => Promise<void> };
  /** Set: PostgreSQL is the store (a secret: never logged). */
  databaseUrl?: string;
  marketIdleMinutes: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    mode: e.NODE_ENV === "development" ? "development" : "production",
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ""),
    lanJoinUrl: e.LAN_JOIN_URL === "1",
    trustProxy: e.TRUST_PROXY === "1",
    retentionDays: e.RETENTION_DAYS,
    retentionSweepMinutes: e.RETENTION_SWEEP_MINUTES,
    limits: {
      postsPerMinutePerParticipant: e.LIMIT_POSTS_PER_MINUTE,
      connectionRequestsPerMinutePerParticipant: e.LIMIT_CONNECTION_REQUESTS_PER_MINUTE,
      joinsPerMinutePerMarket: e.LIMIT_JOINS_PER_MINUTE_PER_MARKET,
      joinsPerMinutePerAddress: e.LIMIT_JOINS_PER_MINUTE_PER_ADDRESS,
      joinsPerSecondPerAddress: e.LIMIT_JOINS_PER_SECOND_PER_ADDRESS,
      joinBurstPerAddress: e.LIMIT_JOIN_BURST_PER_ADDRESS,
      marketsPerHourPerAddress: e.LIMIT_MARKETS_PER_HOUR_PER_ADDRESS,
      maxParticipantsPerMarket: e.MAX_PARTICIPANTS_PER_MARKET,
      maxPostsPerMarket: e.MAX_POSTS_PER_MARKET,
      maxConnectionsPerMarket: e.MAX_CONNECTIONS_PER_MARKET,
      wrongPersonalCodesPer10MinutesPerAddress: e.LIMIT_WRONG_PERSONAL_CODES_PER_10_MINUTES_PER_ADDRESS,
      wrongPersonalCodesPerHourPerMarket: e.LIMIT_WRONG_PERSONAL_CODES_PER_HOUR_PER_MARKET,
    },
    databaseUrl: e.DATABASE_URL,
    marketIdleMinutes: e.MARKET_IDLE_MINUTES,
    store: {
      compactAfterBytes: e.JOURNAL_COMPACT_BYTES,
      compactAfterRecords: e.JOURNAL_COMPACT_RECORDS,
      ...(e.STORE_STEP_DELAY_MS ? { onStep: () => new Promise<void>((resolve) => setTimeout(resolve, e.STORE_STEP_DELAY_MS)) } : {}),
    },
  };
}
