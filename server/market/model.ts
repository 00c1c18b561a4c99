// The market's data as it is stored and reasoned about. Plain data only: no I/O, no transport.
import type { Agenda } from "./agenda.ts";
import type { Groups } from "./groups.ts";
import type { Round } from "./round.ts";

export const PHASES = ["lobby", "sharing", "connecting", "closed"] as const;
export type Phase = (typeof PHASES)[number];

// The kinds of card are rows of one table (kinds.ts); these re-exports keep one name for each.
export { POST_KINDS, type PostKind, type Side } from "./kinds.ts";
import type { PostKind, Side } from "./kinds.ts";

export const SCHEMA_VERSION = 1;

// The format's descriptors on every card. All optional: a card with only text is fine.
export const DEFAULT_CATEGORIES = ["skills", "things", "time & help", "knowledge", "space", "other"] as const;
export const EXCHANGES = ["gift", "barter", "paid", "negotiable"] as const;
export type Exchange = (typeof EXCHANGES)[number];
export const URGENCIES = ["low", "medium", "high"] as const;
export type Urgency = (typeof URGENCIES)[number];
export const WHERE_KINDS = ["here", "online", "place"] as const;
export type WhereKind = (typeof WHERE_KINDS)[number];
export interface Where {
  kind: WhereKind;
  /** For "place": which place. */
  place?: string;
}

export interface Participant {
  id: string;
  name: string;
  contact: string;
  shareContactWithHost: boolean;
  /** sha256 of the participant's bearer token; the token itself is never stored. */
  tokenHash: string;
  joinedAt: string;
  /** Set when the host removed this person: their token is refused and their posts hidden. */
  removedAt?: string;
  /** Added at the helper desk (no phone of their own): the desk acts for them (desk.ts). */
  atDesk?: boolean;
  /** sha256 of the personal code that brings this person back on another browser (personal-codes.ts). */
  personalCodeHash?: string;
  /** sha256 of the tokens of the browsers that came back by the personal code (newest last). */
  comebackTokenHashes?: string[];
}

export interface Post {
  id: string;
  kind: PostKind;
  text: string;
  tags: string[];
  participantId: string;
  /** The author's client-made id, so a resend after a dropped connection never duplicates. */
  clientId?: string;
  createdAt: string;
  updatedAt?: string;
  /** One of the market's categories (the matching engine reads `category`). */
  category?: string;
  exchange?: Exchange;
  /** Needs only. */
  urgency?: Urgency;
  /** When available, in the author's words ("weekends", "from May"). */
  when?: string;
  where?: Where;
  /** A need its author marked as the one that matters most (at most one per person). */
  starred?: boolean;
  /** Set when the host hid the post: gone from every screen but its author's. */
  hidden?: { at: string; reason?: string };
}

/**
 * A card written before its kind opens (in the lobby, or "I'm interested" while needs are not open
 * yet): posted when its kind opens, and then, if it answers someone's card, sent as a request to
 * connect with it. Only its author sees it.
 */
export interface Draft {
  id: string;
  participantId: string;
  kind: PostKind;
  text: string;
  /** The card this one answers ("I'm interested" in an offer, "I can help" with a need). */
  answers?: string;
  /** The author's client-made id, so a resend never makes a second draft. */
  clientId?: string;
  createdAt: string;
}

export type ConnectionStatus = "pending" | "accepted" | "declined";

export interface Connection {
  id: string;
  offerId: string;
  needId: string;
  offerParticipantId: string;
  needParticipantId: string;
  /** The texts as they were when the connection was made: what the two people agreed on. */
  offerText: string;
  needText: string;
  /** A participant id, or "host" when the facilitator proposed it. */
  requestedBy: string;
  /** The sides that have said yes; a connection is accepted when both have. */
  acceptedBy: Side[];
  status: ConnectionStatus;
  createdAt: string;
  updatedAt: string;
}

export interface Market {
  schemaVersion: number;
  id: string;
  code: string;
  title: string;
  /** sha256 of the host key; the key itself is never stored. */
  hostKeyHash: string;
  /** sha256 of the helper desk's key, while the host has a helper link out (desk.ts). */
  helperKeyHash?: string;
  phase: Phase;
  createdAt: string;
  closedAt?: string;
  /** When this market was restored from a JSON export; the retention clock restarts from it. */
  restoredAt?: string;
  /** Sequence number of the last published event; strictly increasing per market. */
  seq: number;
  participants: Participant[];
  posts: Post[];
  connections: Connection[];
  /** Cards waiting for their kind to open (optional: markets stored before drafts keep loading). */
  drafts?: Draft[];
  // ---- Facilitation (all optional: markets stored before it keep loading) ----
  agenda?: Agenda;
  /** The host opened both kinds of post whatever the stage. */
  postingOverride?: "both";
  round?: Round;
  groups?: Groups;
  categories?: string[];
  joiningLocked?: boolean;
  /** The most people the host expects (set from the attendance); joining stops there. */
  capacity?: number;
  /** What the projector's main area shows when no round is running (default: the wall). */
  projectorView?: ProjectorView;
  /** The one category the wall and the still-open view show, picked by the host (default: all). */
  projectorCategory?: string;
  /** The language of the projector and the host console, set by the host (default: English). */
  language?: MarketLanguage;
  /** Every moderation action, oldest first. */
  history?: ModerationEntry[];
  /** Set while the host rehearses with test phones: a reset empties the market (rehearsal.ts). */
  rehearsal?: { startedAt: string };
}

/** Languages the interface ships in (app/locales/<language>.json). */
export const MARKET_LANGUAGES = ["en", "es", "de", "fr"] as const;
export type MarketLanguage = (typeof MARKET_LANGUAGES)[number];

export const PROJECTOR_VIEWS = ["wall", "tables", "still-open", "overview"] as const;
export type ProjectorView = (typeof PROJECTOR_VIEWS)[number];

export interface ModerationEntry {
  at: string;
  action: "hide_post" | "unhide_post" | "edit_post" | "remove_participant" | "lock_joining" | "unlock_joining";
  postId?: string;
  participantId?: string;
  /** What changed, in words (the old text of an edited post, a reason). */
  detail?: string;
}
