// The engine's answers on the tuning sets, pinned: each need's suggestions (offer ids, scores to
// four places, the why's concept ids; shared words as hashes), so a speed-up or a refactor that
// changes what "For you" shows fails here. A change meant to move quality updates the reference on
// purpose: `npx vitest run test/unit/matching-same-answers.test.ts -u`, and the diff shows what moved.
// Only the tuning sets: the reported sets' answers are never committed (they are judged, not tuned).
import { describe, expect, it } from "vitest";
import { setAnswers } from "../../bench/matching-same-answers.ts";
import { loadSets, TUNING_SETS } from "../../bench/matching-quality.ts";

const tuningSets = loadSets().filter((set) => TUNING_SETS.includes(set.name));

describe("the engine's answers on the tuning sets", () => {
  it("covers every tuning set", () => {
    expect(tuningSets.map((set) => set.name).sort()).toEqual([...TUNING_SETS].sort());
  });

  it.each(tuningSets.map((set) => [set.name, set] as const))("%s: every need's suggestions are the reference's", async (name, set) => {
    const { direct, afterTopPairs } = setAnswers(set.posts);
    // A room loaded from scratch (topPairs fills every list) shows what a room asked need by need does.
    expect(afterTopPairs).toEqual(direct);
    await expect(`${direct.join("\n")}\n`).toMatchFileSnapshot(`../fixtures/matching-answers/${name}.txt`);
  });
});
