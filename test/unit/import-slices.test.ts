// An import at the live caps is checked in slices: the event loop turns many times while it runs,
// so other markets' requests are answered meanwhile (the latency itself: bench/import.ts).
import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { marketFromImport } from "../../server/market/import-market.ts";
import { DEFAULT_LIMITS } from "../../server/market/limits.ts";
import { LoadedMarket } from "../../server/market/loaded-market.ts";
import { bigExport } from "../support/big-export.ts";

const fresh = { id: "m1", code: "ABCDEF", hostKeyHash: "x", unusableTokenHash: () => "y", now: "2026-06-01T00:00:00.000Z" };

/** Runs `work` and counts the turns the event loop took meanwhile (a loop of setImmediate). */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let done = false;
  const counting = (async () => {
    while (!done) {
      await nextTurn();
      turns++;
    }
  })();
  const result = await work();
  done = true;
  await counting;
  return { result, turns };
}

describe("an import at the caps", () => {
  it("checks and indexes the market in slices, giving the event loop back between them", async () => {
    const doc = bigExport(DEFAULT_LIMITS.maxParticipantsPerMarket, DEFAULT_LIMITS.maxPostsPerMarket);
    const checked = await turnsDuring(() => marketFromImport(doc, fresh, DEFAULT_LIMITS));
    expect(checked.result.posts).toHaveLength(DEFAULT_LIMITS.maxPostsPerMarket);
    // Several slices at the very least (each is a few milliseconds; the whole takes far longer).
    expect(checked.turns).toBeGreaterThan(5);
    const indexed = await turnsDuring(() => LoadedMarket.inSlices(checked.result));
    expect(indexed.result.counts()).toMatchObject({ participants: 2000, offers: 5000, needs: 5000 });
    expect(indexed.turns).toBeGreaterThan(5);
  });
});
