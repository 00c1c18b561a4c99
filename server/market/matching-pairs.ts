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
  /** The pairs made into objects so far, by index: a pair kept in both cards' lists is one object. */
  private readonly made = new Map<number, ScoredPair>();

  /** idOf: the post id of the card in a slot, for ties. */
  constructor(private readonly idOf: (slot: number) => string) {}

  /** The suggestion order (best score first, then offer id, then need id) on two pairs, by index. */
  readonly compare = (a: number, b: number): number => {
    const { offerSlot, needSlot, score, idOf } = this;
    if (score[a] !== score[b]) return score[b]! - score[a]!;
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
    this.length = 0;
    this.made.clear();
  }

  /** The pair at index i as a suggestion. */
  suggestionAt(i: number): ScoredPair {
    let pair = this.made.get(i);
    if (pair === undefined) {
      pair = { offerId: this.idOf(this.offerSlot[i]!), needId: this.idOf(this.needSlot[i]!), score: this.score[i]! };
      this.made.set(i, pair);
    }
    return pair;
  }

  private grow(): void {
    const size = this.score.length * 2;
    const offerSlot = new Int32Array(size);
    const needSlot = new Int32Array(size);
    const score = new Float64Array(size);
    offerSlot.set(this.offerSlot);
    needSlot.set(this.needSlot);
    score.set(this.score);
    this.offerSlot = offerSlot;
    this.needSlot = needSlot;
    this.score = score;
  }
}
