/**
 * How well one offer fits one need: a calibrated score in (0, 1) and the why.
 *
 * The score is a logistic function of what makes a pair fit, not of how alike two texts are:
 *   + the specific concepts both name (cat sitting and cat sitting), then the domains both name;
 *   + a domain one side names generally and the other specifically (pets / dog walking);
 *   + content words both use that no concept explains (rare vocabulary the lexicon lacks);
 *   - siblings: both specific in one domain, but different (dog walking for cat sitting);
 *   - a different kind of exchange (guitar lessons for a guitar to repair; a ladder to lend for
 *     someone to paint);
 *   - when or where that cannot fit (weekends for weekday mornings; online for in person; two
 *     different places).
 * Nothing depends on the rest of the room (no idf, no normalisation over the cards present), so
 * a score means the same in a room of 5 cards and of 5,000, and one threshold holds everywhere.
 * The weights were set on one evaluation set only (neighbourhood.json; see
 * docs/decisions/008-matching-method.md).
 */
import { CONCEPTS } from "./matching-lexicon.ts";
import type { CardReading } from "./matching-language.ts";

/** Pairs scoring below this are not suggested: "no good match" is an answer. */
export const MATCH_THRESHOLD = 0.5;

export type WhereKind = "here" | "online" | "place";

/** The descriptors of a card that tell when and where it can happen. */
export interface CardDescriptors {
  when?: string;
  where?: { kind: WhereKind; place?: string };
  category?: string;
}

/** One card, read once and kept in the index: sets for fast pair scoring. */
export interface ScoredCard {
  topics: Set<string>;
  /** topics and their domains */
  expanded: Set<string>;
  actions: Set<string>;
  words: Set<string>;
  surfaces: Map<string, string>;
  days: Set<string>;
  parts: Set<string>;
  place: "online" | "in_person" | undefined;
  placeName: string | undefined;
  category: string | undefined;
}

export interface PairFit {
  score: number;
  /** Shared concepts, the most telling first, then shared words: the why of a suggestion. */
  sharedTerms: string[];
}

const WEIGHTS = {
  bias: -2.4,
  firstSpecific: 2.9,
  moreSpecific: 0.7,
  sharedDomain: 1.3,
  generic: 1.0,
  firstWord: 1.0,
  moreWords: 0.5,
  sibling: 2.0,
  actionConflict: 2.6,
  askNotOffered: 1.0,
  timeConflict: 1.6,
  placeConflict: 2.2,
  sameCategory: 0.3,
};

const DAY_CUES = new Set(["@weekend", "@weekday"]);
const PART_CUES = new Set(["@morning", "@afternoon", "@evening"]);
/** Kinds of exchange that can meet: a thing given also serves a need to borrow it. */
const COMPATIBLE_ACTIONS = new Set(["lend:give", "give:lend"]);
const MAX_WHY = 8;

function parentOf(id: string): string | undefined {
  return CONCEPTS[id]?.parent;
}

/** Concepts that have specific concepts under them: naming one is naming a field, not a thing. */
const DOMAINS = new Set(Object.values(CONCEPTS).flatMap((entry) => (entry.parent ? [entry.parent] : [])));

/** Prepares a card for scoring: its reading plus the when/where of its descriptors. */
export function scoredCard(reading: CardReading, descriptors: CardDescriptors, whenReading?: CardReading): ScoredCard {
  const topics = new Set<string>();
  const actions = new Set<string>();
  for (const id of reading.concepts) (CONCEPTS[id]?.action ? actions : topics).add(id);
  const expanded = new Set(topics);
  for (const id of topics) {
    const parent = parentOf(id);
    if (parent) expanded.add(parent);
  }
  const cues = new Set([...reading.cues, ...(whenReading?.cues ?? [])]);
  const days = new Set([...cues].filter((c) => DAY_CUES.has(c)));
  const parts = new Set([...cues].filter((c) => PART_CUES.has(c)));
  let place: ScoredCard["place"] = cues.has("@online") && !cues.has("@in_person") ? "online" : cues.has("@in_person") && !cues.has("@online") ? "in_person" : undefined;
  // "here" (at this market's place) is where people meet anyway: it rules nothing out.
  if (descriptors.where?.kind === "online") place = "online";
  else if (descriptors.where?.kind === "place") place = "in_person";
  const placeName = descriptors.where?.kind === "place" ? descriptors.where.place?.trim().toLowerCase() || undefined : undefined;
  return {
    topics,
    expanded,
    actions,
    words: new Set(reading.words),
    surfaces: reading.surfaces,
    days,
    parts,
    place,
    placeName,
    category: descriptors.category?.trim().toLowerCase() || undefined,
  };
}

function disjoint(a: Set<string>, b: Set<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  for (const x of a) if (b.has(x)) return false;
  return true;
}

function actionsConflict(need: Set<string>, offer: Set<string>): boolean {
  if (need.size === 0 || offer.size === 0) return false;
  for (const a of need) for (const b of offer) if (a === b || COMPATIBLE_ACTIONS.has(`${a}:${b}`)) return false;
  return true;
}

function logistic(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** How well an offer fits a need; undefined when they have nothing in common. */
export function fit(need: ScoredCard, offer: ScoredCard): PairFit | undefined {
  const specific: string[] = [];
  const domains: string[] = [];
  for (const id of need.topics) {
    if (!offer.topics.has(id)) continue;
    (DOMAINS.has(id) ? domains : specific).push(id);
  }
  // Domains both touch without naming the same thing in them.
  const generic: string[] = [];
  let siblings = 0;
  for (const domain of need.expanded) {
    if (!DOMAINS.has(domain) || !offer.expanded.has(domain) || domains.includes(domain)) continue;
    if (specific.some((id) => parentOf(id) === domain)) continue;
    const needSpecific = [...need.topics].some((id) => parentOf(id) === domain);
    const offerSpecific = [...offer.topics].some((id) => parentOf(id) === domain);
    if (needSpecific && offerSpecific) siblings++;
    else generic.push(domain);
  }
  const words: string[] = [];
  for (const w of need.words) if (offer.words.has(w)) words.push(w);
  if (specific.length + domains.length + generic.length + words.length === 0) return undefined;

  let z = WEIGHTS.bias;
  if (specific.length > 0) z += WEIGHTS.firstSpecific + WEIGHTS.moreSpecific * Math.min(2, specific.length - 1);
  z += WEIGHTS.sharedDomain * Math.min(2, domains.length);
  z += WEIGHTS.generic * Math.min(2, generic.length);
  if (words.length > 0) z += WEIGHTS.firstWord + WEIGHTS.moreWords * Math.min(2, words.length - 1);
  z -= WEIGHTS.sibling * Math.min(1, siblings) * (specific.length > 0 ? 0.5 : 1);
  if (actionsConflict(need.actions, offer.actions)) z -= WEIGHTS.actionConflict;
  // A need to learn or to have something fixed is not met by an offer that only does the thing.
  else if (offer.actions.size === 0 && (need.actions.has("teach") || need.actions.has("repair"))) z -= WEIGHTS.askNotOffered;
  if (disjoint(need.days, offer.days) || disjoint(need.parts, offer.parts)) z -= WEIGHTS.timeConflict;
  const placesClash =
    (need.place && offer.place && need.place !== offer.place) ||
    (need.placeName !== undefined && offer.placeName !== undefined && need.placeName !== offer.placeName);
  if (placesClash) z -= WEIGHTS.placeConflict;
  if (need.category !== undefined && need.category === offer.category) z += WEIGHTS.sameCategory;

  const sharedActions = [...need.actions].filter((a) => offer.actions.has(a));
  const why = [...specific.sort(), ...domains.sort(), ...generic.sort(), ...sharedActions.sort()];
  for (const w of words.sort()) why.push(need.surfaces.get(w) ?? w);
  return { score: logistic(z), sharedTerms: why.slice(0, MAX_WHY) };
}
