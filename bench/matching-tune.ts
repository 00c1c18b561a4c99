/**
 * Tuning aid for the matching engine, on the tuning sets ONLY:
 * `npx tsx bench/matching-tune.ts [set]` (default: every tuning set).
 * Prints, need by need, what the engine suggests against the gold pairs and near-misses, with the
 * cards' texts, then the set's figures. It refuses the reported sets: looking at their cards would
 * make their figures flatter the engine.
 */
import { CLOSE_TO_BEST, MATCH_THRESHOLD, MatchIndex } from "../server/market/matching.ts";
import { engineRanker, evaluate, loadSets, TUNING_SETS, type EvaluationSet } from "./matching-quality.ts";

const asked = process.argv[2];
if (asked !== undefined && !TUNING_SETS.includes(asked)) throw new Error(`${asked} is not a tuning set (${TUNING_SETS.join(", ")}): its cards are not to be looked at`);
const sets = loadSets().filter((s) => (asked === undefined ? TUNING_SETS.includes(s.name) : s.name === asked));

function showMisses(set: EvaluationSet): void {
  const index = new MatchIndex({ threshold: 0.05, closeToBest: 1 });
  for (const p of set.posts) index.upsert(p);
  const text = new Map(set.posts.map((p) => [p.id, p.text]));
  for (const need of set.posts.filter((p) => p.kind === "need")) {
    const gold = new Set(set.gold.filter((g) => g.needId === need.id).map((g) => g.offerId));
    const near = new Set(set.nearMisses.filter((m) => m.needId === need.id).map((m) => m.offerId));
    const ranked = index.suggestionsForPost(need.id, 6);
    const found = new Set(ranked.map((s) => s.offerId));
    console.log(`\n${need.id} ${need.text}  [${need.tags.join(", ")}]`);
    const least = Math.max(MATCH_THRESHOLD, (ranked[0]?.score ?? 0) - CLOSE_TO_BEST);
    for (const s of ranked) {
      const hidden = s.score < least ? " (not shown)" : "";
      const mark = gold.has(s.offerId) ? "GOLD" : near.has(s.offerId) ? "NEAR" : "    ";
      console.log(`  ${mark} ${s.score.toFixed(2)} ${s.offerId} ${text.get(s.offerId)}  <${s.sharedTerms.join(", ")}>${hidden}`);
    }
    for (const id of gold) if (!found.has(id)) console.log(`  MISS      ${id} ${text.get(id)}`);
  }
}

for (const set of sets) {
  if (process.env.QUIET === undefined) showMisses(set);
  console.log(`\n== ${set.name} (tuning set) ==`, evaluate(set, engineRanker));
}
