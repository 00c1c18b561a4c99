// The one place a screen turns live events into state. Events carry whole objects and are applied
// as upserts; one already covered by the snapshot's seq is skipped; a gap asks for a fresh snapshot.
import type { MarketEvent } from "../../server/market/events.ts";
import type { MarketSnapshot } from "../../server/market/views.ts";

export type { MarketEvent, MarketSnapshot };

export interface LiveState {
  snapshot: MarketSnapshot;
  /** Events applied since the last snapshot, replayed if a fresh snapshot is older than them. */
  recent: MarketEvent[];
  /** True when a gap in seq was seen: the screen should load a fresh snapshot. */
  stale: boolean;
}

export type LiveAction = { kind: "snapshot"; snapshot: MarketSnapshot } | { kind: "event"; event: MarketEvent } | { kind: "events"; events: MarketEvent[] };

const RECENT_LIMIT = 500;

export function initialLiveState(snapshot: MarketSnapshot): LiveState {
  return { snapshot, recent: [], stale: false };
}

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  if (action.kind === "snapshot") {
    const newer = state.recent.filter((event) => event.seq > action.snapshot.seq);
    return { snapshot: newer.reduce(applyEvent, action.snapshot), recent: newer, stale: false };
  }
  // A burst of events (many cards arriving at once) is applied in one render.
  if (action.kind === "events") return action.events.reduce((next, event) => liveReducer(next, { kind: "event", event }), state);
  const { event } = action;
  // Already in the snapshot (a replay after reconnecting, or a snapshot newer than the event).
  if (event.seq <= state.snapshot.seq) return state;
  const gap = event.seq > state.snapshot.seq + 1;
  return {
    snapshot: applyEvent(state.snapshot, event),
    recent: [...state.recent.slice(-RECENT_LIMIT + 1), event],
    stale: state.stale || gap,
  };
}

function upsert<T extends { id: string }>(list: T[], item: T): T[] {
  const index = list.findIndex((existing) => existing.id === item.id);
  if (index === -1) return [...list, item];
  const copy = list.slice();
  copy[index] = item;
  return copy;
}

export function applyEvent(snapshot: MarketSnapshot, event: MarketEvent): MarketSnapshot {
  const next: MarketSnapshot = { ...snapshot, seq: Math.max(snapshot.seq, event.seq) };
  switch (event.type) {
    case "participant:joined":
      return { ...next, participants: upsert(snapshot.participants, event.participant), counts: event.counts };
    case "post:created":
      return { ...next, posts: upsert(snapshot.posts, event.post), counts: event.counts };
    case "post:updated":
      return { ...next, posts: upsert(snapshot.posts, event.post) };
    case "post:removed":
      // A hidden post leaves every screen; its author's screen reloads to show it marked hidden.
      return { ...next, posts: snapshot.posts.filter((post) => post.id !== event.postId), counts: event.counts };
    case "connection:created":
    case "connection:updated":
      return { ...next, connections: upsert(snapshot.connections, event.connection), counts: event.counts };
    case "phase:changed":
      return { ...next, phase: event.phase };
    case "market:closed":
      return { ...next, phase: "closed", counts: event.harvest.counts };
    case "participant:left": {
      // Their posts went in the post:removed events just before; this clears anything left over.
      const connections = event.connections.reduce(upsert, snapshot.connections);
      return {
        ...next,
        participants: snapshot.participants.filter((p) => p.id !== event.participantId),
        posts: snapshot.posts.filter((post) => post.participantId !== event.participantId),
        connections,
        counts: event.counts,
      };
    }
    case "market:deleted":
      return { ...next, deleted: true };
    case "round:changed":
      return { ...next, round: event.round, serverNow: event.serverNow };
    case "facilitation:changed":
      return { ...next, facilitation: event.facilitation, serverNow: event.serverNow };
    case "participant:removed":
      return { ...next, participants: snapshot.participants.filter((p) => p.id !== event.participantId), counts: event.counts };
    default:
      return next;
  }
}
