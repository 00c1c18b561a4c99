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
  it("no phone goes deaf: every acknowledged post once on the server and on every screen, nothing applied twice", { timeout: 600_000 }, async () => {
    const result = await runVenueWifi(ISSUE_15, (line) => console.log(`  venue: ${line}`));
    const cards = ISSUE_15.phones * ISSUE_15.cardsPerPhone;
    const took = result.screens.map((s) => s.convergedMs ?? Number.NaN).sort((a, b) => a - b);
    const total = (pick: (s: (typeof result.screens)[number]) => number) => result.screens.reduce((sum, s) => sum + pick(s), 0);
    console.log(
      `  venue: converged p50 ${took[Math.floor(took.length / 2)]} ms, max ${took.at(-1)} ms after the link calmed; ${result.resends} resends, ` +
        `${total((s) => s.reconnects)} reconnects (${total((s) => s.silences)} after silence), ${total((s) => s.snapshotReloads)} snapshot reloads`,
    );

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
      expect(acked.every((id) => screen.posts.includes(id)), screen.debug).toBe(true);
      // Nothing twice: no event applied again, no post held twice.
      expect(screen.appliedTwice).toBe(0);
      expect(new Set(screen.posts).size).toBe(screen.posts.length);
      // Not deaf: connected, and heard live a post made after the server timed out what it lost.
      expect(screen.connected).toBe(true);
      expect(screen.heardProbeLive, screen.debug).toBe(true);
      // Every screen lost its connection and made a new one (a drop that comes while a screen is
      // still reconnecting from the last one costs it nothing more).
      expect(screen.reconnects, screen.debug).toBeGreaterThanOrEqual(1);
    }
  });
});
