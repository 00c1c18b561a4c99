/**
 * The lexicon's concepts as small integers and bit sets, for the hot path: a 2,000 × 2,000 room
 * scores about a million candidate pairs, and a bit test costs far less than hashing a string.
 * Built once from the lexicon; matching-score.ts keeps the string sets beside them for the why.
 */
import { CONCEPTS, RELATED } from "./matching-lexicon.ts";

const IDS = Object.keys(CONCEPTS).sort();
const NUMBER = new Map(IDS.map((id, n) => [id, n]));
const WORD_COUNT = Math.ceil(IDS.length / 32);

/** Concepts that have specific concepts under them: naming one is naming a field, not a thing. */
export const DOMAINS: ReadonlySet<string> = new Set(Object.values(CONCEPTS).flatMap((entry) => (entry.parent ? [entry.parent] : [])));

export const PARENT_OF = Int32Array.from(IDS, (id) => {
  const parent = CONCEPTS[id]!.parent;
  return parent === undefined ? -1 : NUMBER.get(parent)!;
});
export const IS_DOMAIN = Uint8Array.from(IDS, (id) => (DOMAINS.has(id) ? 1 : 0));
export const RELATED_TO: ReadonlyArray<Int32Array | undefined> = IDS.map((id) => {
  const related = RELATED.get(id);
  return related ? Int32Array.from([...related], (other) => NUMBER.get(other)!) : undefined;
});

export function conceptNumbers(ids: Iterable<string>): Int32Array {
  return Int32Array.from([...ids].map((id) => NUMBER.get(id)!).sort((a, b) => a - b));
}

export function conceptBits(numbers: Int32Array): Uint32Array {
  const bits = new Uint32Array(WORD_COUNT);
  for (const n of numbers) bits[n >>> 5]! |= 1 << (n & 31);
  return bits;
}

export function hasBit(bits: Uint32Array, n: number): boolean {
  return (bits[n >>> 5]! & (1 << (n & 31))) !== 0;
}

/** A small set of names (kinds of exchange, days, parts of the day) as one number's bits. */
export function maskOf(names: Iterable<string>, order: readonly string[]): number {
  let mask = 0;
  for (const name of names) {
    const bit = order.indexOf(name);
    if (bit >= 0) mask |= 1 << bit;
  }
  return mask;
}
