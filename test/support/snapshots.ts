// A market snapshot for tests of the client reducer, with only what a test cares about filled in.
import type { MarketSnapshot } from "../../app/lib/market-state.ts";

export function snapshotOf(fields: Partial<MarketSnapshot> = {}): MarketSnapshot {
  return {
    id: "m",
    code: "ABCDEF",
    title: "T",
    phase: "sharing",
    language: "en",
    counts: { participants: 0, offers: 0, needs: 0, dreams: 0, connections: 0, pendingConnections: 0 },
    seq: 0,
    participants: [],
    posts: [],
    connections: [],
    // Facilitation state plays no part in the reducer tests that use this.
    facilitation: {} as MarketSnapshot["facilitation"],
    round: null,
    serverNow: 0,
    ...fields,
  };
}
