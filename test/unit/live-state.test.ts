// The client's one reducer: a batch is applied as a whole, replays are skipped, a gap asks for a
// fresh snapshot.
import { describe, expect, it } from "vitest";
import { initialLiveState, liveReducer, type MarketEvent, type MarketSnapshot } from "../../app/lib/market-state.ts";
import { liveEventsOf, liveMessageOf } from "../../server/realtime/live-events.ts";
import { snapshotOf } from "../support/snapshots.ts";

const counts = { participants: 1, offers: 0, needs: 0, dreams: 0, connections: 0, pendingConnections: 0 };
const snapshot: MarketSnapshot = snapshotOf({ counts, seq: 3 });
const postEvent = (seq: number, id: string, text = id): MarketEvent => ({
  type: "post:created",
  seq,
  at: "2025-01-01T00:00:00.000Z",
  post: { id, kind: "offer", text, tags: [], participantId: "p", authorName: "Ana", createdAt: `2025-01-01T00:00:0${seq % 10}.000Z` },
  counts: { ...counts, offers: seq - 3 },
});

describe("live state", () => {
  it("applies a batch in order, skipping what the snapshot already has", () => {
    const events = liveEventsOf({ name: "batch", payload: { events: [postEvent(3, "old"), postEvent(4, "a"), postEvent(5, "b"), { type: "post:removed", seq: 6, at: "x", postId: "a", counts }] } });
    const state = liveReducer(initialLiveState(snapshot), { kind: "events", events });
    expect(state.snapshot.posts.map((p) => p.id)).toEqual(["b"]);
    expect(state.snapshot.seq).toBe(6);
    expect(state.stale).toBe(false);
  });

  it("unpacks a plain message as one event and marks a gap as stale", () => {
    const [event] = liveEventsOf(liveMessageOf([postEvent(4, "a")]));
    let state = liveReducer(initialLiveState(snapshot), { kind: "events", events: [event!] });
    expect(state.snapshot.posts).toHaveLength(1);
    state = liveReducer(state, { kind: "events", events: [postEvent(4, "a", "again"), postEvent(6, "c")] });
    expect(state.snapshot.posts.map((p) => [p.id, p.text])).toEqual([["a", "a"], ["c", "c"]]);
    expect(state.stale).toBe(true);
  });

  it("moves past a withheld event without a gap, alone or in a batch, and changes nothing else", () => {
    const [alone] = liveEventsOf(liveMessageOf([{ type: "withheld", seq: 4 }]));
    expect(alone).toEqual({ type: "withheld", seq: 4 });
    let state = liveReducer(initialLiveState(snapshot), { kind: "events", events: [alone!] });
    expect(state.snapshot).toEqual({ ...snapshot, seq: 4 });
    state = liveReducer(state, { kind: "events", events: liveEventsOf(liveMessageOf([{ type: "withheld", seq: 5 }, postEvent(6, "a")])) });
    expect(state.snapshot.seq).toBe(6);
    expect(state.snapshot.posts.map((p) => p.id)).toEqual(["a"]);
    expect(state.stale).toBe(false);
  });

  it("lets go of the connections a hidden post takes with it", () => {
    const connection = { id: "c", offerId: "o", needId: "n", offerParticipantId: "p", needParticipantId: "q", offerText: "Bike repair", needText: "Fix my bike", status: "accepted" as const, createdAt: "x", updatedAt: "x", offerAuthorName: "Ana", needAuthorName: "Bo" };
    const state = liveReducer(initialLiveState(snapshotOf({ seq: 3, connections: [connection] })), {
      kind: "events",
      events: [{ type: "post:removed", seq: 4, at: "x", postId: "n", counts, reason: "hidden", connectionIds: ["c"] }],
    });
    expect(state.snapshot.connections).toEqual([]);
  });
});
