/**
 * Tuning aid for the matching engine, on the tuning set ONLY: `npx tsx bench/matching-tune.ts`.
 * Prints, need by need, what the engine suggests against the gold pairs and near-misses, with the
 * cards' texts. It refuses the reported sets: looking at their cards would make their figures
 * flatter the engine.
 */
import { MatchIndex } from "../server/market/matching.ts";
import { loadSets, TUNING_SET } from "./matching-quality.ts";

const set = loadSets().find((s) => s.name === TUNING_SET);
if (!set) throw new Error(`no tuning set ${TUNING_SET}`);
const index = new MatchIndex({ threshold: 0.05 });
for (const p of set.posts) index.upsert(p);
const text = new Map(set.posts.map((p) => [p.id, p.text]));
for (const need of set.posts.filter((p) => p.kind === "need")) {
  const gold = new Set(set.gold.filter((g) => g.needId === need.id).map((g) => g.offerId));
  const near = new Set(set.nearMisses.filter((m) => m.needId === need.id).map((m) => m.offerId));
  const ranked = index.suggestionsForPost(need.id, 8);
  const found = new Set(ranked.map((s) => s.offerId));
  console.log(`\n${need.id} ${need.text}  [${need.tags.join(", ")}]`);
  for (const s of ranked) {
    const mark = gold.has(s.offerId) ? "GOLD" : near.has(s.offerId) ? "NEAR" : "    ";
    console.log(`  ${mark} ${s.score.toFixed(2)} ${s.offerId} ${text.get(s.offerId)}  <${s.sharedTerms.join(", ")}>`);
  }
  for (const id of gold) if (!found.has(id)) console.log(`  MISS      ${id} ${text.get(id)}`);
}
