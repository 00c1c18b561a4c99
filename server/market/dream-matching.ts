// Matching for dreams: the offers and needs that fit a dream, and the dreams that fit a person's
// offers and needs. A dream pairs with no card (kinds.ts), so the offer-need matcher is asked
// through its public API (matching.ts) with the dream standing in on either side: as a need, the
// offers that could make it happen; as an offer, the needs it would answer ("I need this too").
// Same engine, same threshold. Pure: no I/O.
import { KINDS, SIDES, type Side } from "./kinds.ts";
import { MatchIndex, type MatchablePost, type MatchIndexOptions, type MatchSuggestion } from "./matching.ts";

/** A card that fits a dream, or a dream that fits a card: the two ids, the score and the why. */
export interface DreamFit {
  dreamId: string;
  /** The offer or need that fits. */
  postId: string;
  score: number;
  sharedTerms: string[];
}

// A dream is listed twice, once as each side; real ids never hold "~" (identity.ts: nanoid).
const standIn = (side: Side, dreamId: string) => `${side}~${dreamId}`;
const dreamOf = (id: string): string | undefined => (id.includes("~") ? id.slice(id.indexOf("~") + 1) : undefined);

/**
 * Its own index, beside the market's offer-need one: a stand-in dream there would crowd the offers'
 * and needs' own lists. Built when the market's first dream arrives, so a market without dreams
 * pays nothing.
 */
export class DreamMatches {
  private index: MatchIndex | undefined;
  /** The dreams listed, kept here: asking the index (`has`) would make it read every card waiting. */
  private readonly dreams = new Set<string>();

  /** `cards`: every card on the wall, to fill the index when the first dream arrives. */
  constructor(
    private readonly cards: () => Iterable<MatchablePost>,
    private readonly options: MatchIndexOptions = {},
  ) {}

  /** Adds or replaces a card on the wall (an offer, a need or a dream). */
  upsert(post: MatchablePost): void {
    const gathers = !KINDS[post.kind].pairs;
    if (!this.index) {
      if (!gathers) return; // no dream yet: nothing to fit it to
      this.index = new MatchIndex(this.options);
      for (const card of this.cards()) if (card.id !== post.id) this.add(card);
    }
    this.remove(post.id);
    this.add(post);
  }

  /** Reads the cards handed in since the last read (MatchIndex.catchUp). */
  catchUp(): void {
    this.index?.catchUp();
  }

  remove(postId: string): void {
    if (!this.index) return;
    if (this.dreams.delete(postId)) for (const side of SIDES) this.index.remove(standIn(side, postId));
    else this.index.remove(postId);
  }

  /** The offers and needs of other people that fit this dream, best first. */
  fitsFor(dreamId: string, limit = 10): DreamFit[] {
    const index = this.index;
    if (!index || !this.dreams.has(dreamId)) return [];
    const found = SIDES.flatMap((side) => index.suggestionsForPost(standIn(side, dreamId), limit));
    // A stand-in of another dream on the other side is not a card that fits.
    return best(found.flatMap((s) => (dreamOf(s.offerId) === dreamId ? fit(dreamId, s.needId, s) : fit(dreamId, s.offerId, s))), limit);
  }

  /** The dreams of other people that fit these cards (one person's offers and needs), best first, each dream once. */
  dreamsFor(cardIds: Iterable<string>, limit = 10): DreamFit[] {
    const index = this.index;
    if (!index || this.dreams.size === 0) return [];
    const fits: DreamFit[] = [];
    for (const cardId of cardIds) {
      // The matcher never pairs a person's cards with each other, so their own dreams stay out.
      for (const s of index.suggestionsForPost(cardId, limit)) {
        const dreamId = dreamOf(s.offerId === cardId ? s.needId : s.offerId);
        if (dreamId !== undefined) fits.push({ dreamId, postId: cardId, score: s.score, sharedTerms: s.sharedTerms });
      }
    }
    const seen = new Set<string>();
    return best(fits, Infinity)
      .filter((f) => !seen.has(f.dreamId) && Boolean(seen.add(f.dreamId)))
      .slice(0, limit);
  }

  private add(post: MatchablePost): void {
    if (!this.index) return;
    if (KINDS[post.kind].pairs) return this.index.upsert(post);
    this.dreams.add(post.id);
    for (const side of SIDES) this.index.upsert({ ...post, id: standIn(side, post.id), kind: side });
  }
}

const fit = (dreamId: string, postId: string, s: MatchSuggestion): DreamFit[] => (dreamOf(postId) === undefined ? [{ dreamId, postId, score: s.score, sharedTerms: s.sharedTerms }] : []);

const best = (fits: DreamFit[], limit: number): DreamFit[] =>
  fits.sort((a, b) => b.score - a.score || (a.postId < b.postId ? -1 : a.postId > b.postId ? 1 : 0) || (a.dreamId < b.dreamId ? -1 : 1)).slice(0, limit);
