/**
 * Scored pairs as three flat typed arrays (the two cards' index slots and the score): a room of
 * thousands of similar cards has hundreds of thousands of pairs above the threshold, and only the
 * best of each card's list ever become objects (matching.ts).
 */
/** A suggestion before its why is filled in (what the index caches). */
export interface ScoredPair {
  offerId: string;
  needId: string;
  score: number;
}

/** A pair as the index keeps it: its why is worked out the first time it is shown, once for both cards' lists. */
export interface KeptPair extends ScoredPair {
  why: string[] | undefined;
}

/** The tie-break of the suggestion order (best score first): offer id, then need id. */
export function byIds(offerA: string, needA: string, offerB: string, needB: string): number {
  if (offerA !== offerB) return offerA < offerB ? -1 : 1;
  return needA === needB ? 0 : needA < needB ? -1 : 1;
}

export class PairBuffer {
  offerSlot = new Int32Array(1024);
  needSlot = new Int32Array(1024);
  score = new Float64Array(1024);
  length = 0;
  /** The pairs made into objects so far: a pair kept in both cards' lists is one object. */
  private made: KeptPair[] = [];
  /** For each pair, 1 + its place in `made` (0: not made yet). */
  private madeAt = new Int32Array(1024);
  /** Room to sort one list's scores in (best). */
  private scratch = new Float64Array(64);

  /**
   * idOf: the post id of the card in a slot, for ties. rank (optional): each slot's place in the
   * order of post ids, so that ties (frequent among similar cards) compare numbers, not strings.
   */
  constructor(
    private readonly idOf: (slot: number) => string,
    private readonly rank?: Int32Array,
  ) {}

  /** The suggestion order (best score first, then offer id, then need id) on two pairs, by index. */
  private readonly compare = (a: number, b: number): number => {
    const { offerSlot, needSlot, score, idOf, rank } = this;
    if (score[a] !== score[b]) return score[b]! - score[a]!;
    if (rank) return rank[offerSlot[a]!]! - rank[offerSlot[b]!]! || rank[needSlot[a]!]! - rank[needSlot[b]!]!;
    return byIds(idOf(offerSlot[a]!), idOf(needSlot[a]!), idOf(offerSlot[b]!), idOf(needSlot[b]!));
  };

  push(offerSlot: number, needSlot: number, score: number): void {
    if (this.length === this.score.length) this.grow();
    this.offerSlot[this.length] = offerSlot;
    this.needSlot[this.length] = needSlot;
    this.score[this.length] = score;
    this.length++;
  }

  clear(): void {
    this.madeAt.fill(0, 0, this.length);
    this.made = [];
    this.length = 0;
  }

  /**
   * The best `depth` of the pairs `order[from..to)` (or from..to themselves), as suggestions in
   * the suggestion order. Most lists hold far more pairs than they keep: the scores are sorted as
   * plain numbers to find the cut, and only what clears it is compared in full.
   */
  best(order: Int32Array | undefined, from: number, to: number, depth: number): KeptPair[] {
    const n = to - from;
    let cut = -Infinity;
    if (n > depth) {
      if (this.scratch.length < n) this.scratch = new Float64Array(Math.max(n, this.scratch.length * 2));
      const scores = this.scratch.subarray(0, n);
      for (let k = 0; k < n; k++) scores[k] = this.score[order ? order[from + k]! : from + k]!;
      scores.sort();
      cut = scores[n - depth]!;
    }
    const kept: number[] = [];
    for (let k = from; k < to; k++) {
      const i = order ? order[k]! : k;
      if (this.score[i]! >= cut) kept.push(i);
    }
    return kept.sort(this.compare).slice(0, depth).map((i) => this.suggestionAt(i));
  }

  /** The pair at index i as a suggestion, made once. */
  private suggestionAt(i: number): KeptPair {
    const at = this.madeAt[i]!;
    if (at > 0) return this.made[at - 1]!;
    const pair: KeptPair = { offerId: this.idOf(this.offerSlot[i]!), needId: this.idOf(this.needSlot[i]!), score: this.score[i]!, why: undefined };
    this.madeAt[i] = this.made.push(pair);
    return pair;
  }

  private grow(): void {
    const size = this.score.length * 2;
    const offerSlot = new Int32Array(size);
    const needSlot = new Int32Array(size);
    const score = new Float64Array(size);
    const madeAt = new Int32Array(size);
    madeAt.set(this.madeAt);
    this.madeAt = madeAt;
    offerSlot.set(this.offerSlot);
    needSlot.set(this.needSlot);
    score.set(this.score);
    this.offerSlot = offerSlot;
    this.needSlot = needSlot;
    this.score = score;
  }
}
