// Durable before acknowledged: SIGKILL the real server mid-burst, restart it, count.
import { describe, expect, it } from "vitest";
import { runKillRestartCycles } from "../support/kill-restart.ts";

describe("a server killed with SIGKILL during a burst of posts", () => {
  it("keeps every acknowledged post exactly once across 5 kill-restart cycles", { timeout: 120_000 }, async () => {
    const figures = await runKillRestartCycles({ cycles: 5, seed: Number(process.env.KILL_SEED) || undefined });
    console.log(
      `kill-restart: seed ${figures.seed}, cycles ${figures.cycles}, posts acknowledged ${figures.acknowledged}, ` +
        `found ${figures.found}, resent ${figures.resent}, duplicates ${figures.duplicates}, lost ${figures.lost}`,
    );
    expect(figures.unreadableFiles).toBe(0);
    expect(figures.lost).toBe(0);
    expect(figures.duplicates).toBe(0);
    expect(figures.acknowledged).toBeGreaterThan(figures.cycles);
    expect(figures.found).toBe(figures.acknowledged);
  });
});
