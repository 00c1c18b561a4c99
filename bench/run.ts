/**
 * `npm run bench` (about 15 minutes) or `npm run bench -- --quick` (about 30 seconds).
 * Starts the real server (production build, real data files in a temp folder) and a bare socket.io
 * baseline (bench/baseline-server.ts), each as its own child process, drives both with the same
 * harness (real socket.io clients in worker threads, HTTP from this process), and prints a table.
 * `npm run bench -- --only-fanout --sizes 200,1000,2000 --repeat 3`: only the fan-out comparison, ours and bare
 * alternated, with where our time goes (bench/fanout.ts; --seconds 20 of steady posting per run, --cpu-prof).
 * Options: --quick, --n=100,1000 (sizes), --only=ours|baseline, --no-rooms, --cpu-prof (writes .tmp/cpu-prof/*.cpuprofile for our
 * server), --no-browser (skip the projector frame-time check and the first-post journey), --no-matching,
 * --matching-only (the matching engine's speed, memory and quality on the evaluation sets, about a minute),
 * --no-import (skip the latency of other requests during an import at the caps, bench/import.ts), --no-venue
 * (skip the venue Wi-Fi scenario, which needs root and `ip netns`), --only-venue (run just that one), --no-stored
 * (skip start-up with 10,000 stored markets, bench/stored-markets.ts), --only-stored (run just that one),
 * --no-nodes (skip, as --quick does, N=1,000 phones over two nodes on PostgreSQL against one node and bare socket.io, bench/two-nodes.ts;
 * --nodes-n=, --nodes-seconds=, --nodes-rate=), --only-nodes (run just that one),
 * --no-catchup (skip, as --quick does, 1,000 phones catching up with their market at once, bench/catch-up.ts), --only-catchup (run just that one),
 * --soak [--minutes=10] (only the 10-minute soak, bench/soak.ts; never part of the default run).
 * See docs/performance.md for what each scenario measures and the figures from this machine.
 */
import { execSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { printImportBench, runImportBench } from "./import.ts";
import { printStoredMarkets, storedMarketsBench } from "./stored-markets.ts";
import { printSoak, soak, soakOptions } from "./soak.ts";
import { nodesOptions, printTwoNodes, twoNodesBench } from "./two-nodes.ts";
import { printMatchingQuality, runMatchingBench } from "./matching.ts";
import { pageWeights } from "./page-weight.ts";
import { printVenueWifi, venueWifiFigures } from "./venue-wifi.ts";
import { catchUpBench, printCatchUp } from "./catch-up.ts";
import { firstPostJourney, printFirstPost } from "./first-post.ts";
import type { ConnectJob } from "./phones-worker.ts";
import { api, concat, createMarket, log, now, Phones, percentiles, postText, procSample, ROOT, running, sleep, startBaseline, startOurs, stopTarget, type Percentiles } from "./fanout-harness.ts";
import { fanoutBench } from "./fanout.ts";
import { optionIn } from "./harness.ts";
import { runOne, type RunResult, type RunSettings } from "./fanout-run.ts";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => optionIn(args, name);
const QUICK = flag("quick");
const SIZES = (option("n") ?? option("sizes"))?.split(",").map(Number).filter((n) => n > 0) ?? (QUICK ? [200] : [100, 500, 1000, 2000]); // --n= runs only the many-rooms scenario
const JOIN_RAMP_S = QUICK ? 2 : 10;
const STEADY_S = QUICK ? 4 : 60;
const POSTS_PER_S = 20;
const ROOMS = QUICK ? { markets: 5, phones: 20, seconds: 3 } : { markets: 20, phones: 50, seconds: 30 };
const ROOM_POSTS_PER_S = 2; // per market
const DELIVERY_TIMEOUT_MS = QUICK ? 10_000 : 30_000;
const WATCHDOG_MIN = QUICK ? 3 : 40;
const TARGETS = (option("only") ? [option("only")] : ["ours", "baseline"]) as Array<"ours" | "baseline">;
const RUN_SETTINGS: RunSettings = { joinRampS: JOIN_RAMP_S, steadyS: STEADY_S, postsPerS: POSTS_PER_S, deliveryTimeoutMs: DELIVERY_TIMEOUT_MS, cpuProf: flag("cpu-prof") };


interface RoomsResult {
  target: string;
  markets: number;
  phones: number;
  posts: number;
  lost: number;
  perMarketP95: { min: number; median: number; max: number };
  overall: Percentiles;
  cpuPct: number;
}

async function runRooms(targetName: "ours" | "baseline"): Promise<RoomsResult> {
  const target = targetName === "ours" ? await startOurs({ cpuProf: flag("cpu-prof") }) : await startBaseline();
  const phones = new Phones();
  try {
    log(`${target.name}: many rooms (${ROOMS.markets} x ${ROOMS.phones})`);
    const markets = await Promise.all(Array.from({ length: ROOMS.markets }, (_, m) => createMarket(target, `Room ${m}`)));
    const tokens: string[][] = [];
    for (const [m, market] of markets.entries()) {
      tokens[m] = [];
      const joined = await Promise.all(
        Array.from({ length: ROOMS.phones }, (_, i) => api(target.origin, "POST", `/api/markets/${market.code}/participants`, { name: `P${m}-${i}`, contact: "x@example.org" })),
      );
      tokens[m] = joined.filter((j) => j.status === 201).map((j) => j.body.token as string);
    }
    const jobs: ConnectJob[] = markets.flatMap((market, m) => tokens[m]!.map((token) => ({ group: `m${m}`, role: "phone" as const, origin: target.origin, code: market.code, token })));
    const connected = await phones.connectMany(jobs);
    const sockets = connected.filter((c) => c.ok).length;
    const tag = `R${targetName[0]}`;
    await phones.arm(tag);
    const perMarket = ROOMS.seconds * ROOM_POSTS_PER_S;
    const cpuBefore = procSample(target.pid);
    const start = now();
    const sends: Promise<boolean>[] = [];
    const interval = 1000 / (ROOM_POSTS_PER_S * ROOMS.markets);
    for (let i = 0; i < perMarket * ROOMS.markets; i++) {
      await sleep(start + i * interval - now());
      const m = i % ROOMS.markets;
      const sentAt = now();
      const list = tokens[m]!;
      sends.push(
        api(target.origin, "POST", `/api/markets/${markets[m]!.code}/posts`, { kind: "offer", text: postText(tag, sentAt, i) }, list[Math.floor(i / ROOMS.markets) % list.length]).then((a) => a.status === 201),
      );
    }
    const acked = (await Promise.all(sends)).filter(Boolean).length;
    const expected = acked * ROOMS.phones;
    const received = await phones.delivered(expected, DELIVERY_TIMEOUT_MS);
    const cpuAfter = procSample(target.pid);
    const stats = await phones.stats();
    const p95s = [...stats.values()].map((s) => percentiles(s.phoneLatencies).p95).sort((a, b) => a - b);
    const all = [...stats.values()].reduce<Float64Array>((acc, s) => concat(acc, s.phoneLatencies), new Float64Array());
    void sockets;
    return {
      target: target.name,
      markets: ROOMS.markets,
      phones: ROOMS.phones,
      posts: acked,
      lost: expected - received,
      perMarketP95: { min: p95s[0] ?? NaN, median: p95s[Math.floor(p95s.length / 2)] ?? NaN, max: p95s[p95s.length - 1] ?? NaN },
      overall: percentiles(all),
      cpuPct: ((cpuAfter.cpuS - cpuBefore.cpuS) / ((now() - start) / 1000)) * 100,
    };
  } finally {
    await phones.close();
    await phones.terminate();
    await stopTarget(target);
  }
}

// ---- Page weight and projector frames -------------------------------------------------------

interface FrameResult {
  cards: number;
  liveCards: number;
  frames: number;
  fps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  longFrames: number;
  /** The same page, nothing arriving. */
  idleFps: number;
  idleP95Ms: number;
}

async function projectorFrames(): Promise<FrameResult | string> {
  let chromium;
  try {
    chromium = (await import("../test/support/browser.ts")).launchChromium;
    execSync("command -v chromium", { stdio: "ignore" });
  } catch {
    return "skipped: Chromium is not installed (bash scripts/ensure-chromium.sh)";
  }
  const total = QUICK ? 300 : 1000;
  const liveCards = QUICK ? 100 : 400;
  const target = await startOurs({ cpuProf: flag("cpu-prof") });
  const browser = await chromium();
  try {
    log(`projector: ${total} cards, the last ${liveCards} arriving at ${POSTS_PER_S}/s while frames are timed`);
    const market = await createMarket(target, "Frames");
    const tokens: string[] = [];
    for (let i = 0; i < 50; i++) tokens.push((await api(target.origin, "POST", `/api/markets/${market.code}/participants`, { name: `Person ${i}`, contact: "x@example.org" })).body.token);
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(`${target.origin}/screen/${market.code}`);
    await page.locator(".live-badge.live").waitFor();
    const send = (i: number) => api(target.origin, "POST", `/api/markets/${market.code}/posts`, { kind: i % 2 ? "need" : "offer", text: `Card ${i}: I can help with bike repairs and sourdough starters`, tags: ["bikes"] }, tokens[i % tokens.length]);
    for (let i = 0; i < total - liveCards; i += 25) await Promise.all(Array.from({ length: Math.min(25, total - liveCards - i) }, (_, k) => send(i + k)));
    await page.waitForFunction(() => document.querySelectorAll(".post-card").length > 0);
    // A string, not a function: tsx would wrap a named function in a helper the page lacks.
    await page.evaluate(`(() => {
      window.frameTimes = [];
      let last = performance.now();
      const tick = (t) => { window.frameTimes.push(t - last); last = t; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    // The same page with nothing arriving: what this (shared) machine gives Chromium anyway.
    await sleep(QUICK ? 2000 : 4000);
    const idleTimes = ((await page.evaluate("window.frameTimes.splice(0)")) as number[]).slice(1);
    const start = now();
    for (let i = 0; i < liveCards; i++) {
      await sleep(start + (i * 1000) / POSTS_PER_S - now());
      void send(total - liveCards + i);
    }
    await page.waitForFunction((n) => document.querySelector(".wall-column.offer .wall-count")?.textContent === String(n), total / 2, { timeout: 30_000 });
    const times = ((await page.evaluate("window.frameTimes")) as number[]).slice(1);
    const p = percentiles(times);
    const fps = (list: number[]) => (list.length / list.reduce((a, b) => a + b, 0)) * 1000;
    const idle = percentiles(idleTimes);
    return { cards: total, liveCards, frames: times.length, fps: fps(times), p50Ms: p.p50, p95Ms: p.p95, p99Ms: p.p99, maxMs: p.max, longFrames: times.filter((t) => t > 25).length, idleFps: fps(idleTimes), idleP95Ms: idle.p95 };
  } finally {
    await browser.close();
    await stopTarget(target);
  }
}

// ---- Report ---------------------------------------------------------------------------------

const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "-");
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "-");
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}x` : "-");

function report(results: RunResult[], rooms: RoomsResult[]): void {
  for (const n of SIZES) {
    const ours = results.find((r) => r.target === "ours" && r.n === n);
    const base = results.find((r) => r.target === "baseline" && r.n === n);
    if (!ours || !base) continue;
    console.log(`\n== N = ${n} phones (+1 projector) ==`);
    const row = (scenario: string, measure: string, a: number, b: number, fmt = f0) => ({ scenario, measure, ours: fmt(a), baseline: fmt(b), "ours/baseline": ratio(a, b) });
    console.table([
      row("1 join burst", "errors", ours.join.errors, base.join.errors),
      row("1 join burst", "all joined (s)", ours.join.allJoinedS, base.join.allJoinedS, f1),
      row("1 join burst", "join+socket p50 (ms)", ours.join.latency.p50, base.join.latency.p50),
      row("1 join burst", "join+socket p95 (ms)", ours.join.latency.p95, base.join.latency.p95),
      row("2 steady", "projector p50 (ms)", ours.steady.projector.p50, base.steady.projector.p50),
      row("2 steady", "projector p95 (ms)", ours.steady.projector.p95, base.steady.projector.p95),
      row("2 steady", "phones p50 (ms)", ours.steady.phones.p50, base.steady.phones.p50),
      row("2 steady", "phones p95 (ms)", ours.steady.phones.p95, base.steady.phones.p95),
      row("2 steady", "phones p99 (ms)", ours.steady.phones.p99, base.steady.phones.p99),
      row("2 steady", "phones max (ms)", ours.steady.phones.max, base.steady.phones.max),
      row("2 steady", "events lost", ours.steady.lost, base.steady.lost),
      row("2 steady", "out of order", ours.steady.outOfOrder, base.steady.outOfOrder),
      row("2 steady", "server CPU (%)", ours.steady.cpuPct, base.steady.cpuPct),
      row("2 steady", "server RSS (MB)", ours.steady.rssMb, base.steady.rssMb),
      row("2 steady", "event bytes", ours.steady.eventBytes, base.steady.eventBytes),
      row("3 at once", "acked", ours.burst.acked, base.burst.acked),
      row("3 at once", "deliveries missing", ours.burst.acked * (n + 1) - ours.burst.delivered, base.burst.acked * (n + 1) - base.burst.delivered),
      row("3 at once", "last ack (ms)", ours.burst.lastAckMs, base.burst.lastAckMs),
      row("3 at once", "last delivery (ms)", ours.burst.lastDeliveryMs, base.burst.lastDeliveryMs),
      row("3 at once", "messages per socket", ours.burst.framesPerSocket, base.burst.framesPerSocket, f1),
      row("memory", "RSS after all (MB)", ours.rss.afterMb, base.rss.afterMb),
      row("memory", "peak RSS (MB)", ours.rss.peakMb, base.rss.peakMb),
      row("memory", "bytes per socket", ours.rss.bytesPerSocket, base.rss.bytesPerSocket),
    ]);
    if (ours.store) console.log(`store: market file ${f0(ours.store.fileBytes / 1024)} KB with ${ours.store.posts} posts; one JSON.stringify ${f1(ours.store.stringifyMs)} ms (paid at each compaction; a group commit appends one journal record: bench/store-commit.ts)`);
  }
  console.log("\n== Growth with N ==");
  console.table(
    SIZES.map((n) => {
      const o = results.find((r) => r.target === "ours" && r.n === n);
      const b = results.find((r) => r.target === "baseline" && r.n === n);
      return {
        N: n,
        "steady p95 ours": f0(o?.steady.phones.p95 ?? NaN),
        "steady p95 base": f0(b?.steady.phones.p95 ?? NaN),
        "steady p99 ours": f0(o?.steady.phones.p99 ?? NaN),
        "at once last ours": f0(o?.burst.lastDeliveryMs ?? NaN),
        "at once last base": f0(b?.burst.lastDeliveryMs ?? NaN),
        "RSS ours MB": f0(o?.rss.afterMb ?? NaN),
        "RSS base MB": f0(b?.rss.afterMb ?? NaN),
        "B/socket ours": f0(o?.rss.bytesPerSocket ?? NaN),
        "B/socket base": f0(b?.rss.bytesPerSocket ?? NaN),
        "CPU% ours": f0(o?.steady.cpuPct ?? NaN),
        "CPU% base": f0(b?.steady.cpuPct ?? NaN),
      };
    }),
  );
  if (rooms.length === 2) {
    const [o, b] = rooms as [RoomsResult, RoomsResult];
    console.log(`\n== 4 many rooms: ${o.markets} markets x ${o.phones} phones, ${ROOM_POSTS_PER_S} posts/s per market ==`);
    const row = (measure: string, a: number, c: number) => ({ measure, ours: f0(a), baseline: f0(c), "ours/baseline": ratio(a, c) });
    console.table([
      row("posts acked", o.posts, b.posts),
      row("events lost", o.lost, b.lost),
      row("per-market p95, best (ms)", o.perMarketP95.min, b.perMarketP95.min),
      row("per-market p95, median (ms)", o.perMarketP95.median, b.perMarketP95.median),
      row("per-market p95, worst (ms)", o.perMarketP95.max, b.perMarketP95.max),
      row("all phones p99 (ms)", o.overall.p99, b.overall.p99),
      row("server CPU (%)", o.cpuPct, b.cpuPct),
    ]);
  }
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${WATCHDOG_MIN} minutes; stopping.`);
    for (const t of running) void t.stop();
    process.exit(2);
  }, WATCHDOG_MIN * 60_000);
  watchdog.unref();
  log(`bench ${QUICK ? "(quick)" : ""}: N = ${flag("only-fanout") && !option("sizes") && !option("n") ? "200, 1000, 2000" : SIZES.join(", ")}; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} on this ${(await import("node:os")).cpus().length}-core machine`);

  const all: Record<string, unknown> = { quick: QUICK, sizes: SIZES, startedAt: new Date().toISOString(), loadavg: loadavg() };
  if (flag("soak")) {
    printSoak(await soak(soakOptions(args)));
    return;
  }
  if (flag("only-fanout")) {
    const sizes = option("n") || option("sizes") ? SIZES : [200, 1000, 2000];
    all.fanout = await fanoutBench({ sizes, repeat: Number(option("repeat") ?? 3), steadyS: Number(option("seconds") ?? 20), postsPerS: POSTS_PER_S, cpuProf: flag("cpu-prof"), targets: TARGETS });
    writeFileSync(path.join(ROOT, ".tmp/bench-fanout.json"), JSON.stringify(all, null, 1));
    return;
  }
  if (flag("only-venue")) {
    const venue = await venueWifiFigures((line) => log(`venue: ${line}`));
    printVenueWifi(venue);
    return;
  }
  if (flag("only-stored") || (!flag("no-stored") && !flag("only-nodes"))) {
    const stored = await storedMarketsBench(QUICK ? 2_000 : 10_000, (line) => log(line));
    printStoredMarkets(stored);
    all.storedMarkets = stored;
    if (flag("only-stored")) return;
  }
  if (flag("only-catchup") || (!QUICK && !flag("no-catchup") && !flag("only-nodes") && !flag("only-stored"))) {
    const catchUp = await catchUpBench();
    printCatchUp(catchUp);
    all.catchUp = catchUp;
    if (flag("only-catchup")) return;
  }
  if (flag("only-nodes") || (!QUICK && !flag("no-nodes"))) {
    const nodes = await twoNodesBench(nodesOptions(args, QUICK));
    printTwoNodes(nodes);
    all.twoNodes = nodes;
    if (flag("only-nodes")) return;
  }
  if (!flag("no-matching")) {
    log("matching engine");
    const matching = await runMatchingBench();
    console.table(Object.entries(matching).map(([measure, value]) => ({ measure, value: Number.isInteger(value) ? value : Number(value.toFixed(2)) })));
    all.matching = matching;
    printMatchingQuality();
  }
  if (flag("matching-only")) return;
  const results: RunResult[] = [];
  mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
  const out = path.join(ROOT, `.tmp/bench-${QUICK ? "quick" : "full"}.json`);
  for (const n of SIZES) {
    for (const target of TARGETS) {
      try {
        results.push(await runOne(target, n, RUN_SETTINGS));
      } catch (error) {
        log(`${target} N=${n} failed: ${String(error)}`);
      }
      all.results = results;
      writeFileSync(out, JSON.stringify(all, null, 1));
    }
  }
  const rooms: RoomsResult[] = [];
  if (!flag("no-rooms")) for (const target of TARGETS) rooms.push(await runRooms(target));
  all.results = results;
  all.rooms = rooms;
  report(results, rooms);

  if (!flag("no-venue")) {
    log("venue Wi-Fi");
    const venue = await venueWifiFigures((line) => log(`venue: ${line}`));
    printVenueWifi(venue);
    all.venueWifi = venue;
  }

  if (!existsSync(path.join(ROOT, "build/client/assets"))) execSync("npm run build", { cwd: ROOT, stdio: "inherit" });
  const weights = pageWeights();
  console.log("\n== JavaScript each page loads (build/client, gzip) ==");
  console.table(weights.map((w) => ({ page: w.page, files: w.files, "raw KB": f1(w.rawKb), "gzip KB": f1(w.gzipKb), "with the translations of": w.language })));
  all.pageWeights = weights;

  if (!flag("no-import")) {
    const imported = await runImportBench();
    printImportBench(imported);
    all.import = imported;
  }

  if (!flag("no-browser")) {
    const frames = await projectorFrames();
    console.log("\n== Projector frames while cards arrive (Chromium, 1920x1080, requestAnimationFrame) ==");
    if (typeof frames === "string") console.log(frames);
    else console.table([{ cards: frames.cards, "live at 20/s": frames.liveCards, frames: frames.frames, fps: f1(frames.fps), "p50 ms": f1(frames.p50Ms), "p95 ms": f1(frames.p95Ms), "p99 ms": f1(frames.p99Ms), "max ms": f1(frames.maxMs), "frames > 25 ms": frames.longFrames, "idle fps": f1(frames.idleFps), "idle p95 ms": f1(frames.idleP95Ms) }]);
    all.frames = frames;
    const firstPost = await firstPostJourney();
    printFirstPost(firstPost);
    all.firstPost = firstPost;
  }
  writeFileSync(out, JSON.stringify(all, null, 1));
  log(`done; raw figures in ${path.relative(ROOT, out)}`);
}

main().then(
  () => process.exit(0),
  async (error) => {
    console.error(error);
    for (const t of running) await t.stop();
    process.exit(1);
  },
);
