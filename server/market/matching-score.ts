/**
 * How well one offer fits one need: a calibrated score in (0, 1) and the why.
 *
 * The score is a logistic function of what makes a pair fit, not of how alike two texts are:
 *   + the specific concepts both name (cat sitting and cat sitting), then the domains both name;
 *   + a specific concept of the need met by a related one of the offer (a van for moving house);
 *   + a domain one side names generally and the other specifically (pets / dog walking);
 *   + content words both use that no concept explains (rare vocabulary the lexicon lacks);
 *   + the kind of exchange the need asks for is the one the offer gives (lessons for learning);
 *   - a concept one side names only by a generic word or in its setting counts weakly ("moved";
 *     "headshots for your website"), and a field the need names alone does not clear the threshold;
 *   - siblings: both specific in one domain, but different (dog walking for cat sitting), and an
 *     asked thing left unmet beside one shared in its field (milking asked, moving goats offered);
 *   - a different kind of exchange (guitar lessons for a guitar to repair; a ladder to lend for
 *     someone to paint);
 *   - when or where that cannot fit (weekends for weekday mornings; online for in person; two
 *     different places).
 * Nothing depends on the rest of the room (no idf, no normalisation over the cards present), so
 * a score means the same in a room of 5 cards and of 5,000, and one threshold holds everywhere.
 * The weights were set on the tuning sets only (TUNING_SETS in bench/matching-quality.ts; see
 * docs/decisions/008-matching-method.md).
 */
import { CONCEPTS, RELATED } from "./matching-lexicon.ts";
import { conceptBits, conceptNumbers, DOMAINS, hasBit, IS_DOMAIN, maskOf, PARENT_OF, RELATED_TO } from "./matching-concept-bits.ts";
import { fold, type CardReading } from "./matching-language.ts";

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
  /** Domains in which the card names something specific. */
  specificIn: Set<string>;
  /** Whether the card names anything specific at all (not only fields). */
  namesSpecific: boolean;
  /** The same sets as concept numbers and bits, for fitScore's hot path (matching-concept-bits.ts). */
  topicNumbers: Int32Array;
  topicBits: Uint32Array;
  expandedNumbers: Int32Array;
  expandedBits: Uint32Array;
  specificInBits: Uint32Array;
  /** Concepts the card names only by a generic word ("moved", "feedback"): weaker evidence. */
  genericBits: Uint32Array;
  actionMask: number;
  timeMask: number;
  actions: Set<string>;
  /** Who the card is for (audience concepts), and the same as sorted concept numbers. */
  audiences: Set<string>;
  audienceNumbers: Int32Array;
  /** The lexicon members that named its topics, in the card's words, as sorted numbers (memberNumber). */
  memberNumbers: Int32Array;
  words: Set<string>;
  /** The same words as an array: iterating an array is cheaper than a set in the hot loop. */
  wordList: readonly string[];
  /** The card's language, and its longer words by a key every language shares (see wordKeyAcross). */
  language: CardReading["language"];
  wordsAcross: Set<string>;
  surfaces: Map<string, string>;
  place: "online" | "in_person" | undefined;
  placeName: string | undefined;
  category: string | undefined;
}

const WEIGHTS = {
  bias: -2.4,
  firstSpecific: 2.9,
  moreSpecific: 0.7,
  related: 2.4,
  /** A specific concept one side names only by a generic word: alone it does not clear the threshold. */
  genericSpecific: 1.6,
  /** A field the need names only by a generic word ("house", "land"). */
  needGeneralGeneric: 0.9,
  needGeneral: 2.2,
  needGeneralInPassing: 1.4,
  offerGeneral: 1.8,
  /** The same, beside something specific both name: it adds a little, it does not outrank the exact thing. */
  offerGeneralBeside: 0.6,
  sameMember: 0.5,
  audience: 0.4,
  firstWord: 1.0,
  moreWords: 0.5,
  sibling: 2.0,
  /** The need's thing left unmet beside one shared in the same field (the animal, not the activity). */
  unmetSibling: 0.6,
  actionConflict: 2.6,
  askNotOffered: 0.5,
  teachNotAsked: 0.4,
  actionMatch: 0.5,
  timeConflict: 1.6,
  timeFits: 0.4,
  placeConflict: 2.2,
  sameCategory: 0.3,
};

/**
 * Kinds of exchange that can meet (need:offer): a thing given also serves a need to borrow it; someone
 * to do a thing is met by one who repairs or minds it or teaches it, never by a thing to borrow (a ladder is not a painter).
 */
const COMPATIBLE_ACTIONS = new Set(["lend:give", "give:lend", "do:repair", "do:mind", "do:teach"]);
/** The kinds of exchange, days and parts of the day as bits (see ScoredCard's masks). */
const ACTION_ORDER = Object.keys(CONCEPTS).filter((id) => CONCEPTS[id]!.action).sort();
const TEACH = 1 << ACTION_ORDER.indexOf("teach");
const REPAIR = 1 << ACTION_ORDER.indexOf("repair");
/** For each kind of exchange, the kinds an offer may give to meet it (itself included). */
const MEETS = ACTION_ORDER.map((a) => maskOf(ACTION_ORDER.filter((b) => a === b || COMPATIBLE_ACTIONS.has(`${a}:${b}`)), ACTION_ORDER));
const TIME_ORDER = ["@weekend", "@weekday", "@morning", "@afternoon", "@evening"];
const DAYS = maskOf(["@weekend", "@weekday"], TIME_ORDER);
const PARTS = maskOf(["@morning", "@afternoon", "@evening"], TIME_ORDER);
const MAX_WHY = 8;

/**
 * A word two cards in different languages may share (a place, a product, a loanword) is compared by
 * its first letters, accents off: each language's stemmer cuts it differently.
 */
const ACROSS_MIN_LENGTH = 5;
function wordKeyAcross(surface: string): string {
  return fold(surface).slice(0, 6);
}

/**
 * Each lexicon member a card has used (language and stems: "en:bouncy castl") as a number, so that
 * "the same words" is a merge of two short sorted arrays. Members come from the lexicon's phrase
 * tables, so the table stays as small as the lexicon.
 */
const MEMBER_NUMBERS = new Map<string, number>();
function memberNumbers(members: readonly string[]): Int32Array {
  const numbers = members.map((member) => {
    let n = MEMBER_NUMBERS.get(member);
    if (n === undefined) MEMBER_NUMBERS.set(member, (n = MEMBER_NUMBERS.size));
    return n;
  });
  return Int32Array.from(numbers.sort((a, b) => a - b));
}

/** Whether two sorted arrays of numbers have one in common. */
function sharesAny(a: Int32Array, b: Int32Array): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) return true;
    if (a[i]! < b[j]!) i++;
    else j++;
  }
  return false;
}

function parentOf(id: string): string | undefined {
  return CONCEPTS[id]?.parent;
}


/** Prepares a card for scoring: its reading plus the when/where of its descriptors. */
export function scoredCard(reading: CardReading, descriptors: CardDescriptors, whenReading?: CardReading): ScoredCard {
  const topics = new Set<string>();
  const actions = new Set<string>();
  const audiences = new Set<string>();
  for (const id of reading.concepts) (CONCEPTS[id]?.action ? actions : CONCEPTS[id]?.audience ? audiences : topics).add(id);
  const expanded = new Set(topics);
  const specificIn = new Set<string>();
  for (const id of topics) {
    const parent = parentOf(id);
    if (parent) {
      expanded.add(parent);
      specificIn.add(parent);
    }
  }
  const cues = new Set([...reading.cues, ...(whenReading?.cues ?? [])]);
  let place: ScoredCard["place"] = cues.has("@online") && !cues.has("@in_person") ? "online" : cues.has("@in_person") && !cues.has("@online") ? "in_person" : undefined;
  // "here" (at this market's place) is where people meet anyway: it rules nothing out.
  if (descriptors.where?.kind === "online") place = "online";
  else if (descriptors.where?.kind === "place") place = "in_person";
  const placeName = descriptors.where?.kind === "place" ? descriptors.where.place?.trim().toLowerCase() || undefined : undefined;
  const topicNumbers = conceptNumbers(topics);
  const expandedNumbers = conceptNumbers(expanded);
  return {
    topics,
    expanded,
    specificIn,
    namesSpecific: [...topics].some((id) => !DOMAINS.has(id)),
    topicNumbers,
    topicBits: conceptBits(topicNumbers),
    expandedNumbers,
    expandedBits: conceptBits(expandedNumbers),
    specificInBits: conceptBits(conceptNumbers(specificIn)),
    genericBits: conceptBits(conceptNumbers(incidental(reading, topics))),
    actionMask: maskOf(actions, ACTION_ORDER),
    timeMask: maskOf(cues, TIME_ORDER),
    actions,
    audiences,
    audienceNumbers: conceptNumbers(audiences),
    memberNumbers: memberNumbers(reading.members),
    words: new Set(reading.words),
    wordList: reading.words,
    language: reading.language,
    wordsAcross: new Set([...reading.surfaces.values()].filter((w) => w.length >= ACROSS_MIN_LENGTH).map(wordKeyAcross)),
    surfaces: reading.surfaces,
    place,
    placeName,
    category: descriptors.category?.trim().toLowerCase() || undefined,
  };
}

/**
 * The concepts a card names only by a generic word or in its setting, when it also names something
 * clearly: "bees have moved into my chimney" is about bees, not moving. A card whose only topics are
 * generic ("giving a talk at a meetup") is about them, and they count fully.
 */
function incidental(reading: CardReading, topics: ReadonlySet<string>): string[] {
  const generic = reading.generic.filter((id) => topics.has(id));
  const namesClearly = [...topics].some((id) => !generic.includes(id));
  return namesClearly ? generic : [];
}

/** Both say when (days, or parts of the day) and no time of one is a time of the other. */
function timesClash(need: number, offer: number, kind: number): boolean {
  const a = need & kind;
  const b = offer & kind;
  return a !== 0 && b !== 0 && (a & b) === 0;
}

/** Both say what kind of exchange, and nothing the need asks for is something the offer gives. */
function actionsConflict(need: number, offer: number): boolean {
  if (need === 0 || offer === 0) return false;
  for (let bit = 0; bit < MEETS.length; bit++) if (need & (1 << bit) && MEETS[bit]! & offer) return false;
  return true;
}

/** The threshold as a logit: the least evidence a pair needs. */
export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/**
 * What the terms that need nothing shared in the index (the same category, kind of exchange,
 * lexicon member, audience or time) can add at most to a pair with this card: each only when the
 * card has one. Worked out once per query card, it keeps bestPossible tight.
 */
export function possibleExtras(card: ScoredCard): number {
  let z = 0;
  if (card.category !== undefined) z += WEIGHTS.sameCategory;
  if (card.actionMask !== 0) z += WEIGHTS.actionMatch;
  if (card.memberNumbers.length > 0) z += WEIGHTS.sameMember;
  if (card.audienceNumbers.length > 0) z += WEIGHTS.audience;
  if (card.timeMask !== 0) z += WEIGHTS.timeFits;
  return z;
}

const MOST_FOR_SPECIFIC = Math.max(WEIGHTS.firstSpecific, WEIGHTS.related, WEIGHTS.genericSpecific) + 2 * WEIGHTS.moreSpecific;
const MOST_FOR_DOMAINS =
  Math.max(WEIGHTS.needGeneral, WEIGHTS.needGeneralInPassing, WEIGHTS.needGeneralGeneric) + Math.max(WEIGHTS.offerGeneral, WEIGHTS.offerGeneralBeside);

/**
 * The most a pair can score (as a logit) from what the index saw it share (some specific or
 * related concept or not, how many domains and words; words across two languages are compared
 * by another key, so the caller bounds those itself) and the query card's possibleExtras. Every
 * penalty counted as zero: a query skips pairs that cannot clear the threshold without scoring them.
 */
export function bestPossible(sharesSpecific: boolean, sharedDomains: number, sharedWords: number, extras: number): number {
  let z = WEIGHTS.bias + extras;
  if (sharesSpecific) z += MOST_FOR_SPECIFIC;
  if (sharedDomains > 0) z += MOST_FOR_DOMAINS;
  if (sharedWords > 0) z += WEIGHTS.firstWord + WEIGHTS.moreWords * Math.min(2, sharedWords - 1);
  return z;
}

function logistic(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** What a need and an offer share, named: the why. fitScore() counts the same things. */
interface Shared {
  specific: string[];
  /** The offer's concepts related to one the need names (the van for moving house). */
  related: string[];
  /** Domains the need names generally ("help in my garden") and the offer is in. */
  needGeneral: string[];
  /** Domains the need is specific in and the offer names only generally ("I love animals"). */
  offerGeneral: string[];
  siblings: number;
  words: string[];
}

function shared(need: ScoredCard, offer: ScoredCard): Shared {
  const specific: string[] = [];
  for (const id of need.topics) if (offer.topics.has(id) && !DOMAINS.has(id)) specific.push(id);
  const related = new Set<string>();
  for (const id of need.topics) if (!offer.topics.has(id)) for (const other of RELATED.get(id) ?? []) if (offer.topics.has(other)) related.add(other);
  const needGeneral: string[] = [];
  const offerGeneral: string[] = [];
  let siblings = 0;
  for (const domain of need.expanded) {
    if (!DOMAINS.has(domain) || !offer.expanded.has(domain)) continue;
    if (specific.some((id) => parentOf(id) === domain)) continue;
    if (!need.specificIn.has(domain)) needGeneral.push(domain);
    else if (!offer.specificIn.has(domain)) offerGeneral.push(domain);
    // Both specific, but about different things: dog walking for a cat sitter.
    else siblings++;
  }
  const words: string[] = [];
  if (need.language === offer.language) {
    for (const w of need.words) if (offer.words.has(w)) words.push(w);
  } else for (const [w, surface] of need.surfaces) if (surface.length >= ACROSS_MIN_LENGTH && offer.wordsAcross.has(wordKeyAcross(surface))) words.push(w);
  return { specific, related: [...related], needGeneral, offerGeneral, siblings, words };
}

/** How well an offer fits a need, in (0, 1); undefined when they have nothing in common. */
export function fitScore(need: ScoredCard, offer: ScoredCard): number | undefined {
  // Counts only, on concept numbers and bits (this runs for every candidate pair); sharedTerms() lists the same things.
  let specific = 0;
  let genericSpecific = 0;
  let related = 0;
  let unmet = 0;
  let parentA = -1;
  let parentB = -1;
  let moreParents: number[] | undefined;
  // Indexed loops: iterating a typed array with for..of costs an iterator per pair.
  const topics = need.topicNumbers;
  for (let i = 0; i < topics.length; i++) {
    const n = topics[i]!;
    if (hasBit(offer.topicBits, n)) {
      if (IS_DOMAIN[n]) continue;
      if (hasBit(need.genericBits, n) || hasBit(offer.genericBits, n)) genericSpecific++;
      else specific++;
      const parent = PARENT_OF[n]!;
      if (parent < 0 || parent === parentA || parent === parentB) continue;
      if (parentA < 0) parentA = parent;
      else if (parentB < 0) parentB = parent;
      else (moreParents ??= []).push(parent);
      continue;
    }
    const others = RELATED_TO[n];
    let met = false;
    if (others !== undefined) for (let j = 0; j < others.length; j++) if (hasBit(offer.topicBits, others[j]!)) (related++, (met = true));
    // Something specific the need asks for that the offer, specific in the same field, does not
    // give: milking the goats asked, moving goats offered (the animal shared, the activity not).
    const parent = PARENT_OF[n]!;
    if (!met && !IS_DOMAIN[n] && parent >= 0 && !hasBit(need.genericBits, n) && hasBit(offer.specificInBits, parent)) unmet++;
  }
  let needGeneral = 0;
  let needGeneralGeneric = 0;
  let offerGeneral = 0;
  let siblings = 0;
  const expanded = need.expandedNumbers;
  for (let i = 0; i < expanded.length; i++) {
    const d = expanded[i]!;
    if (!IS_DOMAIN[d] || !hasBit(offer.expandedBits, d) || d === parentA || d === parentB || moreParents?.includes(d)) continue;
    if (!hasBit(need.specificInBits, d)) {
      if (hasBit(need.genericBits, d) || hasBit(offer.genericBits, d)) needGeneralGeneric++;
      else needGeneral++;
    }
    else if (!hasBit(offer.specificInBits, d)) offerGeneral++;
    else siblings++;
  }
  let words = 0;
  const needWords = need.wordList;
  if (need.language !== offer.language) {
    // Two languages stem apart: names and loanwords ("Gründungszuschuss", "Flutter") by a shared key.
    if (offer.wordsAcross.size > 0) for (const key of need.wordsAcross) if (offer.wordsAcross.has(key)) words++;
  } else if (offer.wordList.length > 0) for (let i = 0; i < needWords.length; i++) if (offer.words.has(needWords[i]!)) words++;
  if (specific + genericSpecific + related + needGeneral + needGeneralGeneric + offerGeneral + words === 0) return undefined;

  let z = WEIGHTS.bias;
  if (specific > 0) z += WEIGHTS.firstSpecific + WEIGHTS.moreSpecific * Math.min(2, specific - 1 + related + genericSpecific);
  else if (related > 0) z += WEIGHTS.related + WEIGHTS.moreSpecific * Math.min(2, related - 1 + genericSpecific);
  else if (genericSpecific > 0) z += WEIGHTS.genericSpecific + WEIGHTS.moreSpecific * Math.min(2, genericSpecific - 1);
  const exact = specific + related > 0;
  // A need that names only fields ("help in my garden") asks for the field; one that also names
  // specific things mentions the field in passing ("shelves in the kids' room").
  if (needGeneral > 0) z += !need.namesSpecific ? WEIGHTS.needGeneral : WEIGHTS.needGeneralInPassing;
  else if (needGeneralGeneric > 0) z += WEIGHTS.needGeneralGeneric;
  if (offerGeneral > 0) z += exact ? WEIGHTS.offerGeneralBeside : WEIGHTS.offerGeneral;
  if (words > 0) z += WEIGHTS.firstWord + WEIGHTS.moreWords * Math.min(2, words - 1);
  z -= WEIGHTS.sibling * Math.min(1, siblings) * (specific > 0 ? 0.5 : 1);
  if (specific + genericSpecific > 0) z -= WEIGHTS.unmetSibling * Math.min(1, unmet);
  // The same words for the thing (both say "bouncy castle"), not only the same concept.
  if (sharesAny(need.memberNumbers, offer.memberNumbers)) z += WEIGHTS.sameMember;
  if (sharesAny(need.audienceNumbers, offer.audienceNumbers)) z += WEIGHTS.audience;
  if ((need.actionMask & offer.actionMask) !== 0) z += WEIGHTS.actionMatch;
  else if (actionsConflict(need.actionMask, offer.actionMask)) z -= WEIGHTS.actionConflict;
  // A need to learn or to have something fixed is not met by an offer that only does the thing.
  else if (offer.actionMask === 0 && (need.actionMask & (TEACH | REPAIR)) !== 0) z -= WEIGHTS.askNotOffered;
  // Lessons offered to a need that asks for the thing done, not to learn it ("chat with me" is not English lessons).
  else if (need.actionMask === 0 && (offer.actionMask & TEACH) !== 0) z -= WEIGHTS.teachNotAsked;
  if (timesClash(need.timeMask, offer.timeMask, DAYS) || timesClash(need.timeMask, offer.timeMask, PARTS)) z -= WEIGHTS.timeConflict;
  // Both say when, and it is the same time: the text says they can meet.
  else if ((need.timeMask & offer.timeMask) !== 0) z += WEIGHTS.timeFits;
  const placesClash =
    (need.place && offer.place && need.place !== offer.place) ||
    (need.placeName !== undefined && offer.placeName !== undefined && need.placeName !== offer.placeName);
  if (placesClash) z -= WEIGHTS.placeConflict;
  if (need.category !== undefined && need.category === offer.category) z += WEIGHTS.sameCategory;
  return logistic(z);
}

/** The why of a pair: shared concepts, the most telling first, then shared words as the need wrote them. */
export function sharedTerms(need: ScoredCard, offer: ScoredCard): string[] {
  const { specific, related, needGeneral, offerGeneral, words } = shared(need, offer);
  const sharedActions = [...need.actions].filter((a) => offer.actions.has(a));
  const sharedAudiences = [...need.audiences].filter((a) => offer.audiences.has(a));
  const why = [...specific.sort(), ...related.sort(), ...needGeneral.sort(), ...offerGeneral.sort(), ...sharedActions.sort(), ...sharedAudiences.sort()];
  for (const w of words.sort()) why.push(need.surfaces.get(w) ?? w);
  return why.slice(0, MAX_WHY);
}
