// Where our server's time goes during the fan-out bench (fanout.ts), two ways:
// - per change, by step, from the server's own Prometheus histogram `market_change_stage_seconds`
//   (server/http/metrics.ts), read before and after the steady market: the mean of each step;
// - with --cpu-prof, its CPU by part of the code, from the V8 profile it writes when it stops.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { CPU_PROF_DIR, api } from "./fanout-harness.ts";

/** Per step: how many were timed and their total seconds (a Prometheus histogram's _count and _sum). */
export type StageTimes = Record<string, { count: number; seconds: number }>;

/** The server's step histogram, as /metrics gives it now. */
export async function changeStages(origin: string): Promise<StageTimes> {
  const response = await api(origin, "GET", "/metrics");
  const text = typeof response.body === "string" ? response.body : "";
  const stages: StageTimes = {};
  for (const match of text.matchAll(/^market_change_stage_seconds_(sum|count)\{stage="([^"]+)"\} (\S+)$/gm)) {
    const stage = (stages[match[2]!] ??= { count: 0, seconds: 0 });
    if (match[1] === "sum") stage.seconds = Number(match[3]);
    else stage.count = Number(match[3]);
  }
  return stages;
}

export function stagesBetween(before: StageTimes, after: StageTimes): StageTimes {
  const between: StageTimes = {};
  for (const [stage, { count, seconds }] of Object.entries(after)) {
    between[stage] = { count: count - (before[stage]?.count ?? 0), seconds: seconds - (before[stage]?.seconds ?? 0) };
  }
  return between;
}

/** What each step is, in the order a change goes through them (server/http/metrics.ts names them). */
const STEPS: Array<[string, string]> = [
  ["http", "a POST /api request, arrival to response sent (the steps below run inside it)"],
  ["request", "its way in: arrival until its route starts (security headers, log, the JSON body, the router)"],
  ["command", "the command: validate, authorise, change the market, index it, queue its events"],
  ["record", "take the change record and hand it to the store"],
  ["durable", "handed over until durable (group commit: the tick, the journal append, fdatasync)"],
  ["publish", "durable until its events are handed to the live layer (who sees what)"],
  ["emit-wait", "handed to the live layer until its message goes out (the batching tick)"],
  ["emit", "one live message per audience: serialise once, write a frame to every socket"],
];

/** The mean of each step per change over the runs, beside the fan-out p50 the phones measured. */
export function printStages(runs: StageTimes[], fanoutP50Ms: number): void {
  console.log("Where a change's time goes on our server (mean per step over the steady market, all runs):");
  const rows = STEPS.map(([stage, what]) => {
    const count = runs.reduce((total, run) => total + (run[stage]?.count ?? 0), 0);
    const seconds = runs.reduce((total, run) => total + (run[stage]?.seconds ?? 0), 0);
    return { step: stage, "mean ms": count ? ((seconds / count) * 1000).toFixed(3) : "-", timed: count, what };
  });
  console.table(rows);
  const serverMs = ["request", "command", "record", "durable", "publish", "emit-wait", "emit"].reduce((total, stage) => {
    const count = runs.reduce((t, run) => t + (run[stage]?.count ?? 0), 0);
    const seconds = runs.reduce((t, run) => t + (run[stage]?.seconds ?? 0), 0);
    return total + (count ? (seconds / count) * 1000 : 0);
  }, 0);
  console.log(`  arrival to last frame written: ${serverMs.toFixed(2)} ms of a ${fanoutP50Ms.toFixed(1)} ms fan-out p50 (the token and input check between "request" and "command" untimed); the rest is the network, the kernel and the phones reading.`);
}

export interface CpuShare {
  part: string;
  ms: number;
}

/** Which part of the code a profile's frame belongs to. */
function partOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === "(idle)") return "idle";
    if (functionName === "(garbage collector)") return "garbage collector";
    if (functionName === "(program)") return "V8 and native (program)";
    return "native built-ins (JSON, crypto, writes)";
  }
  if (url.startsWith("node:")) return "Node internals (net, http, streams)";
  const lib = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
  if (lib) {
    if (/^(socket\.io|engine\.io|ws|socket\.io-adapter|socket\.io-parser|@socket\.io\/.*)$/.test(lib)) return "socket.io, engine.io, ws";
    if (/^(express|body-parser|router|compression|helmet|raw-body|finalhandler|send|serve-static|on-finished|content-type|type-is|qs|cookie)$/.test(lib)) return "express and middleware";
    return `library: ${lib}`;
  }
  // The server runs as one bundle (scripts/build-server.ts): its own code is one file there.
  if (url.endsWith("/build/node/index.js")) return "our server code (the bundle)";
  const own = url.match(/\/(server\/[a-z-]+)\/([a-z-]+)\./)?.[0];
  if (own?.startsWith("/server/market/change-record") || own?.startsWith("/server/market/commit-chain")) return "server/market: change record";
  if (own?.startsWith("/server/market/matching")) return "server/market: matching";
  const folder = url.match(/\/(server\/[a-z-]+)\//)?.[1];
  return folder ?? "other";
}

/** The CPU of the profile our server wrote since `since` (ms), by part, idle left out. */
export function cpuBreakdown(since: number): CpuShare[] {
  let files: string[] = [];
  try {
    files = readdirSync(CPU_PROF_DIR).map((f) => path.join(CPU_PROF_DIR, f)).filter((f) => f.endsWith(".cpuprofile") && statSync(f).mtimeMs >= since);
  } catch {
    return [];
  }
  // The main thread writes the largest profile (tsx's loader thread writes its own, small one).
  const newest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!newest) return [];
  const profile = JSON.parse(readFileSync(newest, "utf8")) as {
    nodes: Array<{ id: number; callFrame: { url: string; functionName: string } }>;
    samples: number[];
    timeDeltas: number[];
  };
  const partById = new Map(profile.nodes.map((node) => [node.id, partOf(node.callFrame.url, node.callFrame.functionName)]));
  const byPart = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const part = partById.get(id) ?? "other";
    byPart.set(part, (byPart.get(part) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  byPart.delete("idle");
  return [...byPart].map(([part, ms]) => ({ part, ms }));
}

export function printCpuBreakdown(shares: CpuShare[]): void {
  const byPart = new Map<string, number>();
  for (const { part, ms } of shares) byPart.set(part, (byPart.get(part) ?? 0) + ms);
  const total = [...byPart.values()].reduce((a, b) => a + b, 0);
  console.log("Where our server's CPU goes (--cpu-prof, whole runs, idle left out):");
  console.table(
    [...byPart]
      .sort((a, b) => b[1] - a[1])
      .map(([part, ms]) => ({ part, "CPU s": (ms / 1000).toFixed(2), share: `${((ms / total) * 100).toFixed(1)}%` })),
  );
}
