// Groups the events a market publishes within one turn of the event loop into one socket message
// per room. A burst of 1,000 posts committed together would otherwise cost 1,000 frames per
// socket; batched, it costs one. Wire format (documented in docs/performance.md, "Live events"):
//   - a single event alone in its tick travels as before: socket event name = its type, payload =
//     the event without `type` ({ seq, at, ... });
//   - two or more travel as one `batch` socket event: { events: [{ type, seq, at, ... }, ...] },
//     in strictly increasing seq order.
import type { MarketEvent } from "../market/events.ts";

export const BATCH_EVENT = "batch";

export interface EventBatch {
  events: MarketEvent[];
}

export type RoomEmit = (marketId: string, name: string, payload: unknown) => void;

export class EventBatcher {
  private pending = new Map<string, MarketEvent[]>();
  private scheduled = false;

  constructor(private readonly emit: RoomEmit) {}

  add(marketId: string, event: MarketEvent): void {
    let queue = this.pending.get(marketId);
    if (!queue) {
      queue = [];
      this.pending.set(marketId, queue);
    }
    queue.push(event);
    if (!this.scheduled) {
      this.scheduled = true;
      // setImmediate runs after the promise continuations of this turn, so every change that one
      // group commit made durable is published in the same message.
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    const pending = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    for (const [marketId, events] of pending) {
      if (events.length === 1) {
        const { type, ...payload } = events[0] as MarketEvent;
        this.emit(marketId, type, payload);
      } else {
        // Published in seq order already; sorting keeps the promise on the wire whatever happens upstream.
        events.sort((a, b) => a.seq - b.seq);
        this.emit(marketId, BATCH_EVENT, { events } satisfies EventBatch);
      }
    }
  }
}
