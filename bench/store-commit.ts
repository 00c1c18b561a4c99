/**
 * `npx tsx bench/store-commit.ts [--posts=2000,10000]`: the cost of one durable commit in the
 * embedded store at a given market size, through the real service and the real store over a temp
 * folder. Fills a market (participants, posts, some connections), then makes posts one at a time,
 * each its own commit, and reports the time of one `createPost` (its commit included), the bytes
 * the process handed to write(2) per commit (/proc/self/io `wchar`) and the market's size on disk.
 * Then the host's commands on that market: moving the agenda to another stage, and a phone saving
 * a card for later (a draft), each its own commit, with the bytes written for each.
 * It only uses the store's public port, so it runs against older versions of the store too.
 */
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_LIMITS } from "../server/market/limits.ts";
import { FacilitationService } from "../server/market/facilitation-service.ts";
import { MarketService, type Actor } from "../server/market/service.ts";
import { LowdbMarketStore } from "../server/store/lowdb-store.ts";
import { optionIn } from "./harness.ts";

const option = (name: string) => optionIn(process.argv, name);
const SIZES = (option("posts") ?? "2000,10000").split(",").map(Number);
const SAMPLES = Number(option("samples") ?? 40);

const writtenBytes = () => Number(/wchar: (\d+)/.exec(readFileSync("/proc/self/io", "utf8"))![1]);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const text = (i: number) => `Post ${i}: I can help with bike repairs, sourdough starters and a lift to the station on Saturdays.`.slice(0, 120);

async function measure(posts: number) {
  const dir = await mkdtemp(path.join(tmpdir(), "onm-store-bench-"));
  const store = await LowdbMarketStore.open(dir);
  const service = new MarketService(store, {
    limits: { ...DEFAULT_LIMITS, postsPerMinutePerParticipant: 1e9, connectionRequestsPerMinutePerParticipant: 1e9, maxPostsPerMarket: posts * 2 },
  });
  const { market, hostKey } = await service.createMarket({ title: `Store bench ${posts}` });
  const host = await service.authenticate(market.code, hostKey);
  const people = Math.min(2000, Math.max(10, Math.round(posts / 5)));
  const actors: Actor[] = [];
  for (let start = 0; start < people; start += 500) {
    const joined = await Promise.all(
      Array.from({ length: Math.min(500, people - start) }, (_, i) => service.joinMarket(market.code, { name: `Person ${start + i}`, contact: `person${start + i}@example.org` })),
    );
    for (const j of joined) actors.push(await service.authenticate(market.code, j.token));
  }
  await service.changePhase(market.code, host, { phase: "connecting" });
  const made: Array<{ id: string; kind: string }> = [];
  for (let start = 0; start < posts; start += 500) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(500, posts - start) }, (_, i) => {
        const n = start + i;
        return service.createPost(market.code, actors[n % actors.length]!, { kind: n % 2 ? "need" : "offer", text: text(n), tags: ["bikes", "bread"] });
      }),
    );
    made.push(...batch.map((b) => b.post));
  }
  // A connection for one offer in twenty, asked by the need's author.
  const offers = made.filter((p) => p.kind === "offer");
  const needs = made.filter((p) => p.kind === "need");
  await Promise.all(
    Array.from({ length: Math.floor(posts / 20) }, (_, i) => service.requestConnection(market.code, host, { offerId: offers[i]!.id, needId: needs[i]!.id })),
  );

  // The CPU a commit spends on the market's size: the old store's JSON.stringify of the whole
  // market, and (when this version of the store has one) the journal's diff of the live market
  // against its durable copy with one post added. Interleaved, so both see the same machine load.
  const full = (await store.load(market.id))!.market;
  const changeRecord = await import("../server/market/change-record.ts").catch(() => undefined);
  const copy = changeRecord?.DurableCopy.of(JSON.parse(JSON.stringify(full)));
  full.posts.push({ id: "diff-probe", kind: "offer", text: text(-1), tags: [], participantId: "x", createdAt: "now" });
  const stringifyTimes: number[] = [];
  const diffTimes: number[] = [];
  for (let i = 0; i < 41; i++) {
    let t0 = performance.now();
    JSON.stringify(full);
    stringifyTimes.push(performance.now() - t0);
    if (copy) {
      t0 = performance.now();
      copy.changesIn(full as unknown as Record<string, unknown>);
      diffTimes.push(performance.now() - t0);
    }
  }
  full.posts.pop();

  // One post at a time: each is its own group commit.
  const times: number[] = [];
  const before = writtenBytes();
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await service.createPost(market.code, actors[i % actors.length]!, { kind: "offer", text: text(posts + i), tags: ["bikes"] });
    times.push(performance.now() - t0);
  }
  const perCommit = (writtenBytes() - before) / SAMPLES;

  // The host moves the room between two stages of the default agenda, and phones save drafts.
  const facilitation = new FacilitationService(service);
  const stages = (await facilitation.agenda(market.code, host, { action: "start" })).stages.filter((s) => s.phase === "connecting").map((s) => s.id);
  const hostCommand = async (run: (i: number) => Promise<unknown>) => {
    const took: number[] = [];
    const bytesBefore = writtenBytes();
    for (let i = 0; i < SAMPLES; i++) {
      const t0 = performance.now();
      await run(i);
      took.push(performance.now() - t0);
    }
    return { p50: percentile(took, 50), bytes: (writtenBytes() - bytesBefore) / SAMPLES };
  };
  const stageMove = await hostCommand((i) => facilitation.agenda(market.code, host, { action: "goto", stageId: stages[i % stages.length]! }));
  await service.changePhase(market.code, host, { phase: "lobby" });
  const draftSave = await hostCommand((i) => facilitation.drafts.save(market.code, actors[i % actors.length]!, { kind: "offer", text: text(i) }));
  await store.close();
  const files = await readdir(path.join(dir, "markets"));
  const sizes = Object.fromEntries(await Promise.all(files.map(async (f) => [f, (await stat(path.join(dir, "markets", f))).size] as const)));
  const snapshot = sizes[`${market.id}.json`] ?? 0;
  await rm(dir, { recursive: true, force: true });
  return {
    posts: full.posts.length,
    participants: full.participants.length,
    connections: full.connections.length,
    marketJsonBytes: snapshot,
    stringifyMs: percentile(stringifyTimes, 50),
    diffMs: diffTimes.length ? percentile(diffTimes, 50) : undefined,
    commitMs: { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times) },
    bytesWrittenPerCommit: Math.round(perCommit),
    stageMove,
    draftSave,
  };
}

for (const posts of SIZES) {
  const result = await measure(posts);
  console.log(
    `${result.posts} posts, ${result.participants} people, ${result.connections} connections: market file ${(result.marketJsonBytes / 1024).toFixed(0)} KB; ` +
      `one JSON.stringify of it ${result.stringifyMs.toFixed(1)} ms` +
      (result.diffMs === undefined ? "" : `; the journal's diff ${result.diffMs.toFixed(1)} ms`) +
      `; one post's commit p50 ${result.commitMs.p50.toFixed(2)} ms, ` +
      `p95 ${result.commitMs.p95.toFixed(2)} ms, max ${result.commitMs.max.toFixed(2)} ms; written per commit ${(result.bytesWrittenPerCommit / 1024).toFixed(1)} KB; ` +
      `the host moving the agenda p50 ${result.stageMove.p50.toFixed(2)} ms, ${(result.stageMove.bytes / 1024).toFixed(1)} KB written; ` +
      `a draft saved p50 ${result.draftSave.p50.toFixed(2)} ms, ${(result.draftSave.bytes / 1024).toFixed(1)} KB written`,
  );
}
