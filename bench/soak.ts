/**
 * The soak (issue 19, "Flat cost per write"): `npm run bench -- --soak [--minutes=10]`, or alone
 * `npx tsx bench/soak.ts [--minutes=10] [--phones=300] [--cpu-prof]`. Not part of the default bench run.
 *
 * One real server (production build, lowdb in a temp folder), one market, 300 phones and a
 * projector on real sockets, 4 posts a second from the phones in turn for the whole run, and venue
 * Wi-Fi churn: 5% of the phones drop each minute, stay away a few seconds and come back, asking for
 * what they missed (`GET /snapshot`, as a phone's page does). Each minute it prints the posts held,
 * fan-out p50/p95 (post sent to event on a phone), the catch-up GET's p95, the server's CPU, RSS
 * and heap used (/metrics) and the size of the data held (the host's export.json of the market).
 * At the end: the last 2 minutes' p95 over the first 2 after a minute of warm-up (flat is <= 1.2x),
 * and RSS growth beside the growth of the data held and of the heap.
 * `--cpu-prof` profiles the server and prints where its CPU went in the first and the last minute.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { cpuByFunction } from "./cpu-profile.ts";
import { api, concat, createMarket, f0, f1, joinPeople, log, now, optionIn, percentiles, Phones, postText, procSample, ROOT, sleep, startNode } from "./harness.ts";
import type { ConnectJob } from "./phones-worker.ts";

export interface SoakOptions {
  minutes: number;
  phones: number;
  postsPerSecond: number;
  /** Share of the phones that drop and come back each minute. */
  churnPerMinute: number;
  cpuProf: boolean;
}

export interface SoakMinute {
  minute: number;
  postsHeld: number;
  posted: number;
  refused: number;
  fanout: { p50: number; p95: number; n: number };
  catchUpP95: number;
  cpuPct: number;
  rssMb: number;
  heapUsedMb: number;
  /** Memory outside the JS heap that V8 knows of (Buffers, ArrayBuffers). */
  externalMb: number;
  dataKb: number;
  /** When the minute ended (ms since the epoch): for the CPU profile's windows. */
  endedAt: number;
}

export interface SoakFigures {
  options: SoakOptions;
  loadavg: number[];
  minutes: SoakMinute[];
  verdict: { earlyP95: number; lateP95: number; ratio: number };
  growth: { rssMb: number; heapMb: number; externalMb: number; dataMb: number };
  profile?: { early: Array<{ fn: string; ms: number }>; late: Array<{ fn: string; ms: number }> };
}

const WARM_UP_MINUTES = 1;
const WINDOW = 2; // minutes compared at each end

export async function soak(options: SoakOptions): Promise<SoakFigures> {
  const profDir = path.join(ROOT, ".tmp/soak-cpu-prof");
  if (options.cpuProf) {
    rmSync(profDir, { recursive: true, force: true });
    mkdirSync(profDir, { recursive: true });
  }
  const server = await startNode(
    { LIMIT_JOINS_PER_SECOND_PER_ADDRESS: "1000", LIMIT_JOIN_BURST_PER_ADDRESS: "5000" },
    // A sample every 10 ms, not every 1 ms: the profiler's own memory stays out of the RSS growth.
    options.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${profDir}`, "--cpu-prof-interval=10000"] : [],
  );
  const phones = new Phones();
  const minutes: SoakMinute[] = [];
  const latencyByMinute: Float64Array[] = [];
  try {
    const market = await createMarket(server.origin, "Soak");
    const tokens = (await joinPeople(server.origin, market.code, options.phones)).filter(Boolean);
    const jobs: ConnectJob[] = tokens.map((token) => ({ group: "market", role: "phone", origin: server.origin, code: market.code, token }));
    jobs.push({ group: "market", role: "projector", origin: server.origin, code: market.code });
    const connected = await phones.connectMany(jobs);
    log(`soak: ${connected.filter((c) => c.ok).length} sockets on one market; ${options.postsPerSecond} posts/s for ${options.minutes} minutes, ${Math.round(options.churnPerMinute * 100)}% of the phones dropping each minute`);
    const tag = "S";
    await phones.arm(tag);

    const runMs = options.minutes * 60_000;
    const t0 = now();
    let posted = 0;
    let refused = 0;
    let catchUps: number[] = [];
    let running = true;

    // Posting: one every 1/rate seconds, from the phones in turn; sends are not awaited in line.
    const posting = (async () => {
      const sends: Promise<void>[] = [];
      for (let i = 0; running; i++) {
        await sleep(t0 + (i * 1000) / options.postsPerSecond - now());
        if (!running) break;
        const sentAt = now();
        const body = { kind: i % 2 ? "need" : "offer", text: postText(tag, sentAt, i) };
        sends.push(api(server.origin, "POST", `/api/markets/${market.code}/posts`, body, tokens[i % tokens.length]).then((a) => void (a.status === 201 ? posted++ : refused++)));
      }
      await Promise.all(sends);
    })();

    // Churn: every 12 s a few phones drop, stay away 3 s, come back and ask for the market as it is now.
    const churnEveryMs = 12_000;
    const perChurn = Math.max(1, Math.round((options.phones * options.churnPerMinute * churnEveryMs) / 60_000));
    const churning = (async () => {
      for (let k = 1; running; k++) {
        await sleep(t0 + k * churnEveryMs - now());
        if (!running) break;
        const dropped = await phones.drop("market", perChurn);
        await sleep(3_000);
        await phones.connectMany(dropped);
        await Promise.all(
          dropped.map(async (job) => {
            const asked = now();
            const snapshot = await api(server.origin, "GET", `/api/markets/${market.code}/snapshot`, undefined, job.token);
            if (snapshot.status === 200) catchUps.push(now() - asked);
          }),
        );
      }
    })();

    let cpuBefore = procSample(server.pid);
    let before = now();
    for (let m = 1; m <= options.minutes; m++) {
      await sleep(t0 + m * 60_000 - now());
      const stats = (await phones.stats()).get("market");
      await phones.arm(tag); // the next minute's latencies start from here
      const cpu = procSample(server.pid);
      const at = now();
      const [summary, exported, metrics] = await Promise.all([
        api(server.origin, "GET", `/api/markets/${market.code}`),
        api(server.origin, "GET", `/api/markets/${market.code}/export.json`, undefined, market.hostKey),
        fetch(`${server.origin}/metrics`).then((r) => r.text()),
      ]);
      const latencies = stats ? concat(stats.phoneLatencies, stats.projectorLatencies) : new Float64Array();
      const p = percentiles(latencies);
      const row: SoakMinute = {
        minute: m,
        postsHeld: (summary.body?.counts?.offers ?? 0) + (summary.body?.counts?.needs ?? 0),
        posted,
        refused,
        fanout: { p50: p.p50, p95: p.p95, n: p.n },
        catchUpP95: percentiles(catchUps).p95,
        cpuPct: ((cpu.cpuS - cpuBefore.cpuS) / ((at - before) / 1000)) * 100,
        rssMb: cpu.rssMb,
        heapUsedMb: gauge(metrics, "nodejs_heap_size_used_bytes") / 1024 / 1024,
        externalMb: gauge(metrics, "nodejs_external_memory_bytes") / 1024 / 1024,
        dataKb: exported.bytes / 1024,
        endedAt: Date.now(),
      };
      minutes.push(row);
      printMinute(row, m === 1);
      latencyByMinute.push(latencies);
      catchUps = [];
      cpuBefore = cpu;
      before = at;
    }
    running = false;
    await Promise.all([posting, churning]);
    if (now() - t0 > runMs + 60_000) log("soak: the posting loop fell behind (the machine is overloaded)");
  } finally {
    await phones.close();
    await phones.terminate();
    await server.stop();
  }
  const stoppedAt = Date.now(); // the profile, if any, ended here

  const pooled = (from: number, to?: number) => percentiles(latencyByMinute.slice(from, to).reduce((acc, l) => concat(acc, l), new Float64Array())).p95;
  const earlyP95 = pooled(WARM_UP_MINUTES, WARM_UP_MINUTES + WINDOW);
  const lateP95 = pooled(-WINDOW);
  const early = minutes[WARM_UP_MINUTES];
  const first = minutes[WARM_UP_MINUTES - 1] ?? minutes[0]!;
  const last = minutes[minutes.length - 1]!;
  const figures: SoakFigures = {
    options,
    loadavg: loadavg(),
    minutes,
    verdict: { earlyP95, lateP95, ratio: lateP95 / earlyP95 },
    growth: { rssMb: last.rssMb - first.rssMb, heapMb: last.heapUsedMb - first.heapUsedMb, externalMb: last.externalMb - first.externalMb, dataMb: (last.dataKb - first.dataKb) / 1024 },
  };
  if (options.cpuProf) {
    // The server's main thread: the biggest profile (its worker threads write their own).
    const file = readdirSync(profDir).filter((f) => f.endsWith(".cpuprofile")).map((f) => path.join(profDir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
    if (file) {
      const minuteOf = (row: SoakMinute) => cpuByFunction(file, row.endedAt - 60_000, row.endedAt, stoppedAt);
      figures.profile = { early: early ? minuteOf(early) : [], late: minuteOf(last) };
    }
  }
  return figures;
}

/** A gauge's value in a Prometheus scrape (prom-client's default metrics). */
const gauge = (scrape: string, name: string) => Number(new RegExp(`^${name} (\\S+)`, "m").exec(scrape)?.[1] ?? NaN);

function printMinute(row: SoakMinute, header: boolean): void {
  if (header) console.log("minute | posts held | fan-out p50 / p95 ms (n) | catch-up GET p95 ms | server CPU % | RSS MB | heap used MB | external MB | data held KB");
  console.log(
    [row.minute, row.postsHeld, `${f0(row.fanout.p50)} / ${f0(row.fanout.p95)} (${row.fanout.n})`, f0(row.catchUpP95), f0(row.cpuPct), f0(row.rssMb), f1(row.heapUsedMb), f1(row.externalMb), f0(row.dataKb)].join(" | "),
  );
}

export function printSoak(figures: SoakFigures): void {
  const { verdict, growth, minutes } = figures;
  const first = minutes[WARM_UP_MINUTES - 1] ?? minutes[0]!;
  const last = minutes[minutes.length - 1]!;
  console.log(`\n== Soak: ${figures.options.phones} phones, ${figures.options.postsPerSecond} posts/s, ${minutes.length} minutes, ${Math.round(figures.options.churnPerMinute * 100)}% churn a minute (load average ${figures.loadavg.map((l) => l.toFixed(1)).join(" ")}) ==`);
  console.table(minutes.map((r) => ({ minute: r.minute, "posts held": r.postsHeld, "fan-out p50 ms": f0(r.fanout.p50), "fan-out p95 ms": f0(r.fanout.p95), "catch-up GET p95 ms": f0(r.catchUpP95), "CPU %": f0(r.cpuPct), "RSS MB": f0(r.rssMb), "heap MB": f1(r.heapUsedMb), "external MB": f1(r.externalMb), "data KB": f0(r.dataKb) })));
  const flat = verdict.ratio <= 1.2;
  console.log(
    `verdict: fan-out p95 of the last ${WINDOW} minutes ${f1(verdict.lateP95)} ms / of minutes ${WARM_UP_MINUTES + 1}-${WARM_UP_MINUTES + WINDOW} ${f1(verdict.earlyP95)} ms = ${verdict.ratio.toFixed(2)}x (${flat ? "flat: within 1.2x" : "NOT flat: over 1.2x"})`,
  );
  console.log(
    `RSS growth after warm-up: ${f1(growth.rssMb)} MB (${f0(first.rssMb)} -> ${f0(last.rssMb)}) while the data held grew ${f1(growth.dataMb)} MB (${f0(first.dataKb)} -> ${f0(last.dataKb)} KB, ${first.postsHeld} -> ${last.postsHeld} posts) the heap ${f1(growth.heapMb)} MB (${f1(first.heapUsedMb)} -> ${f1(last.heapUsedMb)}) and external memory ${f1(growth.externalMb)} MB; RSS / data = ${growth.dataMb > 0 ? (growth.rssMb / growth.dataMb).toFixed(1) : "-"}x`,
  );
  if (figures.profile) {
    console.log("\nServer CPU by function (self time, ms), first minute after warm-up and last minute:");
    const rows = Math.max(figures.profile.early.length, figures.profile.late.length);
    console.table(Array.from({ length: rows }, (_, i) => ({ "early: function": figures.profile!.early[i]?.fn ?? "", "early ms": f0(figures.profile!.early[i]?.ms ?? NaN), "late: function": figures.profile!.late[i]?.fn ?? "", "late ms": f0(figures.profile!.late[i]?.ms ?? NaN) })));
  }
}

export function soakOptions(args: string[]): SoakOptions {
  const option = (name: string) => optionIn(args, name);
  return {
    minutes: Number(option("minutes") ?? 10),
    phones: Number(option("phones") ?? 300),
    postsPerSecond: Number(option("rate") ?? 4),
    churnPerMinute: Number(option("churn") ?? 0.05),
    cpuProf: args.includes("--cpu-prof"),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printSoak(await soak(soakOptions(process.argv.slice(2))));
  process.exit(0);
}
