// The kinds of card, as one table. Each kind is one row: how it looks, what it carries, when the
// room may post it, what a phone offers on it, how it pairs and how it matches. Code that differs
// by kind reads its row here, or switches over the kind with `assertNever` in the default case, so
// adding a row makes `npm run typecheck` point at every place that must answer (see
// docs/decisions/007-kinds-of-card-table.md). Pure data: no I/O.
import type { StageKey } from "./agenda.ts";
import type { RefusalCode } from "./refusals.ts";

/** The optional details a card may carry besides its text and tags. */
export type Descriptor = "category" | "exchange" | "when" | "where" | "urgency" | "starred";

/** The two sides of a connection: a connection always pairs one offer with one need. */
export const SIDES = ["offer", "need"] as const;
export type Side = (typeof SIDES)[number];
/** The other side of a connection. */
export const OTHER_SIDE: Readonly<Record<Side, Side>> = { offer: "need", need: "offer" };

/** Locale keys (app/locales/*.json) for what the screens say about a kind. */
interface KindWords {
  /** The card's label ("Offer"). */
  label: string;
  /** The plural, as a heading or filter ("Offers"). */
  plural: string;
  /** The projector's count label ("Offers" under the harvest chart's bar). */
  count: string;
  /** The plural inside a sentence, in the agenda's "posts …" line ("offers"). */
  pluralInline: string;
  /** The composer's choice of this kind ("I can offer"). */
  compose: string;
  /** The composer's heading when only this kind is open ("Add your offers"). */
  addHeading: string;
  placeholder: string;
  postButton: string;
  /** A phone's action on someone else's card of this kind ("I'm interested"). */
  respond: string;
  /** Choosing one of my own cards of this kind for a request ("With your offer"). */
  chooseMine: string;
  /** Writing a new card of this kind for a request ("What can you offer them?"). */
  writeMine: string;
  /** A card of this kind written for a request, kept until the kind opens (server/market/drafts.ts). */
  keptForLater: string;
  /** A request that reached me on my card of this kind ({{who}} can help with …). */
  requestToMine: string;
  /** The host paired my card of this kind with someone else's ({{who}} offers … for your need). */
  hostSuggestsForMine: string;
  /** A suggestion whose other card is of this kind ({{who}} needs "…"). */
  suggestionOfTheirs: string;
  /** Suggesting someone else for a card of this kind ("I know who could help"). */
  knowWho: string;
  /** My own card of this kind in a suggestion ("Your offer: …"). */
  yourCard: string;
  /** The wall's empty column ("No offers yet — be the first!"). */
  wallEmpty: string;
  /** The projector's spotlight while a round hears this kind ("Now sharing offers"). */
  nowSharing: string;
  /** The projector's still-open column ("Offers still open"). */
  stillOpen: string;
}

interface KindRow<Kind extends string> {
  /** Plural in the data: counts (`counts.offers`), wall columns, refusal codes. */
  plural: string;
  /** CSS custom property holding the kind's colour (app/styles/app.css). */
  colour: `--${string}`;
  /** The kind's bar in the projector's harvest chart (dark background). */
  chartColour: `#${string}`;
  /** The kind's shape, drawn by app/components/kind-icon.tsx (shape, not colour, tells kinds apart). */
  icon: "triangle" | "circle" | "star";
  /** Descriptors a card of this kind takes; others are dropped on the way in. */
  descriptors: readonly Descriptor[];
  /** The agenda's stages that open posting this kind (the host may open every kind at any time). */
  openIn: readonly StageKey[];
  /**
   * A kind the room takes up only when the host does (its own stage, or "open dreams"): not open
   * before the agenda starts nor with "open offers and needs", and off the wall until it is open
   * or has cards. The others are the market's own.
   */
  optional?: true;
  /** Refusal code when someone posts this kind while it is not open (server/market/refusals.ts). */
  notOpen: RefusalCode;
  /**
   * How it pairs in a connection: its side, and the kind of card on the other side. A kind without
   * it does not pair: it gathers people into a circle (a dream, circles.ts).
   */
  pairs?: { side: Side; counterpart: Side };
  /** The kind the matching engine pairs a card of this kind with; none for a kind that gathers. */
  matchesAgainst?: Kind;
  words: KindWords;
}

const COMMON_DESCRIPTORS = ["category", "exchange", "when", "where"] as const;
const LATER_STAGES = ["network-rotate", "prioritise", "still-open", "final-networking", "write", "hear", "network"] as const;

const TABLE = {
  offer: {
    plural: "offers",
    colour: "--offer",
    chartColour: "#8fd3ff",
    icon: "triangle",
    descriptors: COMMON_DESCRIPTORS,
    openIn: ["explore-offers", "hear-offers", "network-offers", ...LATER_STAGES],
    notOpen: "offers_not_open",
    pairs: { side: "offer", counterpart: "need" },
    matchesAgainst: "need",
    words: {
      label: "post.offer",
      plural: "host.offers",
      count: "screen.offersCount",
      pluralInline: "agenda.postsOffers",
      compose: "phone.iCanOffer",
      addHeading: "phone.addOffers",
      placeholder: "phone.offerPlaceholder",
      postButton: "phone.postOffer",
      respond: "phone.interested",
      chooseMine: "phone.withOffer",
      writeMine: "phone.whatOffer",
      keptForLater: "phone.keptOffer",
      requestToMine: "phone.interestedIn",
      hostSuggestsForMine: "phone.suggestNeeds",
      suggestionOfTheirs: "suggest.offers",
      knowWho: "suggest.knowWhoNeeds",
      yourCard: "suggest.yourOffer",
      wallEmpty: "screen.noOffers",
      nowSharing: "screen.nowSharingOffers",
      stillOpen: "screen.offersOpen",
    },
  },
  need: {
    plural: "needs",
    colour: "--need",
    chartColour: "#ffb877",
    icon: "circle",
    descriptors: [...COMMON_DESCRIPTORS, "urgency", "starred"],
    openIn: ["explore-needs", "hear-needs", ...LATER_STAGES],
    notOpen: "needs_not_open",
    pairs: { side: "need", counterpart: "offer" },
    matchesAgainst: "offer",
    words: {
      label: "post.need",
      plural: "host.needs",
      count: "screen.needsCount",
      pluralInline: "agenda.postsNeeds",
      compose: "phone.iNeed",
      addHeading: "phone.addNeeds",
      placeholder: "phone.needPlaceholder",
      postButton: "phone.postNeed",
      respond: "phone.canHelp",
      chooseMine: "phone.forNeed",
      writeMine: "phone.whatNeed",
      keptForLater: "phone.keptNeed",
      requestToMine: "phone.canHelpWith",
      hostSuggestsForMine: "phone.suggestOffers",
      suggestionOfTheirs: "suggest.needs",
      knowWho: "suggest.knowWhoHelps",
      yourCard: "suggest.yourNeed",
      wallEmpty: "screen.noNeeds",
      nowSharing: "screen.nowSharingNeeds",
      stillOpen: "screen.needsOpen",
    },
  },
  dream: {
    plural: "dreams",
    colour: "--dream",
    chartColour: "#c9a7ff",
    icon: "star",
    descriptors: ["category", "when", "where"],
    // Only its own (optional) stage: elsewhere the host opens dreams when the room is ready for them.
    openIn: ["share-dreams"],
    optional: true,
    notOpen: "dreams_not_open",
    words: {
      label: "post.dream",
      plural: "host.dreams",
      count: "screen.dreamsCount",
      pluralInline: "agenda.postsDreams",
      compose: "phone.iDream",
      addHeading: "phone.addDreams",
      placeholder: "phone.dreamPlaceholder",
      postButton: "phone.postDream",
      respond: "dream.imIn",
      chooseMine: "dream.withMine",
      writeMine: "dream.writeMine",
      keptForLater: "phone.keptDream",
      requestToMine: "dream.gathered",
      hostSuggestsForMine: "dream.suggested",
      suggestionOfTheirs: "suggest.dreams",
      knowWho: "suggest.knowWhoDreams",
      yourCard: "suggest.yourDream",
      wallEmpty: "screen.noDreams",
      nowSharing: "screen.nowSharingDreams",
      stillOpen: "screen.dreamsOpen",
    },
  },
  // A new kind of card is a new row here: docs/decisions/007-kinds-of-card-table.md lists what else it touches.
} as const;

export type PostKind = keyof typeof TABLE;
/** The table, checked row by row against its shape. */
export const KINDS: { readonly [K in PostKind]: KindRow<PostKind> } = TABLE;
/** "offers", "needs": the names of per-kind fields in counts and wall columns. */
export type KindPlural = (typeof TABLE)[PostKind]["plural"];
export const pluralOf = <K extends PostKind>(kind: K): (typeof TABLE)[K]["plural"] => TABLE[kind].plural;
/** Every kind, in the table's order (the order screens list them in). */
export const POST_KINDS = Object.keys(TABLE) as [PostKind, ...PostKind[]];
/** The market's own kinds, open whenever the phase alone decides (not the optional ones). */
export const EVERYDAY_KINDS: readonly PostKind[] = POST_KINDS.filter((kind) => !KINDS[kind].optional);

/**
 * Whether a kind belongs on a screen now (the wall's columns, the phone's filter, the console's
 * figures, the harvest): an everyday kind always; an optional kind (dreams) while it is open or
 * once the room has cards of it, so a market that never uses dreams never shows an empty "Dreams".
 */
export const kindShows = (kind: PostKind, open: boolean, cards: number): boolean => !KINDS[kind].optional || open || cards > 0;

/** One value per kind, named by the kind's plural: `{ offers, needs }` (counts, wall columns). */
export function perKind<T>(value: (kind: PostKind) => T): Record<KindPlural, T> {
  return Object.fromEntries(POST_KINDS.map((kind) => [pluralOf(kind), value(kind)])) as Record<KindPlural, T>;
}

/** How many cards of each kind: `{ offers, needs }`. */
export function countKinds(posts: Iterable<{ kind: PostKind }>): Record<KindPlural, number> {
  const counts = perKind(() => 0);
  for (const post of posts) counts[pluralOf(post.kind)]++;
  return counts;
}

/** "Offers": the kind's heading in the English exports (vCard notes, printed summary). */
export const englishHeading = (kind: PostKind): string => KINDS[kind].plural.charAt(0).toUpperCase() + KINDS[kind].plural.slice(1);
// Not Object.hasOwn: phones run this too, and Safari before 15.4 lacks it.
export const isPostKind = (value: string): value is PostKind => Object.prototype.hasOwnProperty.call(TABLE, value);
export const takes = (kind: PostKind, descriptor: Descriptor): boolean => KINDS[kind].descriptors.includes(descriptor);
/** The kinds a stage opens, read from the table. */
export const kindsOpenIn = (stage: StageKey): PostKind[] => POST_KINDS.filter((kind) => KINDS[kind].openIn.includes(stage));

/** The kinds that pair into connections (offer, need); the others gather a circle. */
export const pairsOf = (kind: PostKind): { side: Side; counterpart: Side } | undefined => KINDS[kind].pairs;
export const PAIRING_KINDS: readonly Side[] = SIDES;

/** The connection's offer and need ids, from my card and the other person's card. */
export function connectionPair(mine: { id: string; kind: PostKind }, theirsId: string): { offerId: string; needId: string } {
  const side = KINDS[mine.kind].pairs?.side;
  if (!side) throw new Error(`a ${mine.kind} does not pair into a connection`);
  switch (side) {
    case "offer":
      return { offerId: mine.id, needId: theirsId };
    case "need":
      return { offerId: theirsId, needId: mine.id };
    default:
      return assertNever(side);
  }
}

/** The compiler's check that a switch covers every case. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}
