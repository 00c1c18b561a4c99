// The wire contract of the live layer, shared by the server's emitter (socket-server.ts) and every
// client's listener (app/lib/use-live-market.ts, the tests, the bench). It imports types only, so a
// browser bundle that imports it gets a constant and two small functions, never server code.
//
// Wire format (README, "Live events"):
//   - a single event alone in its server tick travels as a socket event named after its type, with
//     the event without `type` as payload ({ seq, at, ... });
//   - an event that is not for this screen travels as `withheld` with its seq alone ({ seq }), so
//     every screen still sees every seq of its market (docs/decisions/011-event-audiences.md);
//   - two or more travel as one `batch` socket event: { events: [{ type, seq, at, ... }, ...] },
//     in strictly increasing seq order.
import type { Socket as ClientSocket } from "socket.io-client";
import type { EventPayload, LiveEvent, MarketEventType, WithheldEvent } from "../market/events.ts";
import type { HEARTBEAT_EVENT, Heartbeat } from "./heartbeat.ts";

export const BATCH_EVENT = "batch";

export interface EventBatch {
  events: LiveEvent[];
}

/** Server -> client market messages: one socket event per market event type, the withheld placeholder, and the batch. */
type MarketMessages = { [T in MarketEventType]: (payload: EventPayload<T>) => void } & {
  withheld: (payload: Omit<WithheldEvent, "type">) => void;
  [BATCH_EVENT]: (batch: EventBatch) => void;
};
/** Everything the server sends: the market messages, and the heartbeat (heartbeat.ts). */
export type ServerToClientEvents = MarketMessages & { [HEARTBEAT_EVENT]: (beat: Heartbeat) => void };
/** Clients only listen; they change the market over HTTP. */
export type ClientToServerEvents = Record<string, never>;
export type InterServerEvents = Record<string, never>;

export type LiveMessageName = keyof MarketMessages;
/** One market message as it travels: its name and its payload, correlated. */
export type LiveMessage = {
  [N in LiveMessageName]: { name: N; payload: Parameters<MarketMessages[N]>[0] };
}[LiveMessageName];

/** A client's socket, typed by the same map the server emits with. */
export type LiveSocket = ClientSocket<ServerToClientEvents, ClientToServerEvents>;

// Every live event type, checked by the compiler against MarketEventMap: a type added there
// without its entry here (or an entry left over) fails `npm run typecheck`.
const LIVE_EVENT_TYPES = Object.keys({
  withheld: true,
  "participant:joined": true,
  "post:created": true,
  "post:updated": true,
  "post:removed": true,
  "connection:created": true,
  "connection:updated": true,
  "phase:changed": true,
  "market:closed": true,
  "participant:left": true,
  "market:deleted": true,
  "market:reset": true,
  "round:changed": true,
  "facilitation:changed": true,
  "participant:removed": true,
} satisfies Record<LiveEvent["type"], true>) as Array<LiveEvent["type"]>;

/** The server side of the format: what one tick's events for one room travel as. */
export function liveMessageOf(events: LiveEvent[]): LiveMessage {
  if (events.length === 1) {
    const { type, ...payload } = events[0]!;
    return { name: type, payload } as LiveMessage;
  }
  // Published in seq order already; sorting keeps the promise on the wire whatever happens upstream.
  return { name: BATCH_EVENT, payload: { events: [...events].sort((a, b) => a.seq - b.seq) } };
}

/** The one place the format is unpacked: a message's live events (withheld ones included), in seq order. */
export function liveEventsOf(message: LiveMessage): LiveEvent[] {
  if (message.name === BATCH_EVENT) return message.payload.events;
  // The name is the event's type; TypeScript cannot correlate the two halves of the union.
  return [{ type: message.name, ...message.payload } as LiveEvent];
}

/**
 * The one place a client receives: `receive` is called once per socket message with its market
 * events unpacked (and the message as it travelled, for those who count frames). Returns a function
 * that stops listening.
 */
export function receiveLiveEvents(socket: LiveSocket, receive: (events: LiveEvent[], message: LiveMessage) => void): () => void {
  const deliver = (message: LiveMessage) => receive(liveEventsOf(message), message);
  const onBatch = (batch: EventBatch) => deliver({ name: BATCH_EVENT, payload: batch });
  socket.on(BATCH_EVENT, onBatch);
  const listeners = LIVE_EVENT_TYPES.map((type) => {
    const listener = (payload: Parameters<ServerToClientEvents[typeof type]>[0]) => deliver({ name: type, payload } as LiveMessage);
    socket.on(type, listener);
    return [type, listener] as const;
  });
  return () => {
    socket.off(BATCH_EVENT, onBatch);
    for (const [type, listener] of listeners) socket.off(type, listener);
  };
}
