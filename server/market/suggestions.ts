// Offer-need pairs that fit, from the matcher kept up to date by each loaded market.
import { requireMember, viewerIdOf, type Actor } from "./actor.ts";
import { notFound } from "./errors.ts";
import type { MarketRegistry } from "./market-registry.ts";
import type { PublicPost } from "./views.ts";
import { onWall, visibleTo } from "./visibility.ts";

export interface Suggestion {
  offer: PublicPost;
  need: PublicPost;
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
}

const round = (score: number) => Math.round(score * 1000) / 1000;
