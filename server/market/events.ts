// The live events a market publishes after each durable change. Every event carries the changed
// object and the market's sequence number, so a screen can detect a gap and catch up.
import type { EventAudiences } from "./audiences.ts";
import type { PublicCircle } from "./circles.ts";
import type { Phase } from "./model.ts";
import type { Round } from "./round.ts";
import type { FacilitationView, MarketCounts, PublicConnection, PublicParticipant, PublicPost } from "./views.ts";

export interface Harvest {
  counts: MarketCounts;
  /** People who leave with at least one accepted connection or circle (circles.ts, connectedPeopleOf). */
  connectedPeople: number;
  connections: Array<{ offerAuthorName: string; needAuthorName: string; offerText: string; needText: string }>;
}

export interface MarketEventMap {
  "participant:joined": { participant: PublicParticipant; counts: MarketCounts };
  "post:created": { post: PublicPost; counts: MarketCounts };
  "post:updated": { post: PublicPost };
  /**
   * `reason: "hidden"` when the host hid it (its author's screen says so). `connectionIds`: the
   * connections that leave this screen with the post (the projector's, when a post is hidden).
   */
  "post:removed": { postId: string; counts: MarketCounts; reason?: "hidden" | "removed"; connectionIds?: string[] };
  "connection:created": { connection: PublicConnection; counts: MarketCounts };
  "connection:updated": { connection: PublicConnection; counts: MarketCounts };
  "phase:changed": { phase: Phase };
  "market:closed": { harvest: Harvest };
  /** A participant left and erased their data; connections they were in now show "someone who left". */
  "participant:left": { participantId: string; connections: PublicConnection[]; counts: MarketCounts };
  /** The host deleted the market, or its retention time ran out: screens show that it is gone. */
  "market:deleted": { reason: "host" | "retention" };
  /** The sharing round: speaker, order and clock. `serverNow` lets screens align their clocks. */
  "round:changed": { round: Round | null; serverNow: number };
  /** Agenda, tables, categories, locks and what the projector shows. */
  "facilitation:changed": { facilitation: FacilitationView; serverNow: number };
  /**
   * The host reset a rehearsed market to empty (rehearsal.ts): every person, card and connection is
   * gone; what was prepared stays. Phones of the rehearsal go back to the join page.
   */
  "market:reset": { phase: Phase; counts: MarketCounts; facilitation: FacilitationView; serverNow: number };
  /** The host removed someone: their posts are gone (post:removed follows for each). */
  "participant:removed": { participantId: string; counts: MarketCounts };
  /** Someone gathered around a dream, was accepted into its circle, or left it (for its people and the host). */
  "circle:updated": { circle: PublicCircle };
}

export type MarketEventType = keyof MarketEventMap;

export type MarketEvent = {
  [T in MarketEventType]: { type: T; seq: number; at: string } & MarketEventMap[T];
}[MarketEventType];

/**
 * What a screen receives in place of an event that is not for it (another pair's connection
 * request, another person's hidden post): its seq alone, so the market's one seq stays gap-free on
 * every screen. Who receives what is decided in audiences.ts (docs/decisions/011-event-audiences.md).
 */
export interface WithheldEvent {
  type: "withheld";
  seq: number;
}

/** An event as one screen receives it. */
export type LiveEvent = MarketEvent | WithheldEvent;

/** What travels on the socket: the event without its `type`, which is the socket event name. */
export type EventPayload<T extends MarketEventType> = { seq: number; at: string } & MarketEventMap[T];

/**
 * Hears each event as it is published; `audiences()` says what each audience receives of it, and
 * must be asked before the listener returns (it reads the market as the event left it).
 */
export type MarketEventListener = (marketId: string, event: MarketEvent, audiences: () => EventAudiences) => void;
