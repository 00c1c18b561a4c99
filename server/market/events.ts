// The live events a market publishes after each durable change. Every event carries the changed
// object and the market's sequence number, so a screen can detect a gap and catch up.
import type { Phase } from "./model.ts";
import type { Round } from "./round.ts";
import type { FacilitationView, MarketCounts, PublicConnection, PublicParticipant, PublicPost } from "./views.ts";

export interface Harvest {
  counts: MarketCounts;
  connections: Array<{ offerAuthorName: string; needAuthorName: string; offerText: string; needText: string }>;
}

export interface MarketEventMap {
  "participant:joined": { participant: PublicParticipant; counts: MarketCounts };
  "post:created": { post: PublicPost; counts: MarketCounts };
  "post:updated": { post: PublicPost };
  /** `reason: "hidden"` when the host hid it (its author's screen says so). */
  "post:removed": { postId: string; counts: MarketCounts; reason?: "hidden" | "removed" };
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
  /** The host removed someone: their posts are gone (post:removed follows for each). */
  "participant:removed": { participantId: string; counts: MarketCounts };
}

export type MarketEventType = keyof MarketEventMap;

export type MarketEvent = {
  [T in MarketEventType]: { type: T; seq: number; at: string } & MarketEventMap[T];
}[MarketEventType];

/** What travels on the socket: the event without its `type`, which is the socket event name. */
export type EventPayload<T extends MarketEventType> = { seq: number; at: string } & MarketEventMap[T];

export type MarketEventListener = (marketId: string, event: MarketEvent) => void;
