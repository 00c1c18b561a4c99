// Groups the events a market publishes together (one group commit's) into one socket message
// per audience. A burst of 1,000 posts committed together would otherwise cost 1,000 frames per
// socket; batched, it costs one. Each audience gets its own version of every event (audiences.ts
// decides it) and every seq, withheld or not. The wire format is defined in live-events.ts.
import type { EventAudiences } from "../market/audiences.ts";
import { secondsSince, untimed, type TimeStep } from "../market/change-steps.ts";
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
  /** When the oldest event waiting was handed over (performance.now()), for the metrics. */
  private since = 0;
  private scheduled = false;

  constructor(
    private readonly emit: AudienceEmit,
    private readonly timeStep: TimeStep = untimed,
  ) {}

  add(marketId: string, event: EventAudiences): void {
    let queue = this.pending.get(marketId);
    if (!queue) {
      queue = [];
      this.pending.set(marketId, queue);
    }
    queue.push(event);
    if (!this.scheduled) {
      this.scheduled = true;
      this.since = performance.now();
      // A microtask, not a tick: it runs once the changes one group commit made durable have all
      // been published (their continuations were queued together, before it), so they go out in
      // one message, and an acknowledged change never waits for the event loop's other work.
      queueMicrotask(() => this.flush());
    }
  }

  flush(): void {
    if (!this.scheduled) return;
    const pending = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    const started = performance.now();
    this.timeStep("emit-wait", (started - this.since) / 1000);
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
    this.timeStep("emit", secondsSince(started));
  }
}
