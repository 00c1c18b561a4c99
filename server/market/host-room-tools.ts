// The host's quick tools against abuse from inside the room, each a preview and a confirmation:
// the preview lists exactly who or what would be touched, and the confirmation acts on that list
// only (whatever happened meanwhile), through the moderation commands (facilitation-service.ts),
// so every action lands in the moderation history. Also the market's cap from the attendance.
import { z } from "zod";
import { requireHost, type Actor } from "./actor.ts";
import { notFound } from "./errors.ts";
import type { FacilitationService } from "./facilitation-service.ts";
import type { MarketLimits } from "./limits.ts";
import type { Market } from "./model.ts";
import { hideInput, parseInput } from "./schemas.ts";
import type { MarketService } from "./service.ts";
import type { PublicPost } from "./views.ts";

/** A burst: at least this many people joined within this many seconds of each other. */
export const BURST = { joins: 10, seconds: 10 } as const;
/** "Posting fastest" looks at the last few minutes. */
export const FAST_POSTING_MINUTES = 5;

const ids = z.array(z.string().min(1).max(64)).min(1).max(2000);
const removeBurstInput = z.strictObject({ participantIds: ids });
const hidePostsInput = z.strictObject({ postIds: ids, reason: hideInput.shape.reason });
const capacityInput = z.strictObject({ expected: z.number().int().min(1).max(100_000).nullable() });

export interface PersonInBurst {
  id: string;
  name: string;
  joinedAt: string;
}

export interface FastPoster {
  participantId: string;
  name: string;
  posts: number;
  perMinute: number;
}

export class HostRoomTools {
  constructor(
    private readonly markets: MarketService,
    private readonly facilitation: FacilitationService,
    private readonly limits: MarketLimits,
  ) {}

  /** Preview: people still here who joined in a burst and never posted. */
  async burstJoiners(code: string, actor: Actor): Promise<PersonInBurst[]> {
    requireHost(actor);
    return this.markets.read(code, (loaded) => burstJoinersOf(loaded.market));
  }

  /** Confirmation: removes those of `participantIds` who are still in the preview. */
  async removeBurstJoiners(code: string, actor: Actor, input: unknown): Promise<{ removed: number }> {
    requireHost(actor);
    const { participantIds } = parseInput(removeBurstInput, input);
    const stillInBurst = new Set((await this.burstJoiners(code, actor)).map((p) => p.id));
    const chosen = participantIds.filter((id) => stillInBurst.has(id));
    for (const id of chosen) await this.facilitation.removeParticipant(code, actor, id);
    return { removed: chosen.length };
  }

  /** Preview: a person's posts still on the wall. */
  async visiblePostsOf(code: string, actor: Actor, participantId: string): Promise<PublicPost[]> {
    requireHost(actor);
    return this.markets.read(code, (loaded) => {
      if (!loaded.participantsById.has(participantId)) throw notFound("participant");
      return loaded.market.posts.filter((post) => post.participantId === participantId && !post.hidden).map((post) => loaded.publicPost(post));
    });
  }

  /** Confirmation: hides those of `postIds` that are still the person's and still visible. */
  async hidePostsOf(code: string, actor: Actor, participantId: string, input: unknown): Promise<{ hidden: number }> {
    requireHost(actor);
    const { postIds, reason } = parseInput(hidePostsInput, input);
    const visible = new Set((await this.visiblePostsOf(code, actor, participantId)).map((post) => post.id));
    const chosen = postIds.filter((id) => visible.has(id));
    for (const id of chosen) await this.facilitation.hidePost(code, actor, id, reason ? { reason } : {});
    return { hidden: chosen.length };
  }

  /** Who posted most in the last minutes, for the host's eyes only (never shown to the room). */
  async fastestPosters(code: string, actor: Actor, limit = 5): Promise<FastPoster[]> {
    requireHost(actor);
    return this.markets.read(code, (loaded, now) => {
      const since = now - FAST_POSTING_MINUTES * 60_000;
      const counts = new Map<string, number>();
      for (const post of loaded.market.posts) {
        if (Date.parse(post.createdAt) >= since) counts.set(post.participantId, (counts.get(post.participantId) ?? 0) + 1);
      }
      return [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, limit)
        .map(([participantId, posts]) => ({ participantId, name: loaded.nameOf(participantId), posts, perMinute: Math.round((posts / FAST_POSTING_MINUTES) * 10) / 10 }));
    });
  }

  /** The market's cap from the attendance the host expects (null: the server's cap). */
  async setCapacity(code: string, actor: Actor, input: unknown): Promise<{ capacity: number }> {
    requireHost(actor);
    const { expected } = parseInput(capacityInput, input);
    return this.markets.change(code, ({ market, durableBeforeAnswer }) => {
      if (expected === null) delete market.capacity;
      else market.capacity = Math.min(expected, this.limits.config.maxParticipantsPerMarket);
      durableBeforeAnswer();
      return { capacity: this.limits.participantCap(market.capacity) };
    });
  }

  async capacity(code: string, actor: Actor): Promise<{ capacity: number; expected: number | null; here: number }> {
    requireHost(actor);
    return this.markets.read(code, (loaded) => ({
      capacity: this.limits.participantCap(loaded.market.capacity),
      expected: loaded.market.capacity ?? null,
      here: loaded.market.participants.length,
    }));
  }
}

/** People still here, without a post, who joined within BURST.seconds of BURST.joins-1 others. */
export function burstJoinersOf(market: Market): PersonInBurst[] {
  const posted = new Set(market.posts.map((post) => post.participantId));
  const here = market.participants.filter((p) => !p.removedAt).sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));
  const times = here.map((p) => Date.parse(p.joinedAt));
  const inBurst = new Set<number>();
  // Every window of BURST.joins consecutive joins that spans at most BURST.seconds is a burst.
  for (let end = BURST.joins - 1; end < here.length; end++) {
    const start = end - (BURST.joins - 1);
    if (times[end]! - times[start]! <= BURST.seconds * 1000) for (let i = start; i <= end; i++) inBurst.add(i);
  }
  return [...inBurst]
    .sort((a, b) => a - b)
    .map((i) => here[i]!)
    .filter((p) => !posted.has(p.id))
    .map((p) => ({ id: p.id, name: p.name, joinedAt: p.joinedAt }));
}
