// The live events a market publishes after each durable change. Every event carries the changed
// object and the market's sequence number, so a screen can detect a gap and catch up.
import type { Phase } from "./model.ts";
import type { MarketCounts, PublicConnection, PublicParticipant, PublicPost } from "./views.ts";

export interface Harvest {
  counts: MarketCounts;
  connections: Array<{ offerAuthorName: string; needAuthorName: string; offerText: string; needText: string }>;
}

export interface MarketEventMap {
  "participant:joined": { participant: PublicParticipant; counts: MarketCounts };
  "post:created": { post: PublicPost; counts: MarketCounts };
  "post:updated": { post: PublicPost };
  "post:removed": { postId: string; counts: MarketCounts };
  "connection:created": { connection: PublicConnection; counts: MarketCounts };
  "connection:updated": { connection: PublicConnection; counts: MarketCounts };
  "phase:changed": { phase: Phase };
  "market:closed": { harvest: Harvest };
  /** A participant left and erased their data; connections they were in now show "someone who left". */
  "participant:left": { participantId: string; connections: PublicConnection[]; counts: MarketCounts };
  /** The host deleted the market, or its retention time ran out: screens show that it is gone. */
  "market:deleted": { reason: "host" | "retention" };
}

export type MarketEventType = keyof MarketEventMap;

export type MarketEvent = {
  [T in MarketEventType]: { type: T; seq: number; at: string } & MarketEventMap[T];
}[MarketEventType];

/** What travels on the socket: the event without its `type`, which is the socket event name. */
export type EventPayload<T extends MarketEventType> = { seq: number; at: string } & MarketEventMap[T];

export type MarketEventListener = (marketId: string, event: MarketEvent) => void;
