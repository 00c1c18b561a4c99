/**
 * Offer-need matching: pure, deterministic, incremental. No I/O.
 *
 * Each post becomes a bag of terms from the language layer (stems plus related-word concepts),
 * its tags counting `tagWeight` times a word of the text. A term's weight in a post is BM25's
 * saturated term frequency times BM25's idf over the whole market (offers and needs together), so
 * rare shared terms count more than common ones. A pair's score is the cosine of the two weight
 * vectors, raised a little when both posts name the same category; it lies in (0, 1].
 *
 * Incremental: upsert and remove touch only the post's own postings and document frequencies.
 * Nothing is precomputed from idf: queries find candidates through the inverted index and score
 * them with the df of that moment, so results never go stale. Post norms depend on every df, so
 * they are cached per "df version" (bumped by each change) and recomputed lazily when asked for.
 *
 * Determinism: a post's terms are kept sorted and every sum runs over them in that order, so the
 * score of a pair does not depend on the order posts arrived in, nor on which side asked; ties are
 * broken by offer id, then need id.
 */
import { connectionPair, KINDS, POST_KINDS, type PostKind, type Side } from "./kinds.ts";
import { EnglishLanguage, type LanguageLayer } from "./matching-language";


export interface MatchablePost {
  id: string;
  kind: PostKind;
  text: string;
  tags: string[];
  participantId: string;
  category?: string;
}

/** score in (0, 1], higher is better; sharedTerms are readable forms of the terms both posts have. */
export interface MatchSuggestion {
  offerId: string;
  needId: string;
  score: number;
  sharedTerms: string[];
}

export interface MatchIndexOptions {
  language?: LanguageLayer;
  /** Pairs scoring below this are noise and never suggested. Default 0.1. */
  minScore?: number;
  /** How many words of text one tag term counts for. Default 1.5. */
  tagWeight?: number;
  /** How many words one related-word concept counts for. Default 2. */
  conceptWeight?: number;
  /** Share of the remaining distance to 1 added when both posts have the same category. Default 0.15. */
  categoryBoost?: number;
}

export const DEFAULT_MIN_SCORE = 0.1;
/** Terms starting with this are the language layer's related-word concepts. */
export const CONCEPT_PREFIX = "~";
const DEFAULT_TAG_WEIGHT = 1.5;
const DEFAULT_CATEGORY_BOOST = 0.15;
/** BM25's term-frequency saturation. */
const K1 = 1.2;
const MAX_SHARED_TERMS = 8;

interface IndexedPost {
  post: MatchablePost;
  /** [term, saturated tf], sorted by term. */
  terms: Array<[string, number]>;
  category: string | undefined;
}

interface ScoredCandidate {
  id: string;
  score: number;
}

function compareSuggestions(a: MatchSuggestion, b: MatchSuggestion): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.offerId !== b.offerId) return a.offerId < b.offerId ? -1 : 1;
  if (a.needId !== b.needId) return a.needId < b.needId ? -1 : 1;
  return 0;
}

export class MatchIndex {
  private readonly language: LanguageLayer;
  private readonly minScore: number;
  private readonly tagWeight: number;
  private readonly conceptWeight: number;
  private readonly categoryBoost: number;

  private readonly posts = new Map<string, IndexedPost>();
  /** term -> (postId -> saturated tf), one inverted index per kind. */
  private readonly postings = Object.fromEntries(POST_KINDS.map((kind) => [kind, new Map()])) as Record<PostKind, Map<string, Map<string, number>>>;
  private readonly documentFrequency = new Map<string, number>();
  private readonly byParticipant = new Map<string, Set<string>>();
  private dfVersion = 0;
  private readonly norms = new Map<string, { version: number; norm: number }>();

  constructor(options: MatchIndexOptions = {}) {
    this.language = options.language ?? new EnglishLanguage();
    this.minScore = options.minScore ?? DEFAULT_MIN_SCORE;
    this.tagWeight = options.tagWeight ?? DEFAULT_TAG_WEIGHT;
    this.conceptWeight = options.conceptWeight ?? 2;
    this.categoryBoost = options.categoryBoost ?? DEFAULT_CATEGORY_BOOST;
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

    const frequencies = new Map<string, number>();
    // A related-word concept ("~transport" for ride, lift, drive) carries the meaning two
    // differently worded posts share, so it counts more than a single word.
    const count = (term: string, weight: number) =>
      frequencies.set(term, (frequencies.get(term) ?? 0) + weight * (term.startsWith(CONCEPT_PREFIX) ? this.conceptWeight : 1));
    for (const term of this.language.terms(post.text)) count(term, 1);
    for (const tag of post.tags) {
      for (const term of this.language.terms(tag)) count(term, this.tagWeight);
    }
    const terms: Array<[string, number]> = [...frequencies]
      .map(([term, tf]): [string, number] => [term, (tf * (K1 + 1)) / (tf + K1)])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

    const category = post.category?.trim().toLowerCase() || undefined;
    const stored: MatchablePost = { ...post, tags: [...post.tags] };
    this.posts.set(post.id, { post: stored, terms, category });

    const postings = this.postings[post.kind];
    for (const [term, weight] of terms) {
      let list = postings.get(term);
      if (!list) {
        list = new Map();
        postings.set(term, list);
      }
      list.set(post.id, weight);
      this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    }
    let own = this.byParticipant.get(post.participantId);
    if (!own) {
      own = new Set();
      this.byParticipant.set(post.participantId, own);
    }
    own.add(post.id);
    this.dfVersion++;
  }

  remove(postId: string): void {
    const indexed = this.posts.get(postId);
    if (!indexed) return;
    const { post, terms } = indexed;
    const postings = this.postings[post.kind];
    for (const [term] of terms) {
      const list = postings.get(term);
      list?.delete(postId);
      if (list && list.size === 0) postings.delete(term);
      const df = (this.documentFrequency.get(term) ?? 1) - 1;
      if (df <= 0) this.documentFrequency.delete(term);
      else this.documentFrequency.set(term, df);
    }
    const own = this.byParticipant.get(post.participantId);
    own?.delete(postId);
    if (own && own.size === 0) this.byParticipant.delete(post.participantId);
    this.posts.delete(postId);
    this.norms.delete(postId);
    this.dfVersion++;
  }

  /** The best posts of the other kind for this post, best first. Unknown id: none. */
  suggestionsForPost(postId: string, limit = 10): MatchSuggestion[] {
    const indexed = this.posts.get(postId);
    if (!indexed) return [];
    const suggestions = this.scoreCandidates(indexed).map((candidate) => this.pair(indexed, candidate));
    suggestions.sort(compareSuggestions);
    return this.withSharedTerms(suggestions.slice(0, Math.max(0, limit)));
  }

  /** Pairs where one side is this participant's post, best first, each pair once. */
  suggestionsForParticipant(participantId: string, limit = 20): MatchSuggestion[] {
    const own = this.byParticipant.get(participantId);
    if (!own) return [];
    const seen = new Set<string>();
    const suggestions: MatchSuggestion[] = [];
    for (const postId of [...own].sort()) {
      const indexed = this.posts.get(postId);
      if (!indexed) continue;
      for (const candidate of this.scoreCandidates(indexed)) {
        const suggestion = this.pair(indexed, candidate);
        const key = `${suggestion.offerId}\u0000${suggestion.needId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        suggestions.push(suggestion);
      }
    }
    suggestions.sort(compareSuggestions);
    return this.withSharedTerms(suggestions.slice(0, Math.max(0, limit)));
  }

  /** The strongest offer-need pairs of the whole market, best first. */
  topPairs(limit = 50): MatchSuggestion[] {
    // Every pair is seen from either side: ask from the smaller side.
    const offers = this.countKind("offer");
    const needs = this.countKind("need");
    const side: Side = offers <= needs ? "offer" : "need";
    const ids = [...this.posts.values()].filter((p) => p.post.kind === side).map((p) => p.post.id).sort();
    const best = new TopK(Math.max(0, limit));
    for (const id of ids) {
      const indexed = this.posts.get(id) as IndexedPost;
      for (const candidate of this.scoreCandidates(indexed)) best.offer(this.pair(indexed, candidate));
    }
    return this.withSharedTerms(best.sorted());
  }

  private countKind(kind: PostKind): number {
    let count = 0;
    for (const indexed of this.posts.values()) if (indexed.post.kind === kind) count++;
    return count;
  }

  private idf(term: string): number {
    const df = this.documentFrequency.get(term) ?? 0;
    const n = this.posts.size;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private norm(indexed: IndexedPost): number {
    const cached = this.norms.get(indexed.post.id);
    if (cached && cached.version === this.dfVersion) return cached.norm;
    let sum = 0;
    for (const [term, weight] of indexed.terms) {
      const w = weight * this.idf(term);
      sum += w * w;
    }
    const norm = Math.sqrt(sum);
    this.norms.set(indexed.post.id, { version: this.dfVersion, norm });
    return norm;
  }

  /** Counterparts of a post with their scores, unsorted, threshold applied. */
  private scoreCandidates(query: IndexedPost): ScoredCandidate[] {
    const postings = this.postings[KINDS[query.post.kind].matchesAgainst];
    const dots = new Map<string, number>();
    // Sorted query terms: each candidate's sum runs over the shared terms in sorted order.
    for (const [term, queryWeight] of query.terms) {
      const list = postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      const factor = queryWeight * idf * idf;
      for (const [id, weight] of list) dots.set(id, (dots.get(id) ?? 0) + factor * weight);
    }
    const queryNorm = this.norm(query);
    if (queryNorm === 0) return [];
    const scored: ScoredCandidate[] = [];
    for (const [id, dot] of dots) {
      if (dot <= 0) continue;
      const candidate = this.posts.get(id);
      if (!candidate || candidate.post.participantId === query.post.participantId) continue;
      const candidateNorm = this.norm(candidate);
      if (candidateNorm === 0) continue;
      let score = Math.min(1, dot / (queryNorm * candidateNorm));
      if (query.category !== undefined && query.category === candidate.category) {
        score += (1 - score) * this.categoryBoost;
      }
      if (score > 0 && score >= this.minScore) scored.push({ id, score });
    }
    return scored;
  }

  private pair(query: IndexedPost, candidate: ScoredCandidate): MatchSuggestion {
    return { ...connectionPair(query.post, candidate.id), score: candidate.score, sharedTerms: [] };
  }

  /** Fills sharedTerms (only for the suggestions returned: it costs a merge of both term lists). */
  private withSharedTerms(suggestions: MatchSuggestion[]): MatchSuggestion[] {
    for (const suggestion of suggestions) {
      const offer = this.posts.get(suggestion.offerId);
      const need = this.posts.get(suggestion.needId);
      if (!offer || !need) continue;
      suggestion.sharedTerms = this.sharedTerms(offer, need);
    }
    return suggestions;
  }

  private sharedTerms(a: IndexedPost, b: IndexedPost): string[] {
    const contributions: Array<[string, number]> = [];
    let i = 0;
    let j = 0;
    while (i < a.terms.length && j < b.terms.length) {
      const [termA, weightA] = a.terms[i] as [string, number];
      const [termB, weightB] = b.terms[j] as [string, number];
      if (termA === termB) {
        const idf = this.idf(termA);
        contributions.push([termA, weightA * weightB * idf * idf]);
        i++;
        j++;
      } else if (termA < termB) i++;
      else j++;
    }
    contributions.sort((x, y) => (y[1] !== x[1] ? y[1] - x[1] : x[0] < y[0] ? -1 : 1));
    const labels: string[] = [];
    for (const [term] of contributions) {
      const label = this.language.label?.(term) ?? term;
      if (!labels.includes(label)) labels.push(label);
      if (labels.length === MAX_SHARED_TERMS) break;
    }
    return labels;
  }
}

/** Keeps the k best suggestions seen (a bounded min-heap on the suggestion order). */
class TopK {
  private readonly heap: MatchSuggestion[] = [];

  constructor(private readonly k: number) {}

  offer(item: MatchSuggestion): void {
    if (this.k === 0) return;
    const heap = this.heap;
    if (heap.length < this.k) {
      heap.push(item);
      this.up(heap.length - 1);
    } else if (compareSuggestions(item, heap[0] as MatchSuggestion) < 0) {
      heap[0] = item;
      this.down(0);
    }
  }

  sorted(): MatchSuggestion[] {
    return [...this.heap].sort(compareSuggestions);
  }

  // The root is the worst kept item: "worse" means it sorts later.
  private worse(a: number, b: number): boolean {
    return compareSuggestions(this.heap[a] as MatchSuggestion, this.heap[b] as MatchSuggestion) > 0;
  }

  private swap(a: number, b: number): void {
    const heap = this.heap;
    const tmp = heap[a] as MatchSuggestion;
    heap[a] = heap[b] as MatchSuggestion;
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
export function suggestMatches(posts: MatchablePost[], limit = 50): MatchSuggestion[] {
  const index = new MatchIndex();
  for (const post of posts) index.upsert(post);
  return index.topPairs(limit);
}
