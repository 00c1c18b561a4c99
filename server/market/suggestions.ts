// Offer-need pairs that fit, from the matcher kept up to date by each loaded market; and for
// dreams, the offers and needs that fit one, and the dreams that fit a person's cards.
import { requireMember, requireParticipant, viewerIdOf, type Actor } from "./actor.ts";
import { circleOfDream, gathers } from "./circles.ts";
import { notFound } from "./errors.ts";
import { pairsOf } from "./kinds.ts";
import type { LoadedMarket } from "./loaded-market.ts";
import type { MarketRegistry } from "./market-registry.ts";
import type { PublicPost } from "./views.ts";
import { onWall, visibleTo } from "./visibility.ts";

export interface Suggestion {
  offer: PublicPost;
  need: PublicPost;
  score: number;
  sharedTerms: string[];
}

/** An offer or need that fits a dream (on the dream), or a dream that fits one of my cards (`mine`). */
export interface DreamSuggestion {
  dream: PublicPost;
  post: PublicPost;
  score: number;
  sharedTerms: string[];
}

export class Suggestions {
  constructor(private readonly registry: MarketRegistry) {}

  /**
   * Offer-need pairs that fit, best first, leaving out pairs already asked about. For a post: its
   * best counterparts. For a participant: pairs with one of their posts. For the host: the room's
   * strongest pairs. Only posts on the wall are paired; a hidden post is "not found" to anyone
   * but its author, and has no suggestions.
   */
  async suggestions(code: string, actor: Actor, options: { postId?: string; limit?: number } = {}): Promise<Suggestion[]> {
    const loaded = await this.registry.byCode(code);
    requireMember(actor);
    const limit = Math.min(Math.max(options.limit ?? 10, 1), 50);
    const asked = new Set(loaded.market.connections.map((c) => `${c.offerId}:${c.needId}`));
    // Ask for enough to fill the list after leaving out the pairs already asked about.
    const wanted = limit + asked.size;
    if (options.postId) {
      const post = loaded.postsById.get(options.postId);
      if (!post || !visibleTo(post, viewerIdOf(actor))) throw notFound("post");
    }
    const found = options.postId
      ? loaded.matches.suggestionsForPost(options.postId, wanted)
      : actor.role === "participant"
        ? loaded.matches.suggestionsForParticipant(actor.participantId, wanted)
        : loaded.matches.topPairs(wanted);
    const result: Suggestion[] = [];
    for (const match of found) {
      if (asked.has(`${match.offerId}:${match.needId}`)) continue;
      const offer = loaded.postsById.get(match.offerId);
      const need = loaded.postsById.get(match.needId);
      // The matcher holds only posts on the wall (LoadedMarket.indexPost); checked again here
      // because this list reaches other people's phones.
      if (!offer || !need || !onWall(offer) || !onWall(need)) continue;
      result.push({ offer: loaded.publicPost(offer), need: loaded.publicPost(need), score: round(match.score), sharedTerms: match.sharedTerms });
      if (result.length === limit) break;
    }
    return result;
  }

  /** The offers and needs of other people that fit a dream, best first (for anyone who sees it). */
  async forDream(code: string, actor: Actor, dreamId: string, limit = 5): Promise<DreamSuggestion[]> {
    const loaded = await this.registry.byCode(code);
    requireMember(actor);
    const dream = loaded.postsById.get(dreamId);
    if (!dream || !gathers(dream) || !visibleTo(dream, viewerIdOf(actor))) throw notFound("post");
    return dreamSuggestions(loaded, loaded.dreamMatches.fitsFor(dreamId, clamp(limit)));
  }

  /** Other people's dreams that fit my offers and needs, best first, leaving out those I gathered around. */
  async dreamsForMe(code: string, actor: Actor, limit = 5): Promise<DreamSuggestion[]> {
    const loaded = await this.registry.byCode(code);
    const participantId = requireParticipant(actor);
    const myCards = loaded.market.posts.filter((p) => p.participantId === participantId && onWall(p) && pairsOf(p.kind)).map((p) => p.id);
    const gathered = (dreamId: string) => circleOfDream(loaded.market, dreamId)?.gatherings.some((g) => g.participantId === participantId) === true;
    const fits = loaded.dreamMatches.dreamsFor(myCards, clamp(limit) + 10).filter((f) => !gathered(f.dreamId));
    return dreamSuggestions(loaded, fits).slice(0, clamp(limit));
  }
}

const clamp = (limit: number) => Math.min(Math.max(limit, 1), 50);

/** The fits as screens see them; only what is on the wall (checked again: this reaches phones). */
function dreamSuggestions(loaded: LoadedMarket, fits: ReadonlyArray<{ dreamId: string; postId: string; score: number; sharedTerms: string[] }>): DreamSuggestion[] {
  return fits.flatMap((f) => {
    const dream = loaded.postsById.get(f.dreamId);
    const post = loaded.postsById.get(f.postId);
    if (!dream || !post || !onWall(dream) || !onWall(post)) return [];
    return [{ dream: loaded.publicPost(dream), post: loaded.publicPost(post), score: round(f.score), sharedTerms: f.sharedTerms }];
  });
}

const round = (score: number) => Math.round(score * 1000) / 1000;
