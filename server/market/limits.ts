// Abuse limits: how fast one participant may post or ask to connect, how fast people may join a
// market (per market and per network address), how many markets one address may start, and caps
// on the size of a market. The market service asks these; transports only turn a refusal into
// their own form (HTTP 429 with Retry-After, a message on the page).
//
// A whole hall often shares one public address (venue Wi-Fi behind one NAT): 1,000 phones joining
// one market within a minute is about 17 a second. So joins from one address are paced at about
// that venue rate (20 a second sustained, with a burst allowance of 100 more per 10 seconds for
// the moment the QR code goes up), which a real room never meets and which stops a script from
// filling a market in seconds. A market's host may also cap it at the attendance they expect.
//
// Where the counts live is the server's choice (a RateLimiterStore): in this process's memory by
// default, in the shared database when several nodes serve (server/store/postgres-rate-limits.ts),
// so a limit spent on one node counts on every node. The rules stay here either way.
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { conflict, MarketError } from "./errors.ts";
import type { RefusalCode } from "./refusals.ts";

export interface MarketLimitsConfig {
  postsPerMinutePerParticipant: number;
  connectionRequestsPerMinutePerParticipant: number;
  joinsPerMinutePerMarket: number;
  joinsPerMinutePerAddress: number;
  joinsPerSecondPerAddress: number;
  joinBurstPerAddress: number;
  marketsPerHourPerAddress: number;
  maxParticipantsPerMarket: number;
  maxPostsPerMarket: number;
  maxConnectionsPerMarket: number;
  /** Wrong personal codes (personal-codes.ts); a right one costs nothing. */
  wrongPersonalCodesPer10MinutesPerAddress: number;
  wrongPersonalCodesPerHourPerMarket: number;
}

export const DEFAULT_LIMITS: MarketLimitsConfig = {
  postsPerMinutePerParticipant: 30,
  connectionRequestsPerMinutePerParticipant: 30,
  joinsPerMinutePerMarket: 3000,
  joinsPerMinutePerAddress: 3000,
  joinsPerSecondPerAddress: 20,
  joinBurstPerAddress: 100,
  marketsPerHourPerAddress: 60,
  maxParticipantsPerMarket: 2000,
  maxPostsPerMarket: 10000,
  maxConnectionsPerMarket: 50000,
  wrongPersonalCodesPer10MinutesPerAddress: 10,
  wrongPersonalCodesPerHourPerMarket: 1000,
};

type Rule = "post" | "connect" | "joinMarket" | "joinAddress" | "joinPace" | "createMarket" | "personalCodeAddress" | "personalCodeMarket";

const REFUSAL: Record<Rule, RefusalCode> = {
  post: "rate_limited_post",
  connect: "rate_limited_connect",
  joinMarket: "rate_limited_join",
  joinAddress: "rate_limited_join_network",
  joinPace: "rate_limited_join_network",
  createMarket: "rate_limited_markets",
  personalCodeAddress: "rate_limited_personal_code",
  personalCodeMarket: "rate_limited_personal_code",
};

/** One limiter: `points` uses per `duration` seconds per key; `name` tells its counts from the others' in a shared store. */
export interface LimiterRule {
  name: string;
  points: number;
  duration: number;
}

/** Makes the limiters: where their counts are kept. */
export type RateLimiterStore = (rule: LimiterRule) => RateLimiterAbstract;

/** The counts in this process's memory: one node. */
export const inMemoryLimiters: RateLimiterStore = ({ name, points, duration }) => new RateLimiterMemory({ keyPrefix: name, points, duration });

export class MarketLimits {
  private readonly limiters: Record<Exclude<Rule, "joinPace">, RateLimiterAbstract> & { joinPace: BurstyRateLimiter };

  constructor(
    readonly config: MarketLimitsConfig = DEFAULT_LIMITS,
    store: RateLimiterStore = inMemoryLimiters,
  ) {
    const perMinute = (name: Rule, points: number) => store({ name, points, duration: 60 });
    this.limiters = {
      post: perMinute("post", config.postsPerMinutePerParticipant),
      connect: perMinute("connect", config.connectionRequestsPerMinutePerParticipant),
      joinMarket: perMinute("joinMarket", config.joinsPerMinutePerMarket),
      joinAddress: perMinute("joinAddress", config.joinsPerMinutePerAddress),
      // Both halves of the burst allowance come from the same store, so both are shared.
      joinPace: new BurstyRateLimiter(
        store({ name: "joinPace", points: config.joinsPerSecondPerAddress, duration: 1 }),
        store({ name: "joinPace-burst", points: config.joinBurstPerAddress, duration: 10 }),
      ),
      createMarket: store({ name: "createMarket", points: config.marketsPerHourPerAddress, duration: 60 * 60 }),
      personalCodeAddress: store({ name: "personalCodeAddress", points: config.wrongPersonalCodesPer10MinutesPerAddress, duration: 10 * 60 }),
      personalCodeMarket: store({ name: "personalCodeMarket", points: config.wrongPersonalCodesPerHourPerMarket, duration: 60 * 60 }),
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

  /** The most people a market takes: the host's expected attendance, within the server's cap. */
  participantCap(capacity?: number): number {
    return Math.min(capacity ?? Infinity, this.config.maxParticipantsPerMarket);
  }

  requireRoomForParticipant(count: number, capacity?: number): void {
    const max = this.participantCap(capacity);
    if (count >= max) throw conflict("market_full", { max });
  }

  /** Gives back one use (a personal code that was right costs nothing). */
  async giveBack(rule: "personalCodeAddress" | "personalCodeMarket", key: string): Promise<void> {
    await this.limiters[rule].reward(key, 1);
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
