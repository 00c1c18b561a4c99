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
import { bestPossible, fitScore, logit, sharedTerms, MATCH_THRESHOLD, scoredCard, type CardDescriptors, type ScoredCard } from "./matching-score.ts";

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
export interface MatchSuggestion {
  offerId: string;
  needId: string;
  score: number;
  sharedTerms: string[];
}

/** A suggestion before its why is filled in (what the cache keeps). */
type ScoredPair = Omit<MatchSuggestion, "sharedTerms">;

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
/** How many of a post's best suggestions stay cached. */
const CACHE_DEPTH = 30;
const DOMAIN = 1_000;

function compareSuggestions(a: ScoredPair, b: ScoredPair): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.offerId !== b.offerId) return a.offerId < b.offerId ? -1 : 1;
  if (a.needId !== b.needId) return a.needId < b.needId ? -1 : 1;
  return 0;
}

export class MatchIndex {
  private readonly threshold: number;
  private readonly leastLogit: number;
  private readonly closeToBest: number;
  private readonly reader: CardReader;
  private readonly posts = new Map<string, IndexedPost>();
  /** key -> ids of the cards listed under it, one inverted index per kind. */
  private readonly postings = Object.fromEntries(POST_KINDS.map((kind) => [kind, new Map()])) as Record<PostKind, Map<string, Set<IndexedPost>>>;
  private readonly byParticipant = new Map<string, Set<string>>();
  /** Each post's best suggestions above the threshold, best first; a pair's score depends on its two cards only. */
  private readonly cache = new Map<string, { best: ScoredPair[]; complete: boolean }>();
  /** What each card shares with the current query, by slot: an array, not a map, in the hot loop. */
  private overlapBySlot = new Float64Array(1024);
  private readonly freeSlots: number[] = [];
  private nextSlot = 0;

  constructor(options: MatchIndexOptions = {}) {
    this.threshold = options.threshold ?? MATCH_THRESHOLD;
    this.leastLogit = logit(this.threshold);
    this.closeToBest = options.closeToBest ?? CLOSE_TO_BEST;
    this.reader = options.reader ?? (prepareMatching(), sharedReader!);
  }

  get size(): number {
    return this.posts.size;
  }

  has(postId: string): boolean {
    return this.posts.has(postId);
  }

  /** Adds a post, or replaces the post with the same id. */
  upsert(post: MatchablePost): void {
    if (this.posts.has(post.id)) this.remove(post.id);
    const reading = this.reader.read(post.text, post.tags);
    const whenReading = post.when ? this.reader.read(post.when) : undefined;
    const card = scoredCard(reading, post, whenReading);
    // Audiences (who a card is for) make no pair on their own: not indexed.
    const keys = [...card.expanded].map((id) => (!DOMAIN_IDS.has(id) ? `s:${id}` : card.topics.has(id) ? `g:${id}` : `c:${id}`));
    for (const w of card.words) keys.push(`w:${w}`);
    const stored: MatchablePost = { ...post, tags: [...post.tags] };
    const slot = this.freeSlots.pop() ?? this.nextSlot++;
    if (slot >= this.overlapBySlot.length) {
      const grown = new Float64Array(this.overlapBySlot.length * 2);
      grown.set(this.overlapBySlot);
      this.overlapBySlot = grown;
    }
    const indexed: IndexedPost = { post: stored, card, keys, slot, lookups: lookupsOf(keys) };
    this.posts.set(post.id, indexed);
    this.forgetAround(indexed);
    const postings = this.postings[post.kind];
    for (const key of keys) {
      let list = postings.get(key);
      if (!list) postings.set(key, (list = new Set()));
      list.add(indexed);
    }
    let own = this.byParticipant.get(post.participantId);
    if (!own) this.byParticipant.set(post.participantId, (own = new Set()));
    own.add(post.id);
  }

  remove(postId: string): void {
    const indexed = this.posts.get(postId);
    if (!indexed) return;
    this.forgetAround(indexed);
    const postings = this.postings[indexed.post.kind];
    for (const key of indexed.keys) {
      const list = postings.get(key);
      list?.delete(indexed);
      if (list && list.size === 0) postings.delete(key);
    }
    const own = this.byParticipant.get(indexed.post.participantId);
    own?.delete(postId);
    if (own && own.size === 0) this.byParticipant.delete(indexed.post.participantId);
    this.posts.delete(postId);
    this.freeSlots.push(indexed.slot);
  }

  /** The best posts of the other kind for this post that clear the threshold, best first. */
  suggestionsForPost(postId: string, limit = 10): MatchSuggestion[] {
    const indexed = this.posts.get(postId);
    if (!indexed) return [];
    return this.withWhy(this.closeToItsBest(indexed, limit).slice(0, Math.max(0, limit)));
  }

  /** Pairs where one side is this participant's post, best first, each pair once. */
  suggestionsForParticipant(participantId: string, limit = 20): MatchSuggestion[] {
    const own = this.byParticipant.get(participantId);
    if (!own) return [];
    const suggestions: ScoredPair[] = [];
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
    // Every pair is seen from either side: ask from the smaller side.
    const count: Record<Side, number> = { offer: 0, need: 0 };
    // Only cards that pair are indexed (a dream gathers: LoadedMarket keeps it out of the index).
    for (const indexed of this.posts.values()) {
      const pairs = KINDS[indexed.post.kind].pairs;
      if (pairs) count[pairs.side]++;
    }
    const side: Side = count.offer <= count.need ? "offer" : "need";
    const ids = [...this.posts.values()].filter((p) => KINDS[p.post.kind].pairs?.side === side).map((p) => p.post.id).sort();
    const best = new TopK(Math.max(0, limit));
    // Scoring every post of one side sees every pair: when each list was scored afresh, the other
    // side's lists come for free (a room loaded from scratch scores each pair once, not twice).
    const byCounterpart = new Map<string, ScoredPair[]>();
    let everyListFresh = true;
    for (const id of ids) {
      const indexed = this.posts.get(id)!;
      if (this.cache.has(id)) everyListFresh = false;
      if (!everyListFresh) {
        for (const suggestion of this.suggestionsOf(indexed, limit)) best.offer(suggestion);
        continue;
      }
      const all = this.scoreCandidates(indexed);
      this.remember(id, all, limit);
      for (const suggestion of all) {
        best.offer(suggestion);
        const counterpart = side === "offer" ? suggestion.needId : suggestion.offerId;
        let list = byCounterpart.get(counterpart);
        if (!list) byCounterpart.set(counterpart, (list = []));
        list.push(suggestion);
      }
    }
    if (everyListFresh) {
      for (const indexed of this.posts.values()) {
        const id = indexed.post.id;
        if (KINDS[indexed.post.kind].pairs?.side === side || this.cache.has(id)) continue;
        this.remember(id, byCounterpart.get(id) ?? [], limit);
      }
    }
    return this.withWhy(best.sorted());
  }

  /** A post's best suggestions (at least `wanted`, when it has them), those far below its best left out. */
  private closeToItsBest(indexed: IndexedPost, wanted: number): readonly ScoredPair[] {
    const suggestions = this.suggestionsOf(indexed, wanted);
    const least = (suggestions[0]?.score ?? 0) - this.closeToBest;
    return suggestions.filter((s) => s.score >= least);
  }

  /** Copies of the suggestions with their why filled in (only for what is returned: it costs a pass over both cards). */
  private withWhy(suggestions: readonly ScoredPair[]): MatchSuggestion[] {
    return suggestions.map((s) => ({ ...s, sharedTerms: sharedTerms(this.posts.get(s.needId)!.card, this.posts.get(s.offerId)!.card) }));
  }

  /**
   * A post's best suggestions above the threshold, best first: at least `wanted` of them when it
   * has that many. The best CACHE_DEPTH are kept until a card it could pair with changes (all of
   * them would cost memory in a room of thousands of similar cards).
   */
  private suggestionsOf(query: IndexedPost, wanted: number): readonly ScoredPair[] {
    const cached = this.cache.get(query.post.id);
    if (cached && (cached.complete || cached.best.length >= wanted)) return cached.best;
    return this.remember(query.post.id, this.scoreCandidates(query), wanted);
  }

  /** Caches a post's best suggestions out of all of them (unsorted): only the kept ones are sorted. */
  private remember(postId: string, all: ScoredPair[], wanted: number): readonly ScoredPair[] {
    const depth = Math.max(CACHE_DEPTH, wanted);
    let best: ScoredPair[];
    if (all.length <= depth) best = all.slice().sort(compareSuggestions);
    else {
      const top = new TopK(depth);
      for (const pair of all) top.offer(pair);
      best = top.sorted();
    }
    this.cache.set(postId, { best, complete: all.length <= depth });
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

  /** The other kind's cards that share a key with this one, scored, threshold applied. */
  private scoreCandidates(query: IndexedPost): ScoredPair[] {
    const against = KINDS[query.post.kind].matchesAgainst;
    if (!against) return [];
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
    const found: ScoredPair[] = [];
    for (const candidate of touched) {
      const overlap = overlaps[candidate.slot]!;
      overlaps[candidate.slot] = 0;
      const domains = Math.floor((overlap % SPECIFIC) / DOMAIN);
      if (bestPossible(overlap >= SPECIFIC, domains, overlap % DOMAIN) < this.leastLogit) continue;
      if (candidate.post.participantId === query.post.participantId) continue;
      const score = queryIsNeed ? fitScore(query.card, candidate.card) : fitScore(candidate.card, query.card);
      if (score === undefined || score < this.threshold) continue;
      found.push(queryIsNeed ? { offerId: candidate.post.id, needId: query.post.id, score } : { offerId: query.post.id, needId: candidate.post.id, score });
    }
    return found;
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

/** Keeps the k best suggestions seen (a bounded min-heap on the suggestion order). */
class TopK {
  private readonly heap: ScoredPair[] = [];

  constructor(private readonly k: number) {}

  offer(item: ScoredPair): void {
    if (this.k === 0) return;
    const heap = this.heap;
    if (heap.length < this.k) {
      heap.push(item);
      this.up(heap.length - 1);
    } else if (compareSuggestions(item, heap[0] as ScoredPair) < 0) {
      heap[0] = item;
      this.down(0);
    }
  }

  sorted(): ScoredPair[] {
    return [...this.heap].sort(compareSuggestions);
  }

  // The root is the worst kept item: "worse" means it sorts later.
  private worse(a: number, b: number): boolean {
    return compareSuggestions(this.heap[a] as ScoredPair, this.heap[b] as ScoredPair) > 0;
  }

  private swap(a: number, b: number): void {
    const heap = this.heap;
    const tmp = heap[a] as ScoredPair;
    heap[a] = heap[b] as ScoredPair;
    heap[b] = tmp;
  }

  private up(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(index: number): void {
    const n = this.heap.length;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < n && this.worse(left, worst)) worst = left;
      if (right < n && this.worse(right, worst)) worst = right;
      if (worst === i) break;
      this.swap(i, worst);
      i = worst;
    }
  }
}

/** Convenience for one-off use (a paper market's cards): index the posts, return the top pairs. */
export function suggestMatches(posts: MatchablePost[], limit = 50, options: MatchIndexOptions = {}): ScoredPair[] {
  const index = new MatchIndex(options);
  for (const post of posts) index.upsert(post);
  return index.topPairs(limit);
}
