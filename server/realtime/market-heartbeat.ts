// Beats the heartbeat (heartbeat.ts) to every market room that has someone in it: one message
// per market per beat, whatever the number of sockets in its room. A room that heard an event in
// the last quarter of a beat is skipped: the event was its sign of life and carried the seq, and a
// beat to 2,000 phones costs as much as a post's frames (about 30 ms of the event loop).
import { HEARTBEAT_EVERY_MS, type Heartbeat } from "./heartbeat.ts";

/** An event sent within this share of a beat stands in for the beat (the longest silence becomes 1.25 beats, well within silenceLimitMs). */
export const EVENT_STANDS_FOR_BEAT = 0.25;

export interface HeartbeatRooms {
  /** Sends whatever events are waiting to go out, so a beat never announces a seq before its event. */
  flushEvents(): void;
  /**
   * Several nodes: runs `then` once the market's events sent so far have reached this node's
   * sockets (they wait for the database first: ordered-publishes.ts). Absent, they have at once.
   */
  afterEventsOut?(marketId: string, then: () => void): void;
  emit(marketId: string, beat: Heartbeat): void;
}

export class MarketHeartbeat {
  /** The last seq sent to each market's room. */
  private readonly sent = new Map<string, number>();
  /** When each market's room was last sent an event (the clock's ms). */
  private readonly sentAt = new Map<string, number>();
  /** The beat each market has waiting for its events to go out: the latest only. */
  private readonly waiting = new Map<string, Heartbeat>();
  /** The markets whose rooms have someone in them, kept as rooms open and close: a beat costs one step per market, none per socket. */
  private readonly occupied = new Set<string>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly rooms: HeartbeatRooms,
    readonly every = HEARTBEAT_EVERY_MS,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.timer = setInterval(() => this.beat(), every);
    this.timer.unref();
  }

  /** Records an event's seq as it goes to its room. */
  sentEvent(marketId: string, seq: number): void {
    this.sent.set(marketId, Math.max(this.sent.get(marketId) ?? 0, seq));
    this.sentAt.set(marketId, this.clock());
  }

  /**
   * What a socket that just joined is told at once: it arms the screen's silence watch and tells
   * a screen loaded from an older snapshot that it is behind. `storedSeq` is the market's seq as
   * stored, for a market that sent nothing since this server started.
   */
  beatFor(marketId: string, storedSeq: number): Heartbeat {
    if (!this.sent.has(marketId)) this.sent.set(marketId, storedSeq);
    return { seq: this.sent.get(marketId)!, every: this.every };
  }

  roomOpened(marketId: string): void {
    this.occupied.add(marketId);
  }

  /** An empty room's market may unload: a socket that joins it again is told its stored seq. */
  roomClosed(marketId: string): void {
    this.occupied.delete(marketId);
    this.sent.delete(marketId);
    this.sentAt.delete(marketId);
    this.waiting.delete(marketId);
  }

  beat(): void {
    this.rooms.flushEvents();
    const now = this.clock();
    for (const marketId of this.occupied) {
      const seq = this.sent.get(marketId);
      if (seq === undefined) continue;
      if (now - (this.sentAt.get(marketId) ?? -Infinity) < EVENT_STANDS_FOR_BEAT * this.every) continue;
      this.send(marketId, { seq, every: this.every });
    }
  }

  /**
   * A beat goes out once its market's events have. One waits per market, the latest: a database
   * that holds messages up for minutes releases one beat, not one per interval to every socket.
   */
  private send(marketId: string, beat: Heartbeat): void {
    if (!this.rooms.afterEventsOut) return this.rooms.emit(marketId, beat);
    const alreadyWaiting = this.waiting.has(marketId);
    this.waiting.set(marketId, beat);
    if (alreadyWaiting) return;
    this.rooms.afterEventsOut(marketId, () => {
      const latest = this.waiting.get(marketId);
      this.waiting.delete(marketId);
      if (latest) this.rooms.emit(marketId, latest);
    });
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
