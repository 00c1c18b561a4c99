// Abuse limits: how fast one participant may post or ask to connect, how fast people may join a
// market (per market and per network address), how many markets one address may start, and caps
// on the size of a market. The market service asks these; transports only turn a refusal into
// their own form (HTTP 429 with Retry-After, a message on the page).
//
// A whole hall often shares one public address (venue Wi-Fi behind one NAT), so the per-address
// join limit is set far above a room's worth: 1,000 phones joining one market within a minute
// pass with room to spare; only floods well beyond that are stopped.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { MarketError } from "./errors.ts";

export interface MarketLimitsConfig {
  postsPerMinutePerParticipant: number;
  connectionRequestsPerMinutePerParticipant: number;
  joinsPerMinutePerMarket: number;
  joinsPerMinutePerAddress: number;
  marketsPerHourPerAddress: number;
  maxParticipantsPerMarket: number;
  maxPostsPerMarket: number;
}

export const DEFAULT_LIMITS: MarketLimitsConfig = {
  postsPerMinutePerParticipant: 30,
  connectionRequestsPerMinutePerParticipant: 30,
  joinsPerMinutePerMarket: 3000,
  joinsPerMinutePerAddress: 3000,
  marketsPerHourPerAddress: 60,
  maxParticipantsPerMarket: 2000,
  maxPostsPerMarket: 10000,
};

type Rule = "post" | "connect" | "joinMarket" | "joinAddress" | "createMarket";

const MESSAGES: Record<Rule, (seconds: number) => string> = {
  post: (s) => `You are posting very fast. Take a breath and try again in ${s} s.`,
  connect: (s) => `That is a lot of requests in a short time. Try again in ${s} s.`,
  joinMarket: (s) => `Lots of people are joining right now. Please try again in ${s} s.`,
  joinAddress: (s) => `Too many joins from this network right now. Please try again in ${s} s.`,
  createMarket: (s) => `Too many markets started from this network. Try again in ${s} s.`,
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
      throw new MarketError("too_many", "rate_limited", MESSAGES[rule](seconds), undefined, seconds);
    }
  }

  requireRoomForParticipant(count: number): void {
    if (count >= this.config.maxParticipantsPerMarket) {
      throw new MarketError("conflict", "market_full", `This market is full (${this.config.maxParticipantsPerMarket} people). Please ask the host.`);
    }
  }

  requireRoomForPost(count: number): void {
    if (count >= this.config.maxPostsPerMarket) {
      throw new MarketError("conflict", "market_full_posts", `This market has reached its limit of ${this.config.maxPostsPerMarket} posts.`);
    }
  }
}
