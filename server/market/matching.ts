/**
 * Offer-need matching: pure, deterministic, incremental. No I/O.
 *
 * Each card is read once (matching-language.ts: its language, stems, the concepts of the
 * multilingual lexicon it names, when and where) and kept with an inverted index from its
 * concepts (with their domains) and content words to the cards of the other kind. A query scores
 * the cards that share anything with it (matching-score.ts: a calibrated score from what makes a
 * pair fit) and keeps those that clear one threshold, best first; a post's own list also leaves
 * out what scores far below its best pair.
 *
 * A pair's score depends on the two cards only, never on the rest of the room, so adding or
 * removing a card changes no other pair's score: upsert and remove touch the card's own postings
 * and nothing is ever stale. Ties are broken by offer id, then need id, so results do not depend
 * on the order cards arrived in.
 */
import { KINDS, POST_KINDS, type PostKind, type Side } from "./kinds.ts";
import { CardReader } from "./matching-language.ts";
import { CONCEPTS, RELATED } from "./matching-lexicon.ts";
import { byIds, PairBuffer, type KeptPair, type ScoredPair } from "./matching-pairs.ts";
import { bestPossible, fitScore, logit, possibleExtras, sharedTerms, MATCH_THRESHOLD, scoredCard, type CardDescriptors, type ScoredCard } from "./matching-score.ts";
import { TopK } from "./top-k.ts";

export { MATCH_THRESHOLD } from "./matching-score.ts";

/**
 * A post's list (its "For you" and "I know who could help") shows only what scores within this of
 * the best pair it has: when one offer clearly fits, a weaker one beside it is noise. Set on the
 * tuning sets only: 0.2 showed 2.2–2.4 suggestions a need on the blind tuning sets (coworking-meetup,
 * market-town) where 1.3 are right; 0.1 shows 1.6–1.7 there, precision +0.07, recall −0.06 at most
 * (record 008).
 */
export const CLOSE_TO_BEST = 0.1;

export interface MatchablePost extends CardDescriptors {
  id: string;
  kind: PostKind;
  text: string;
  tags: string[];
  participantId: string;
}

/**
 * score in (0, 1): the calibrated chance that a facilitator would connect the two; sharedTerms:
 * the why, as concept ids of the lexicon (the reader's language has them under `concept.<id>`)
 * and then words both cards use.
 */
export interface MatchSuggestion extends ScoredPair {
  sharedTerms: string[];
}

export interface MatchIndexOptions {
  /** Pairs scoring below this are never suggested. Default MATCH_THRESHOLD. */
  threshold?: number;
  /** A post's own list keeps only what scores within this of its best. Default CLOSE_TO_BEST. */
  closeToBest?: number;
  /** A card reader to share between indexes (its tables take a few milliseconds to build). */
  reader?: CardReader;
}

interface IndexedPost {
  post: MatchablePost;
  card: ScoredCard;
  /**
   * The keys this card is listed under: "s:" specific concepts; "g:" domains it names itself and
   * "c:" domains it reaches through a specific concept (two "c:" of one domain are siblings or
   * already counted as a specific concept: no credit, so no lookup); "w:" content stems.
   */
  keys: string[];
  /** Its place in the index's overlap counter (scoreCandidates), reused after a removal. */
  slot: number;
  /** The keys to look up when this card is the query, and what each says (lookupsOf). */
  lookups: Array<{ key: string; weight: number }>;
}

let sharedReader: CardReader | undefined;

/**
 * Builds the reader every index shares (the lexicon stemmed in four languages: a few hundred ms).
 * The server calls it at start-up, so the first market to index a card does not stall the others.
 */
export function prepareMatching(): void {
  sharedReader ??= new CardReader();
}

const DOMAIN_IDS = new Set(Object.values(CONCEPTS).flatMap((entry) => (entry.parent ? [entry.parent] : [])));

/**
 * What the index saw a candidate share with the query, packed in one number to spare an object
 * per candidate: any specific concept (SPECIFIC), fields (DOMAIN each) and words (1 each).
 */
const SPECIFIC = 1_000_000;
const DOMAIN = 1_000;
/** How many of a post's best suggestions stay cached. */
const CACHE_DEPTH = 30;

function byPostId(a: IndexedPost, b: IndexedPost): number {
  return a.post.id < b.post.id ? -1 : a.post.id > b.post.id ? 1 : 0;
}

function compareSuggestions(a: ScoredPair, b: ScoredPair): number {
  if (a.score !== b.score) return b.score - a.score;
  return byIds(a.offerId, a.needId, b.offerId, b.needId);
}

export class MatchIndex {
  private readonly threshold: number;
  private readonly leastLogit: number;
  private readonly closeToBest: number;
  private readonly reader: CardReader;
  private readonly posts = new Map<string, IndexedPost>();
  /**
   * key -> the cards listed under it, one inverted index per kind. Arrays, not sets: the hot loop
   * walks them (a removal swaps the last one into the gap).
   */
  private readonly postings = Object.fromEntries(POST_KINDS.map((kind) => [kind, new Map()])) as Record<PostKind, Map<string, IndexedPost[]>>;
  private readonly byParticipant = new Map<string, Set<string>>();
  /** Each post's best suggestions above the threshold, best first; a pair's score depends on its two cards only. */
  private readonly cache = new Map<string, { best: KeptPair[]; complete: boolean }>();
  /**
   * What each card shares with the current query, by slot: an array, not a map, in the hot loop;
   * integers, so the unpacking is integer arithmetic (the lexicon bounds the count of specific
   * concepts a card can share far below 2^31 / SPECIFIC).
   */
  private overlapBySlot = new Int32Array(1024);
  private readonly freeSlots: number[] = [];
  private nextSlot = 0;
  /** The card in each slot, for reading the pairs back. */
  private readonly bySlot: Array<IndexedPost | undefined> = [];
  /**
   * Cards handed in and not read yet (undefined: removed), in the order of their last change.
   * Reading a card (stemming it in four languages, the lexicon) is the costliest part of a post,
   * so it waits until something asks for suggestions, or the market's live events have gone out
   * (LoadedMarket.catchUpSoon): a change reaches the room's screens without waiting for it.
   */
  private readonly unread = new Map<string, MatchablePost | undefined>();
  /** One query's scored pairs (topPairs keeps every query's in a buffer of its own, dropped after). */
  private readonly queryPairs = new PairBuffer((slot) => this.bySlot[slot]!.post.id);

  constructor(options: MatchIndexOptions = {}) {
    this.threshold = options.threshold ?? MATCH_THRESHOLD;
    this.leastLogit = logit(this.threshold);
    this.closeToBest = options.closeToBest ?? CLOSE_TO_BEST;
    this.reader = options.reader ?? (prepareMatching(), sharedReader!);
  }

  get size(): number {
    this.catchUp();
    return this.posts.size;
  }

  has(postId: string): boolean {
    this.catchUp();
    return this.posts.has(postId);
  }

  /** Adds a post, or replaces the post with the same id (read when next needed: `unread`). */
  upsert(post: MatchablePost): void {
    this.unread.delete(post.id);
    // A copy: the caller's card may change before it is read.
    this.unread.set(post.id, { ...post, tags: [...post.tags] });
  }

  remove(postId: string): void {
    this.unread.delete(postId);
    this.unread.set(postId, undefined);
  }

  /** Reads every card handed in since the last read; every query does this first. */
  catchUp(): void {
    for (const [id, post] of this.unread) {
      this.unread.delete(id);
      if (post) this.read(post);
      else this.forget(id);
    }
  }

  private read(post: MatchablePost): void {
    if (this.posts.has(post.id)) this.forget(post.id);
    const reading = this.reader.read(post.text, post.tags);
    const whenReading = post.when ? this.reader.read(post.when) : undefined;
    const card = scoredCard(reading, post, whenReading);
    // Audiences (who a card is for) make no pair on their own: not indexed.
    const keys = [...card.expanded].map((id) => (!DOMAIN_IDS.has(id) ? `s:${id}` : card.topics.has(id) ? `g:${id}` : `c:${id}`));
    for (const w of card.words) keys.push(`w:${w}`);
    const slot = this.freeSlots.pop() ?? this.nextSlot++;
    if (slot >= this.overlapBySlot.length) {
      const grown = new Int32Array(this.overlapBySlot.length * 2);
      grown.set(this.overlapBySlot);
      this.overlapBySlot = grown;
    }
    const indexed: IndexedPost = { post, card, keys, slot, lookups: lookupsOf(keys) };
    this.posts.set(post.id, indexed);
    this.bySlot[slot] = indexed;
    this.forgetAround(indexed);
    const postings = this.postings[post.kind];
    for (const key of keys) {
      let list = postings.get(key);
      if (!list) postings.set(key, (list = []));
      list.push(indexed);
    }
    let own = this.byParticipant.get(post.participantId);
    if (!own) this.byParticipant.set(post.participantId, (own = new Set()));
    own.add(post.id);
  }

  private forget(postId: string): void {
    const indexed = this.posts.get(postId);
    if (!indexed) return;
    this.forgetAround(indexed);
    const postings = this.postings[indexed.post.kind];
    for (const key of indexed.keys) {
      const list = postings.get(key);
      if (!list) continue;
      const at = list.indexOf(indexed);
      if (at < 0) continue;
      list[at] = list[list.length - 1]!;
      list.pop();
      if (list.length === 0) postings.delete(key);
    }
    const own = this.byParticipant.get(indexed.post.participantId);
    own?.delete(postId);
    if (own && own.size === 0) this.byParticipant.delete(indexed.post.participantId);
    this.posts.delete(postId);
    this.bySlot[indexed.slot] = undefined;
    this.freeSlots.push(indexed.slot);
  }

  /** The best posts of the other kind for this post that clear the threshold, best first. */
  suggestionsForPost(postId: string, limit = 10): MatchSuggestion[] {
    this.catchUp();
    const indexed = this.posts.get(postId);
    if (!indexed) return [];
    return this.withWhy(this.closeToItsBest(indexed, limit).slice(0, Math.max(0, limit)));
  }

  /** Pairs where one side is this participant's post, best first, each pair once. */
  suggestionsForParticipant(participantId: string, limit = 20): MatchSuggestion[] {
    this.catchUp();
    const own = this.byParticipant.get(participantId);
    if (!own) return [];
    const suggestions: KeptPair[] = [];
    // A participant's own posts never pair with each other, so no pair is seen twice.
    for (const postId of [...own].sort()) {
      const indexed = this.posts.get(postId);
      if (indexed) suggestions.push(...this.closeToItsBest(indexed, limit));
    }
    suggestions.sort(compareSuggestions);
    return this.withWhy(suggestions.slice(0, Math.max(0, limit)));
  }

  /** The strongest offer-need pairs of the whole market that clear the threshold, best first. */
  topPairs(limit = 50): MatchSuggestion[] {
    this.catchUp();
    // Every pair is seen from either side: ask from the smaller side.
    const count: Record<Side, number> = { offer: 0, need: 0 };
    // Only cards that pair are indexed (a dream gathers: LoadedMarket keeps it out of the index).
    for (const indexed of this.posts.values()) {
      const pairs = KINDS[indexed.post.kind].pairs;
      if (pairs) count[pairs.side]++;
    }
    const side: Side = count.offer <= count.need ? "offer" : "need";
    const queries = [...this.posts.values()].filter((p) => KINDS[p.post.kind].pairs?.side === side).sort(byPostId);
    const best = new TopK<KeptPair>(Math.max(0, limit), compareSuggestions);
    // The strongest pairs of the room are among each post's best (a list keeps at least `limit`).
    if (queries.some((query) => this.cache.has(query.post.id))) {
      for (const query of queries) for (const suggestion of this.suggestionsOf(query, limit)) best.offer(suggestion);
      return this.withWhy(best.sorted());
    }
    // No list cached (a room loaded from scratch): scoring every post of one side sees every pair
    // once, and the other side's lists are filled from the same pairs instead of scored again.
    const rank = new Int32Array(this.nextSlot);
    [...this.posts.values()].sort(byPostId).forEach((indexed, place) => (rank[indexed.slot] = place));
    const pairs = new PairBuffer((slot) => this.bySlot[slot]!.post.id, rank);
    const ends = new Int32Array(queries.length);
    for (let q = 0; q < queries.length; q++) {
      this.scoreCandidates(queries[q]!, pairs);
      ends[q] = pairs.length;
    }
    for (let q = 0; q < queries.length; q++) {
      for (const suggestion of this.remember(queries[q]!.post.id, pairs, undefined, q === 0 ? 0 : ends[q - 1]!, ends[q]!, limit)) best.offer(suggestion);
    }
    // The other side's pairs grouped by their card there: a counting sort on its slot.
    const counterpart = side === "offer" ? pairs.needSlot : pairs.offerSlot;
    const start = new Int32Array(this.nextSlot + 1);
    for (let i = 0; i < pairs.length; i++) start[counterpart[i]! + 1]!++;
    for (let slot = 0; slot < this.nextSlot; slot++) start[slot + 1]! += start[slot]!;
    const next = start.slice();
    const order = new Int32Array(pairs.length);
    for (let i = 0; i < pairs.length; i++) order[next[counterpart[i]!]!++] = i;
    for (const indexed of this.posts.values()) {
      if (KINDS[indexed.post.kind].pairs?.side === side || this.cache.has(indexed.post.id)) continue;
      this.remember(indexed.post.id, pairs, order, start[indexed.slot]!, start[indexed.slot + 1]!, limit);
    }
    return this.withWhy(best.sorted());
  }

  /** A post's best suggestions (at least `wanted`, when it has them), those far below its best left out. */
  private closeToItsBest(indexed: IndexedPost, wanted: number): readonly KeptPair[] {
    const suggestions = this.suggestionsOf(indexed, wanted);
    const least = (suggestions[0]?.score ?? 0) - this.closeToBest;
    return suggestions.filter((s) => s.score >= least);
  }

  /**
   * Copies of the suggestions with their why (worked out only for what is shown, once a pair: it
   * costs a pass over both cards; a pair is dropped with its lists when either card changes).
   */
  private withWhy(suggestions: readonly KeptPair[]): MatchSuggestion[] {
    return suggestions.map((s) => {
      s.why ??= sharedTerms(this.posts.get(s.needId)!.card, this.posts.get(s.offerId)!.card);
      return { offerId: s.offerId, needId: s.needId, score: s.score, sharedTerms: [...s.why] };
    });
  }

  /**
   * A post's best suggestions above the threshold, best first: at least `wanted` of them when it
   * has that many. The best CACHE_DEPTH are kept until a card it could pair with changes (all of
   * them would cost memory in a room of thousands of similar cards).
   */
  private suggestionsOf(query: IndexedPost, wanted: number): readonly KeptPair[] {
    const cached = this.cache.get(query.post.id);
    if (cached && (cached.complete || cached.best.length >= wanted)) return cached.best;
    const pairs = this.queryPairs;
    pairs.clear();
    this.scoreCandidates(query, pairs);
    return this.remember(query.post.id, pairs, undefined, 0, pairs.length, wanted);
  }

  /**
   * Caches a post's best suggestions out of its scored pairs, unsorted: `order[from..to)` (or the
   * pairs from..to themselves) of `pairs`. Only the kept ones become objects.
   */
  private remember(postId: string, pairs: PairBuffer, order: Int32Array | undefined, from: number, to: number, wanted: number): readonly KeptPair[] {
    const depth = Math.max(CACHE_DEPTH, wanted);
    const best = pairs.best(order, from, to, depth);
    this.cache.set(postId, { best, complete: to - from <= depth });
    return best;
  }

  /** Forgets the cached suggestions of every card that shares a key with this one, and its own. */
  private forgetAround(indexed: IndexedPost): void {
    this.cache.delete(indexed.post.id);
    // Nothing cached (a room being loaded): nothing to forget, and no need to walk the postings.
    if (this.cache.size === 0) return;
    const against = KINDS[indexed.post.kind].matchesAgainst;
    if (!against) return;
    const postings = this.postings[against];
    // The cards it could pair with are the ones it looks up as a query (a field it reaches through
    // something specific meets the cards that name the field: "c:" looks up "g:").
    for (const { key } of indexed.lookups) for (const other of postings.get(key) ?? []) this.cache.delete(other.post.id);
  }

  /** Scores the other kind's cards that share a key with this one into `pairs`, threshold applied. */
  private scoreCandidates(query: IndexedPost, pairs: PairBuffer): void {
    const against = KINDS[query.post.kind].matchesAgainst;
    if (!against) return;
    const postings = this.postings[against];
    // Counted by slot in one array (reset below): no hashing in the loop over every candidate.
    const overlaps = this.overlapBySlot;
    const touched: IndexedPost[] = [];
    for (const { key, weight } of query.lookups) {
      const list = postings.get(key);
      if (!list) continue;
      for (const other of list) {
        if (overlaps[other.slot] === 0) touched.push(other);
        overlaps[other.slot]! += weight;
      }
    }
    const queryIsNeed = KINDS[query.post.kind].pairs?.side === "need";
    const extras = possibleExtras(query.card);
    // Two languages share words by another key (wordsAcross), never more than the query has.
    const wordsAcross = query.card.wordsAcross.size;
    // A hair below the threshold: the bound adds its terms in another order than fitScore.
    const least = this.leastLogit - 1e-9;
    for (const candidate of touched) {
      const overlap = overlaps[candidate.slot]!;
      overlaps[candidate.slot] = 0;
      const domains = Math.floor((overlap % SPECIFIC) / DOMAIN);
      const words = candidate.card.language === query.card.language ? overlap % DOMAIN : wordsAcross;
      if (bestPossible(overlap >= SPECIFIC, domains, words, extras) < least) continue;
      if (candidate.post.participantId === query.post.participantId) continue;
      const score = queryIsNeed ? fitScore(query.card, candidate.card) : fitScore(candidate.card, query.card);
      if (score === undefined || score < this.threshold) continue;
      if (queryIsNeed) pairs.push(candidate.slot, query.slot, score);
      else pairs.push(query.slot, candidate.slot, score);
    }
  }
}

/**
 * What a card looks up as a query, built once per card: its specific concepts and the ones related
 * to them, its words, and for a field the cards that name it ("g:") and, when it names the field
 * itself, those that reach it through something specific ("c:"; two of those are siblings).
 */
function lookupsOf(keys: readonly string[]): Array<{ key: string; weight: number }> {
  const lookups: Array<{ key: string; weight: number }> = [];
  for (const key of keys) {
    const type = key[0];
    if (type === "s") {
      lookups.push({ key, weight: SPECIFIC });
      for (const other of RELATED.get(key.slice(2)) ?? []) lookups.push({ key: `s:${other}`, weight: SPECIFIC });
    } else if (type === "w") lookups.push({ key, weight: 1 });
    else {
      const domain = key.slice(2);
      lookups.push({ key: `g:${domain}`, weight: DOMAIN });
      if (type === "g") lookups.push({ key: `c:${domain}`, weight: DOMAIN });
    }
  }
  return lookups;
}

/** Convenience for one-off use (a paper market's cards): index the posts, return the top pairs. */
export function suggestMatches(posts: MatchablePost[], limit = 50, options: MatchIndexOptions = {}): ScoredPair[] {
  const index = new MatchIndex(options);
  for (const post of posts) index.upsert(post);
  return index.topPairs(limit);
}
