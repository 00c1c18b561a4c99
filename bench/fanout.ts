// `npm run bench -- --only-fanout [--sizes 200,1000,2000] [--repeat 3] [--seconds 20] [--cpu-prof]`:
// one lowdb node against bare socket.io at steady fan-out, in alternated runs (ours, bare, ours,
// bare, ...) so both see the same machine load, and the median of the runs' p95 per side. For our
// server it also prints where each change's time goes (fanout-breakdown.ts), read from its own
// Prometheus metrics, and with --cpu-prof where its CPU goes.
import { loadavg } from "node:os";
import { log } from "./fanout-harness.ts";
import { cpuBreakdown, printCpuBreakdown, printStages, type CpuShare } from "./fanout-breakdown.ts";
import { runOne, type RunResult, type RunSettings } from "./fanout-run.ts";

export interface FanoutOptions {
  sizes: number[];
  repeat: number;
  /** Seconds of steady posting per run, at `postsPerS`. */
  steadyS: number;
  postsPerS: number;
  cpuProf: boolean;
  /** Default both, alternated. */
  targets?: Array<"ours" | "baseline">;
}

export interface FanoutRun {
  target: "ours" | "baseline";
  n: number;
  loadavg: number;
  result: RunResult;
  cpu?: CpuShare[];
}

// The harness's phones all come from 127.0.0.1: the venue limits on joins from one address would
// refuse most of them. Fan-out is measured here, not joining.
const BENCH_LIMITS = {
  LIMIT_JOINS_PER_SECOND_PER_ADDRESS: "100000",
  LIMIT_JOIN_BURST_PER_ADDRESS: "100000",
  LIMIT_JOINS_PER_MINUTE_PER_ADDRESS: "1000000",
  LIMIT_JOINS_PER_MINUTE_PER_MARKET: "1000000",
};

export async function fanoutBench(options: FanoutOptions): Promise<FanoutRun[]> {
  const runs: FanoutRun[] = [];
  for (const n of options.sizes) {
    const settings: RunSettings = {
      // Joins at about 200 a second: not what is measured here, so quick.
      joinRampS: Math.max(1, n / 200),
      steadyS: options.steadyS,
      postsPerS: options.postsPerS,
      deliveryTimeoutMs: 30_000,
      noBurst: true,
      cpuProf: options.cpuProf,
      env: BENCH_LIMITS,
    };
    for (let r = 0; r < options.repeat; r++) {
      for (const target of options.targets ?? (["ours", "baseline"] as const)) {
        const load = loadavg()[0]!;
        const startedAt = Date.now();
        const result = await runOne(target, n, settings);
        const run: FanoutRun = { target, n, loadavg: load, result };
        if (target === "ours" && options.cpuProf) run.cpu = cpuBreakdown(startedAt);
        runs.push(run);
        const s = result.steady;
        log(`${target} N=${n} run ${r + 1}: p95 ${s.phones.p95.toFixed(1)} ms, lost ${s.lost}, CPU ${s.cpuPct.toFixed(0)}% (load ${load.toFixed(2)})`);
      }
    }
    printFanout(runs.filter((run) => run.n === n), n);
  }
  printSummary(runs, options.sizes);
  return runs;
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "-");
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function printFanout(runs: FanoutRun[], n: number): void {
  console.log(`\n== Fan-out, N = ${n} phones (+1 projector), steady posting: each run, in the order run ==`);
  console.table(
    runs.map((run) => {
      const s = run.result.steady;
      return {
        target: run.target,
        "p50 ms": f1(s.phones.p50),
        "p95 ms": f1(s.phones.p95),
        "p99 ms": f1(s.phones.p99),
        "projector p95 ms": f1(s.projector.p95),
        "posts acked": s.acked,
        "events lost": s.lost,
        "out of order": s.outOfOrder,
        "server CPU %": f1(s.cpuPct),
        "server RSS MB": f1(s.rssMb),
        "load avg": run.loadavg.toFixed(2),
      };
    }),
  );
  const ours = runs.filter((r) => r.target === "ours");
  const stages = ours.flatMap((r) => (r.result.stages ? [r.result.stages] : []));
  if (stages.length) printStages(stages, median(ours.map((r) => r.result.steady.phones.p50)));
  const cpu = ours.flatMap((r) => r.cpu ?? []);
  if (cpu.length) printCpuBreakdown(cpu);
}

function printSummary(runs: FanoutRun[], sizes: number[]): void {
  console.log("\n== Fan-out: ours against bare socket.io, the median of the runs' p95 (steady, phones) ==");
  console.table(
    sizes.map((n) => {
      const p95s = (target: FanoutRun["target"]) => runs.filter((r) => r.n === n && r.target === target).map((r) => r.result.steady.phones.p95);
      const p50 = (target: FanoutRun["target"]) => median(runs.filter((r) => r.n === n && r.target === target).map((r) => r.result.steady.phones.p50));
      const ours = median(p95s("ours"));
      const bare = median(p95s("baseline"));
      return {
        N: n,
        runs: p95s("ours").length,
        "ours p95 ms (median)": f1(ours),
        "bare p95 ms (median)": f1(bare),
        "ours/bare p95": bare > 0 ? `${(ours / bare).toFixed(2)}x` : "-",
        "each run's ratio": p95s("ours").map((o, i) => (o / (p95s("baseline")[i] ?? NaN)).toFixed(2)).join(" "),
        "ours p50 ms (median)": f1(p50("ours")),
        "bare p50 ms (median)": f1(p50("baseline")),
        "lost ours/bare": `${sum(runs, n, "ours")}/${sum(runs, n, "baseline")}`,
      };
    }),
  );
}

const sum = (runs: FanoutRun[], n: number, target: FanoutRun["target"]) => runs.filter((r) => r.n === n && r.target === target).reduce((total, r) => total + r.result.steady.lost, 0);
