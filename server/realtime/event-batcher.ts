// Groups the events a market publishes within one turn of the event loop into one socket message
// per audience. A burst of 1,000 posts committed together would otherwise cost 1,000 frames per
// socket; batched, it costs one. Each audience gets its own version of every event (audiences.ts
// decides it) and every seq, withheld or not. The wire format is defined in live-events.ts.
import type { EventAudiences } from "../market/audiences.ts";
import type { LiveEvent } from "../market/events.ts";
import { liveMessageOf, type LiveMessage } from "./live-events.ts";

/** Where a message goes, within one market: an audience's room, or one participant's sockets. */
export type Recipients =
  | { audience: "host" | "viewers" | "desk" }
  /** Every participant except those with a version of their own in this message. */
  | { audience: "participants"; except: string[] }
  | { audience: "participant"; participantId: string };

export type AudienceEmit = (marketId: string, to: Recipients, message: LiveMessage) => void;

export class EventBatcher {
  private pending = new Map<string, EventAudiences[]>();
  private scheduled = false;

  constructor(private readonly emit: AudienceEmit) {}

  add(marketId: string, event: EventAudiences): void {
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
      const send = (to: Recipients, versions: LiveEvent[]) => this.emit(marketId, to, liveMessageOf(versions));
      send({ audience: "host" }, events.map((e) => e.host));
      send({ audience: "viewers" }, events.map((e) => e.viewers));
      send({ audience: "desk" }, events.map((e) => e.desk));
      const concerned = [...new Set(events.flatMap((e) => [...e.concerned.keys()]))];
      send({ audience: "participants", except: concerned }, events.map((e) => e.participants));
      for (const participantId of concerned) {
        send({ audience: "participant", participantId }, events.map((e) => e.concerned.get(participantId) ?? e.participants));
      }
    }
  }
}
