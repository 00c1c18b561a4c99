// The one place a screen turns live events into state. Events carry whole objects and are applied
// as upserts; one already covered by the snapshot's seq is skipped; a gap asks for a fresh snapshot.
// A batch of events (several published in one server tick) is applied in one pass: each list is
// copied once and upserts find their item through an id index, so 1,000 events cost O(n), not O(n²).
// A withheld event (one not for this screen, docs/decisions/011-event-audiences.md) moves the seq
// on and changes nothing else, so a screen tells it from a missed event.
import type { LiveEvent, MarketEvent } from "../../server/market/events.ts";
import type { MarketSnapshot } from "../../server/market/views.ts";

export type { LiveEvent, MarketEvent, MarketSnapshot };

export interface LiveState {
  snapshot: MarketSnapshot;
  /** Events applied since the last snapshot, replayed if a fresh snapshot is older than them. */
  recent: LiveEvent[];
  /** True when a gap in seq was seen, or a heartbeat ahead of us: the screen should load a fresh snapshot. */
  stale: boolean;
}

export type LiveAction =
  | { kind: "snapshot"; snapshot: MarketSnapshot }
  | { kind: "event"; event: LiveEvent }
  | { kind: "events"; events: LiveEvent[] }
  /**
   * The server's heartbeat: the room's current seq. `afterConnect`: the first beat on a new
   * connection, sent as it opens, which says whether anything was missed while away.
   */
  | { kind: "beat"; seq: number; afterConnect?: boolean };

const RECENT_LIMIT = 500;

export function initialLiveState(snapshot: MarketSnapshot): LiveState {
  return { snapshot, recent: [], stale: false };
}

/**
 * Whether a heartbeat says a screen holding `held` missed events. Events reach a screen before the
 * beat that counts them, so a beat past it means some went missing. A new connection's first beat
 * (sent as it opens) that differs at all, a market set back to an earlier state included, asks for
 * a fresh load too; one that agrees means nothing was missed while away, and nothing is fetched.
 */
export function beatSaysBehind(beat: number, held: number, afterConnect: boolean): boolean {
  return afterConnect ? beat !== held : beat > held;
}

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  if (action.kind === "snapshot") {
    const newer = state.recent.filter((event) => event.seq > action.snapshot.seq);
    return { snapshot: applyEvents(action.snapshot, newer), recent: newer, stale: false };
  }
  if (action.kind === "beat") return beatSaysBehind(action.seq, state.snapshot.seq, action.afterConnect === true) && !state.stale ? { ...state, stale: true } : state;
  const incoming = action.kind === "event" ? [action.event] : action.events;
  let expected = state.snapshot.seq + 1;
  let gap = false;
  const fresh: LiveEvent[] = [];
  for (const event of incoming) {
    // Already in the snapshot (a replay after reconnecting, or a snapshot newer than the event).
    if (event.seq < expected) continue;
    if (event.seq > expected) gap = true;
    fresh.push(event);
    expected = event.seq + 1;
  }
  if (fresh.length === 0) return state;
  const recent = state.recent.length + fresh.length > RECENT_LIMIT ? [...state.recent, ...fresh].slice(-RECENT_LIMIT) : [...state.recent, ...fresh];
  return { snapshot: applyEvents(state.snapshot, fresh), recent, stale: state.stale || gap };
}

/** A list copied on the first change, with an id -> position index built once per pass. */
class ListDraft<T extends { id: string }> {
  private copy?: T[];
  private index?: Map<string, number>;
  private removed?: Set<string>;

  constructor(private readonly original: T[]) {}

  upsert(item: T): void {
    const list = (this.copy ??= this.original.slice());
    const index = (this.index ??= new Map(list.map((existing, i) => [existing.id, i])));
    this.removed?.delete(item.id);
    const at = index.get(item.id);
    if (at === undefined) {
      index.set(item.id, list.length);
      list.push(item);
    } else {
      list[at] = item;
    }
  }

  remove(id: string): void {
    (this.removed ??= new Set()).add(id);
    this.copy ??= this.original.slice();
  }

  removeWhere(test: (item: T) => boolean): void {
    for (const item of this.copy ?? this.original) if (test(item)) this.remove(item.id);
  }

  result(): T[] {
    if (!this.copy) return this.original;
    const removed = this.removed;
    return removed?.size ? this.copy.filter((item) => !removed.has(item.id)) : this.copy;
  }
}

export function applyEvent(snapshot: MarketSnapshot, event: LiveEvent): MarketSnapshot {
  return applyEvents(snapshot, [event]);
}

export function applyEvents(snapshot: MarketSnapshot, events: LiveEvent[]): MarketSnapshot {
  if (events.length === 0) return snapshot;
  const participants = new ListDraft(snapshot.participants);
  const posts = new ListDraft(snapshot.posts);
  const connections = new ListDraft(snapshot.connections);
  const next: MarketSnapshot = { ...snapshot };
  for (const event of events) {
    next.seq = Math.max(next.seq, event.seq);
    switch (event.type) {
      case "participant:joined":
        participants.upsert(event.participant);
        next.counts = event.counts;
        break;
      case "post:created":
        posts.upsert(event.post);
        next.counts = event.counts;
        break;
      case "post:updated":
        posts.upsert(event.post);
        break;
      case "post:removed":
        posts.remove(event.postId);
        for (const id of event.connectionIds ?? []) connections.remove(id);
        next.counts = event.counts;
        break;
      case "connection:created":
      case "connection:updated":
        connections.upsert(event.connection);
        next.counts = event.counts;
        break;
      case "phase:changed":
        next.phase = event.phase;
        break;
      case "market:closed":
        next.phase = "closed";
        next.counts = event.harvest.counts;
        next.connectedPeople = event.harvest.connectedPeople;
        break;
      case "participant:left":
        // Their posts went in the post:removed events just before; this clears anything left over.
        participants.remove(event.participantId);
        posts.removeWhere((post) => post.participantId === event.participantId);
        for (const connection of event.connections) connections.upsert(connection);
        next.counts = event.counts;
        break;
      case "participant:removed":
        participants.remove(event.participantId);
        next.counts = event.counts;
        break;
      case "market:deleted":
        next.deleted = true;
        break;
      case "market:reset":
        // A rehearsal ended: everyone and everything made in it is gone; what was prepared stays.
        participants.removeWhere(() => true);
        posts.removeWhere(() => true);
        connections.removeWhere(() => true);
        next.phase = event.phase;
        next.counts = event.counts;
        next.round = null;
        next.facilitation = event.facilitation;
        next.serverNow = event.serverNow;
        break;
      case "round:changed":
        next.round = event.round;
        next.serverNow = event.serverNow;
        break;
      case "facilitation:changed":
        next.facilitation = event.facilitation;
        next.serverNow = event.serverNow;
        break;
      case "withheld":
      // A phone reloads its circles (they are in its page data, not the snapshot).
      case "circle:updated":
        break;
      default:
        break;
    }
  }
  return {
    ...next,
    participants: participants.result(),
    posts: posts.result(),
    connections: connections.result(),
  };
}
