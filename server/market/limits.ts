// Abuse limits: how fast one participant may post or ask to connect, how fast people may join a
// market (per market and per network address), how many markets one address may start, and caps
// on the size of a market. The market service asks these; transports only turn a refusal into
// their own form (HTTP 429 with Retry-After, a message on the page).
//
// A whole hall often shares one public address (venue Wi-Fi behind one NAT), so the per-address
// join limit is set far above a room's worth: 1,000 phones joining one market within a minute
// pass with room to spare; only floods well beyond that are stopped.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { conflict, MarketError } from "./errors.ts";
import type { RefusalCode } from "./refusals.ts";

export interface MarketLimitsConfig {
  postsPerMinutePerParticipant: number;
  connectionRequestsPerMinutePerParticipant: number;
  joinsPerMinutePerMarket: number;
  joinsPerMinutePerAddress: number;
  marketsPerHourPerAddress: number;
  maxParticipantsPerMarket: number;
  maxPostsPerMarket: number;
  maxConnectionsPerMarket: number;
}

export const DEFAULT_LIMITS: MarketLimitsConfig = {
  postsPerMinutePerParticipant: 30,
  connectionRequestsPerMinutePerParticipant: 30,
  joinsPerMinutePerMarket: 3000,
  joinsPerMinutePerAddress: 3000,
  marketsPerHourPerAddress: 60,
  maxParticipantsPerMarket: 2000,
  maxPostsPerMarket: 10000,
  maxConnectionsPerMarket: 50000,
};

type Rule = "post" | "connect" | "joinMarket" | "joinAddress" | "createMarket";

const REFUSAL: Record<Rule, RefusalCode> = {
  post: "rate_limited_post",
  connect: "rate_limited_connect",
  joinMarket: "rate_limited_join",
  joinAddress: "rate_limited_join_network",
  createMarket: "rate_limited_markets",
};

export class MarketLimits {
  private readonly limiters: Record<Rule, RateLimiterMemory>;

  constructor(readonly config: MarketLimitsConfig = DEFAULT_LIMITS) {
    const perMinute = (points: number) => new RateLimiterMemory({ points, duration: 60 });
    this.limiters = {
      post: perMinute(config.postsPerMinutePerParticipant),
      connect: perMinute(config.connectionRequestsPerMinutePerParticipant),
      joinMarket: perMinute(config.joinsPerMinutePerMarket),
      joinAddress: perMinute(config.joinsPerMinutePerAddress),
      createMarket: new RateLimiterMemory({ points: config.marketsPerHourPerAddress, duration: 60 * 60 }),
    };
  }

  /** Counts one use of a rule for a key, or refuses with too_many and a retry time. */
  async consume(rule: Rule, key: string): Promise<void> {
    try {
      await this.limiters[rule].consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new MarketError("too_many", REFUSAL[rule], { seconds }, undefined, seconds);
    }
  }

  requireRoomForParticipant(count: number): void {
    if (count >= this.config.maxParticipantsPerMarket) {
      throw conflict("market_full", { max: this.config.maxParticipantsPerMarket });
    }
  }

  requireRoomForConnection(count: number): void {
    if (count >= this.config.maxConnectionsPerMarket) {
      throw conflict("market_full_connections", { max: this.config.maxConnectionsPerMarket });
    }
  }

  requireRoomForPost(count: number): void {
    if (count >= this.config.maxPostsPerMarket) {
      throw conflict("market_full_posts", { max: this.config.maxPostsPerMarket });
    }
  }
}
