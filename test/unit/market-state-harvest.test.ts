// The client reducer applies the new live events: a participant leaving, a market deleted.
import { describe, expect, it } from "vitest";
import { applyEvent, type MarketSnapshot } from "../../app/lib/market-state.ts";
import { snapshotOf } from "../support/snapshots.ts";

const at = "2025-05-01T10:00:00.000Z";
const counts = { participants: 2, offers: 1, needs: 1, dreams: 0, connections: 1, pendingConnections: 0 };
const snapshot: MarketSnapshot = snapshotOf({
  id: "m1",
  code: "K7Q2XM",
  title: "Spring",
  phase: "connecting",
  counts,
  seq: 10,
  participants: [
    { id: "ana", name: "Ana", joinedAt: at },
    { id: "bo", name: "Bo", joinedAt: at },
  ],
  posts: [
    { id: "o1", kind: "offer", text: "Bike repair", tags: [], participantId: "ana", authorName: "Ana", createdAt: at },
    { id: "n1", kind: "need", text: "Fix my bike", tags: [], participantId: "bo", authorName: "Bo", createdAt: at },
  ],
  connections: [
    {
      id: "c1", offerId: "o1", needId: "n1", offerParticipantId: "ana", needParticipantId: "bo", offerText: "Bike repair", needText: "Fix my bike",
      requestedBy: "bo", acceptedBy: ["need", "offer"], status: "accepted", createdAt: at, updatedAt: at, offerAuthorName: "Ana", needAuthorName: "Bo",
    },
  ],
});

describe("live events after the market", () => {
  it("drops someone who left, their posts, and shows their connections as 'someone who left'", () => {
    const left = { ...snapshot.connections[0]!, needText: "", needAuthorName: "someone who left" };
    const next = applyEvent(snapshot, {
      type: "participant:left", seq: 11, at, participantId: "bo", connections: [left],
      counts: { ...counts, participants: 1, needs: 0 },
    });
    expect(next.participants.map((p) => p.id)).toEqual(["ana"]);
    expect(next.posts.map((p) => p.id)).toEqual(["o1"]);
    expect(next.connections).toEqual([left]);
    expect(next.counts.participants).toBe(1);
    expect(next.seq).toBe(11);
  });

  it("marks the market deleted", () => {
    expect(applyEvent(snapshot, { type: "market:deleted", seq: 11, at, reason: "host" }).deleted).toBe(true);
  });
});
