// What each audience may see of a market. Contact details appear in exactly two places:
// a participant's own follow-ups (accepted connections only) and the host's exports (with consent).
import { currentStage, type Agenda } from "./agenda.ts";
import type { Table } from "./groups.ts";
import { DEFAULT_CATEGORIES, type Connection, type Market, type MarketLanguage, type Participant, type Phase, type Post, type PostKind, type ProjectorView, type Side } from "./model.ts";
import type { Round } from "./round.ts";
import { roomPlan, type RoomPlan } from "./stage-plan.ts";
import { countsOf, type MarketCounts } from "./visibility.ts";

// Counts and who sees what are defined in visibility.ts; re-exported for the modules that read
// them with the other views.
export { countsOf, visibleTo, type MarketCounts } from "./visibility.ts";

export interface PublicParticipant {
  id: string;
  name: string;
  joinedAt: string;
}

/** A post as screens see it: without its author's client id, with the author's name. The host's
 *  `hidden` marker reaches only its author's screen. */
export type PublicPost = Omit<Post, "clientId"> & {
  authorName: string;
  /** A dream's: how many gathered around it. */
  gathered?: number;
  /** A dream's: how many people its circle holds (the dreamer and those accepted), 0 until someone is accepted. */
  circleSize?: number;
};

/** What every screen needs to follow the facilitator: the agenda, tables, categories, locks. */
export interface FacilitationView {
  agenda: Agenda;
  /** What the room does now on every screen: the current stage's row of stage-plan.ts. */
  plan: RoomPlan;
  openKinds: PostKind[];
  postingOverride: boolean;
  /** The host opened dreams whatever the stage. */
  dreamsOpen: boolean;
  tables: Table[];
  groupSize: number | null;
  rotation: number;
  categories: string[];
  joiningLocked: boolean;
  projectorView: ProjectorView;
  /** The category the projector shows alone, or null for all (a screen's `?category=` overrides it). */
  projectorCategory: string | null;
  language: MarketLanguage;
  /** The host is rehearsing with test phones: everything made now goes at the reset (rehearsal.ts). */
  rehearsal: boolean;
}

export type PublicPostFilter = (post: Post) => boolean;

/** A connection as screens see it. The projector's copy leaves out who asked and who answered (audiences.ts). */
export type PublicConnection = Omit<Connection, "requestedBy" | "acceptedBy"> &
  Partial<Pick<Connection, "requestedBy" | "acceptedBy">> & { offerAuthorName: string; needAuthorName: string };

export interface MarketSummary {
  code: string;
  title: string;
  phase: Phase;
  /** The language of the projector and the host console. */
  language: MarketLanguage;
  counts: MarketCounts;
}

export interface MarketSnapshot extends MarketSummary {
  id: string;
  /** Set by a screen when it hears `market:deleted`; the server never sends a deleted market. */
  deleted?: boolean;
  seq: number;
  participants: PublicParticipant[];
  posts: PublicPost[];
  connections: PublicConnection[];
  facilitation: FacilitationView;
  round: Round | null;
  /** The server's clock (ms) when the snapshot was made: screens count down against it. */
  serverNow: number;
  /** A closed market's harvest figure: people who leave with a connection or a circle (never who). */
  connectedPeople?: number;
}

export interface FollowUp {
  connectionId: string;
  /** Which side of the connection the other person is on. */
  theirSide: Side;
  name: string;
  contact: string;
  offerText: string;
  needText: string;
  acceptedAt: string;
}

/** A name as the wall shows it: the first word, so a full name never sits on the projector. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

export const LEFT = "someone who left";

export function nameOf(market: Market, participantId: string): string {
  return market.participants.find((p) => p.id === participantId)?.name ?? LEFT;
}

export function publicParticipant(p: Participant): PublicParticipant {
  return { id: p.id, name: p.name, joinedAt: p.joinedAt };
}

export function publicPost(post: Post, authorName: string): PublicPost {
  const { clientId: _clientId, ...rest } = post;
  return { ...rest, authorName };
}

export function publicConnection(connection: Connection, names: (id: string) => string): PublicConnection {
  return {
    ...connection,
    offerAuthorName: names(connection.offerParticipantId),
    needAuthorName: names(connection.needParticipantId),
  };
}

/** `counts`: a loaded market's kept counts (loaded.counts()); a recount only for a market not loaded. */
export function summaryOf(market: Market, counts: MarketCounts = countsOf(market)): MarketSummary {
  return { code: market.code, title: market.title, phase: market.phase, language: market.language ?? "en", counts };
}

export const categoriesOf = (market: Market): string[] => market.categories ?? [...DEFAULT_CATEGORIES];

export function facilitationView(market: Market, agenda: Agenda): FacilitationView {
  const plan = roomPlan(market.phase, currentStage(agenda), market.postingOverride, market.dreamsOpen);
  return {
    agenda,
    plan,
    openKinds: [...plan.opens],
    dreamsOpen: market.dreamsOpen === true,
    postingOverride: market.postingOverride === "both",
    tables: market.groups?.tables ?? [],
    groupSize: market.groups?.size ?? null,
    rotation: market.groups?.rotation ?? 0,
    categories: categoriesOf(market),
    joiningLocked: market.joiningLocked === true,
    projectorView: market.projectorView ?? "wall",
    projectorCategory: market.projectorCategory ?? null,
    language: market.language ?? "en",
    rehearsal: market.rehearsal !== undefined,
  };
}
