// Groups the events a market publishes within one turn of the event loop into one socket message
// per room. A burst of 1,000 posts committed together would otherwise cost 1,000 frames per
// socket; batched, it costs one. The wire format is defined in live-events.ts.
import type { MarketEvent } from "../market/events.ts";
import { liveMessageOf, type LiveMessage } from "./live-events.ts";

export type RoomEmit = (marketId: string, message: LiveMessage) => void;

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
    for (const [marketId, events] of pending) this.emit(marketId, liveMessageOf(events));
  }
}
