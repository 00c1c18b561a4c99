/**
 * Matching benchmark: `npx tsx bench/matching.ts`.
 * A synthetic market of 2,000 offers and 2,000 needs (deterministic pseudo-random text), timed
 * from scratch (index build, topPairs, suggestions for every post) and incrementally (one upsert
 * followed by suggestionsForPost for that post). Targets on a 2-core machine: from scratch under
 * 2 s, one incremental update under 20 ms.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { PostKind } from "../server/market/kinds.ts";
import { MatchIndex, type MatchablePost } from "../server/market/matching";
import { seededRandom } from "../test/support/seeded-random.ts";

const OFFERS = 2000;
const NEEDS = 2000;
const PARTICIPANTS = 1500;
const UPDATES = 300;


const OFFER_OPENERS = ["I can", "Happy to", "I offer", "Can help with", "I'm good at", "Free to"];
const NEED_OPENERS = ["Looking for", "I need", "Could someone", "Need help with", "Wanted:", "Anyone able to"];
/** How a card of each kind starts: a new kind of card needs its own openers. */
const OPENERS: Record<PostKind, readonly string[]> = { offer: OFFER_OPENERS, need: NEED_OPENERS };
const ACTIVITIES = [
  "babysitting", "look after kids", "school run", "give lifts", "a ride to the station", "drive to appointments",
  "fix bikes", "repair a puncture", "mend clothes", "sewing alterations", "plumbing", "fix a leaking tap",
  "put up shelves", "flat pack assembly", "maths tutoring", "guitar lessons", "piano lessons", "teach Spanish",
  "English conversation", "language exchange", "gardening", "weeding the allotment", "grow vegetables",
  "fix my laptop", "IT support", "set up a website", "web design", "bookkeeping", "tax returns", "budgeting",
  "dog walking", "feed the cat", "pet sitting", "batch cooking", "bake a cake", "sourdough bread",
  "spare room", "a place to stay", "sofa bed", "storage space", "a desk to work", "church hall",
  "moving house", "a van", "carry boxes", "painting walls", "decorating", "cleaning", "decluttering",
  "proofreading", "CV writing", "job interviews", "photography", "headshots", "logo design", "flyers",
  "social media", "video editing", "translation", "yoga", "running buddy", "a cup of tea and a chat",
  "shopping and prescriptions", "a lawnmower", "a drill", "a ladder", "baby clothes", "a pram",
  "children's books", "a dining table", "winter coats", "speakers for a party", "first aid",
  "haircuts", "salsa", "pottery", "watercolour", "business plan", "energy saving", "insulation",
];
const DETAILS = [
  "on Saturdays", "at weekends", "in the evenings", "on weekday mornings", "near the market",
  "for an older neighbour", "for our community group", "for a few weeks", "this summer", "once a week",
  "for beginners", "for a small charity", "before Christmas", "for my daughter", "for free",
  "in exchange for cake", "with my own tools", "after work", "in the town centre", "by the river",
];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

function sentence(rand: () => number, kind: PostKind): string {
  const opener = pick(rand, OPENERS[kind]);
  const first = pick(rand, ACTIVITIES);
  const second = rand() < 0.4 ? ` and ${pick(rand, ACTIVITIES)}` : "";
  const detail = rand() < 0.7 ? ` ${pick(rand, DETAILS)}` : "";
  return `${opener} ${first}${second}${detail}`;
}

export function syntheticMarket(seed = 42): MatchablePost[] {
  const rand = seededRandom(seed);
  const posts: MatchablePost[] = [];
  const make = (kind: PostKind, i: number): MatchablePost => ({
    id: `${kind}-${String(i).padStart(4, "0")}`,
    kind,
    text: sentence(rand, kind),
    tags: rand() < 0.5 ? [pick(rand, ACTIVITIES).split(" ").slice(-1)[0] as string] : [],
    participantId: `p-${Math.floor(rand() * PARTICIPANTS)}`,
  });
  for (let i = 0; i < OFFERS; i++) posts.push(make("offer", i));
  for (let i = 0; i < NEEDS; i++) posts.push(make("need", i));
  return posts;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

export async function runMatchingBench(): Promise<Record<string, number>> {
  const posts = syntheticMarket();

  const start = performance.now();
  const index = new MatchIndex();
  for (const post of posts) index.upsert(post);
  const built = performance.now();
  const top = index.topPairs(50);
  const topDone = performance.now();
  let suggestions = 0;
  for (const post of posts) suggestions += index.suggestionsForPost(post.id, 10).length;
  const end = performance.now();

  const rand = seededRandom(7);
  const updateTimes: number[] = [];
  for (let i = 0; i < UPDATES; i++) {
    const base = pick(rand, posts);
    const changed: MatchablePost = { ...base, text: sentence(rand, base.kind) };
    const t0 = performance.now();
    index.upsert(changed);
    index.suggestionsForPost(changed.id, 10);
    updateTimes.push(performance.now() - t0);
  }
  updateTimes.sort((a, b) => a - b);
  const mean = updateTimes.reduce((sum, t) => sum + t, 0) / updateTimes.length;

  return {
    posts: posts.length,
    buildIndexMs: built - start,
    topPairsMs: topDone - built,
    suggestionsForEveryPostMs: end - topDone,
    fromScratchTotalMs: end - start,
    suggestionsReturned: suggestions,
    topPairsReturned: top.length,
    incrementalMeanMs: mean,
    incrementalP95Ms: percentile(updateTimes, 0.95),
    incrementalMaxMs: updateTimes[updateTimes.length - 1] ?? 0,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runMatchingBench();
  const rows = Object.entries(results).map(([name, value]) => ({
    measure: name,
    value: Number.isInteger(value) ? value : Number(value.toFixed(2)),
  }));
  console.table(rows);
  const ok = (results.fromScratchTotalMs ?? Infinity) < 2000 && (results.incrementalP95Ms ?? Infinity) < 20;
  console.log(ok ? "targets met: from scratch < 2000 ms, incremental p95 < 20 ms" : "TARGETS MISSED");
}
