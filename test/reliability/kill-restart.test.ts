// Durable before acknowledged: SIGKILL the real server mid-burst, restart it, count. On the store
// under test (test-store.ts): the lowdb files, or a PostgreSQL database in the postgres project.
import { describe, expect, it } from "vitest";
import { runKillRestartCycles, type KillRestartFigures } from "../support/kill-restart.ts";
import { storeUnderTest } from "../support/test-store.ts";

function expectNothingLost(figures: KillRestartFigures, label: string) {
  console.log(
    `kill-restart on ${figures.store}${label}: seed ${figures.seed}, cycles ${figures.cycles}, posts acknowledged ${figures.acknowledged}, ` +
      `found ${figures.found}, resent ${figures.resent}, duplicates ${figures.duplicates}, lost ${figures.lost}, ` +
      `kills that left a journal ${figures.journalsLeft}, inside a compaction ${figures.insideCompaction}`,
  );
  expect(figures.store).toBe(storeUnderTest);
  expect(figures.unreadableFiles).toBe(0);
  expect(figures.lost).toBe(0);
  expect(figures.duplicates).toBe(0);
  expect(figures.acknowledged).toBeGreaterThan(figures.cycles);
  expect(figures.found).toBe(figures.acknowledged);
}

describe("a server killed with SIGKILL during a burst of posts", () => {
  it("keeps every acknowledged post exactly once across 5 kill-restart cycles", { timeout: 120_000 }, async () => {
    const figures = await runKillRestartCycles({ cycles: 5, seed: Number(process.env.KILL_SEED) || undefined });
    expectNothingLost(figures, "");
    // lowdb: some kills landed with writes under way, which the journal replays.
    if (storeUnderTest === "lowdb") expect(figures.journalsLeft).toBeGreaterThan(0);
  });

  // The lowdb store's own compaction (a journal folded into its snapshot); PostgreSQL has none.
  it.runIf(storeUnderTest === "lowdb")("keeps them too when every other commit is a compaction, paused between its system calls so kills land inside", { timeout: 120_000 }, async () => {
    const figures = await runKillRestartCycles({
      cycles: 5,
      seed: Number(process.env.KILL_SEED) || undefined,
      env: { JOURNAL_COMPACT_RECORDS: "1", STORE_STEP_DELAY_MS: "3" },
    });
    expectNothingLost(figures, " (compaction every other commit, 3 ms between steps)");
  });
});
