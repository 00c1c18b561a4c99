// The live wire format, packed by the server and unpacked by every client in one place: what one
// tick publishes arrives as the same events, in seq order, whether it travelled alone or batched.
import { describe, expect, it } from "vitest";
import type { MarketEvent } from "../../server/market/events.ts";
import { BATCH_EVENT, liveEventsOf, liveMessageOf } from "../../server/realtime/live-events.ts";

const counts = { participants: 1, offers: 1, needs: 0, connections: 0, pendingConnections: 0 };
const at = "2025-01-01T00:00:00.000Z";
const created = (seq: number, id: string): MarketEvent => ({
  type: "post:created",
  seq,
  at,
  post: { id, kind: "offer", text: `Card ${id}`, tags: [], participantId: "p", authorName: "Ana", createdAt: at },
  counts,
});
const removed = (seq: number, postId: string): MarketEvent => ({ type: "post:removed", seq, at, postId, counts, reason: "hidden" });
const phase = (seq: number): MarketEvent => ({ type: "phase:changed", seq, at, phase: "connecting" });

describe("the live wire format", () => {
  it("sends an event alone as a message named after its type, without the type in its payload", () => {
    const message = liveMessageOf([phase(7)]);
    expect(message).toEqual({ name: "phase:changed", payload: { seq: 7, at, phase: "connecting" } });
    expect(liveEventsOf(message)).toEqual([phase(7)]);
  });

  it("sends several as one batch and unpacks them whole, in seq order", () => {
    const events = [created(4, "a"), removed(6, "a"), created(5, "b")];
    const message = liveMessageOf(events);
    expect(message.name).toBe(BATCH_EVENT);
    expect(liveEventsOf(message)).toEqual([created(4, "a"), created(5, "b"), removed(6, "a")]);
    // The publisher's list is left as it was.
    expect(events.map((e) => e.seq)).toEqual([4, 6, 5]);
  });

  it("unpacks a batch as it arrives from the wire, every event keeping its type and fields", () => {
    const wire = JSON.parse(JSON.stringify({ events: [created(10, "x"), removed(11, "x")] }));
    const unpacked = liveEventsOf({ name: BATCH_EVENT, payload: wire });
    expect(unpacked.map((e) => [e.type, e.seq])).toEqual([["post:created", 10], ["post:removed", 11]]);
    expect(unpacked[1]).toMatchObject({ postId: "x", reason: "hidden", counts });
  });
});
