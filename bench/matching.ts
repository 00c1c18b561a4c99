/**
 * Matching benchmark: `npx tsx bench/matching.ts` (also part of `npm run bench`).
 * Speed and memory on a synthetic market of 2,000 offers and 2,000 needs (deterministic
 * pseudo-random text): from scratch (index build, topPairs, suggestions for every post), one
 * incremental update (upsert, then suggestionsForPost for that post), and the heap the index of the
 * 4,000 cards holds. Wall and CPU time are both printed: on a shared machine the wall clock also
 * counts other processes. Targets: from scratch < 2 s, update p95 < 20 ms, index < 100 MB.
 * Then quality on the independent evaluation sets (bench/matching-quality.ts).
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { PostKind } from "../server/market/kinds.ts";
import { MatchIndex, type MatchablePost } from "../server/market/matching";
import { CardReader } from "../server/market/matching-language";
import { seededRandom } from "../test/support/seeded-random.ts";
import { qualityTable, TUNING_SETS } from "./matching-quality.ts";

const OFFERS = 2000;
const NEEDS = 2000;
const PARTICIPANTS = 1500;
const UPDATES = 300;


const OFFER_OPENERS = ["I can", "Happy to", "I offer", "Can help with", "I'm good at", "Free to"];
const NEED_OPENERS = ["Looking for", "I need", "Could someone", "Need help with", "Wanted:", "Anyone able to"];
/** How a card of each kind starts: a new kind of card needs its own openers. */
const DREAM_OPENERS = ["I dream of", "One day", "Wouldn't it be great to", "Let's start", "Imagine", "I'd love us to"];
const OPENERS: Record<PostKind, readonly string[]> = { offer: OFFER_OPENERS, need: NEED_OPENERS, dream: DREAM_OPENERS };
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

/** The bench's edits: `count` posts of the market rewritten, each keeping its id, kind and author. */
export function syntheticEdits(posts: readonly MatchablePost[], count = UPDATES, seed = 7): MatchablePost[] {
  const rand = seededRandom(seed);
  const edits: MatchablePost[] = [];
  for (let i = 0; i < count; i++) {
    const base = pick(rand, posts);
    edits.push({ ...base, text: sentence(rand, base.kind) });
  }
  return edits;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** A full garbage collection, so heap figures count what is kept, not what is waiting to go. */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

export async function runMatchingBench(): Promise<Record<string, number>> {
  const posts = syntheticMarket();

  // The reader's tables (stemmed lexicon in four languages) are built once per process.
  const readerStart = performance.now();
  const reader = new CardReader();
  const readerTablesMs = performance.now() - readerStart;

  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  const startCpu = cpuMs();
  const index = new MatchIndex({ reader });
  for (const post of posts) index.upsert(post);
  index.catchUp(); // cards are read when first asked about: read them all here, to time it apart
  const built = performance.now();
  const top = index.topPairs(50);
  const topDone = performance.now();
  let suggestions = 0;
  for (const post of posts) suggestions += index.suggestionsForPost(post.id, 10).length;
  const end = performance.now();
  const fromScratchCpuMs = cpuMs() - startCpu;
  collectGarbage();
  const indexHeapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

  const updateTimes: number[] = [];
  for (const changed of syntheticEdits(posts)) {
    const t0 = performance.now();
    index.upsert(changed);
    index.suggestionsForPost(changed.id, 10);
    updateTimes.push(performance.now() - t0);
  }
  updateTimes.sort((a, b) => a - b);
  const mean = updateTimes.reduce((sum, t) => sum + t, 0) / updateTimes.length;

  return {
    posts: posts.length,
    readerTablesMs,
    buildIndexMs: built - start,
    topPairsMs: topDone - built,
    suggestionsForEveryPostMs: end - topDone,
    fromScratchTotalMs: end - start,
    fromScratchCpuMs,
    suggestionsReturned: suggestions,
    topPairsReturned: top.length,
    incrementalMeanMs: mean,
    incrementalP95Ms: percentile(updateTimes, 0.95),
    incrementalMaxMs: updateTimes[updateTimes.length - 1] ?? 0,
    indexHeapMb,
  };
}

/** Prints the quality table; true when the reported sets meet the targets. */
export function printMatchingQuality(): boolean {
  const { rows, reportedMeetTargets } = qualityTable();
  console.log(`\n== Matching quality on the evaluation sets (tuned on ${TUNING_SETS.join(", ")} only; the others are reported) ==`);
  console.table(rows);
  console.log("targets on the reported sets: P@5 >= 0.7, R@10 >= 0.85, R@10 no shared word >= 0.6, near-misses in a top 5 <= 25%, cross-language R@10 >= 0.6");
  return reportedMeetTargets;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runMatchingBench();
  const rows = Object.entries(results).map(([name, value]) => ({
    measure: name,
    value: Number.isInteger(value) ? value : Number(value.toFixed(2)),
  }));
  console.table(rows);
  const fast = Math.min(results.fromScratchTotalMs ?? Infinity, results.fromScratchCpuMs ?? Infinity) < 2000;
  const ok = fast && (results.incrementalP95Ms ?? Infinity) < 20 && (results.indexHeapMb ?? Infinity) < 100;
  console.log(ok ? "speed targets met: from scratch < 2000 ms, incremental p95 < 20 ms, index < 100 MB" : "SPEED TARGETS MISSED");
  console.log(printMatchingQuality() ? "quality targets met on every reported set" : "QUALITY TARGETS MISSED on a reported set");
}
