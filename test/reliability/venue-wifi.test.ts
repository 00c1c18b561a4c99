// Issue 15, under real network faults: 60 phones and the projector in their own network
// namespace reach the server through a link with 120 ms ± 60 ms delay and 3% loss, taken down
// three times for 4 s, once silently (the server never hears the reset, as when a phone roams).
// The phones post with resends by clientId. The scenario lives in test/support/venue-wifi.ts
// (also run by `npm run bench`); it needs root and `ip netns` (CI has both) and says why it is
// skipped elsewhere.
import { describe, expect, it } from "vitest";
import { ISSUE_15, runVenueWifi, venueNetworkUnavailable } from "../support/venue-wifi.ts";

const unavailable = venueNetworkUnavailable();
if (unavailable) console.log(`venue Wi-Fi test skipped: ${unavailable}`);

describe.skipIf(unavailable)("venue Wi-Fi: delay, loss and three link drops, one silent", () => {
  it("no phone goes deaf: every acknowledged post once on the server and on every screen, nothing applied twice", { timeout: 240_000 }, async () => {
    const result = await runVenueWifi(ISSUE_15, (line) => console.log(`  venue: ${line}`));
    const cards = ISSUE_15.phones * ISSUE_15.cardsPerPhone;

    // Every post was acknowledged (resent until it was), and the server holds each exactly once.
    expect(result.acked.size).toBe(cards);
    for (const text of result.acked.keys()) expect(result.onServer.get(text), text).toBe(1);
    expect(result.onServer.size).toBe(cards + 1); // and the probe

    const phones = result.screens.filter((s) => s.role === "phone");
    expect(phones).toHaveLength(ISSUE_15.phones);
    expect(result.screens.filter((s) => s.role === "projector")).toHaveLength(1);
    const acked = [...result.acked.values()];
    for (const screen of result.screens) {
      // Held every acknowledged post within 10 s of the link calming (runVenueWifi waited for it).
      expect(screen.convergedMs).toBeLessThanOrEqual(ISSUE_15.convergeWithinMs);
      expect(acked.every((id) => screen.posts.includes(id))).toBe(true);
      // Nothing twice: no event applied again, no post held twice.
      expect(screen.appliedTwice).toBe(0);
      expect(new Set(screen.posts).size).toBe(screen.posts.length);
      // Not deaf: connected, and heard live a post made after the server timed out what it lost.
      expect(screen.connected).toBe(true);
      expect(screen.heardProbeLive).toBe(true);
      expect(screen.reconnects).toBeGreaterThanOrEqual(ISSUE_15.drops.length);
    }
  });
});
