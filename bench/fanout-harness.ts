// What the fan-out scenarios of `npm run bench` add to the shared harness (harness.ts): our
// server (optionally CPU-profiled) and the bare socket.io baseline as named targets, which the
// watchdog stops if a run hangs.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { createMarket as createMarketOn, ensureBuild, ROOT, startBaseline as startBareServer, type Target as Started } from "./harness.ts";
import { startServer } from "../test/support/server.ts";

export { api, concat, log, now, Phones, percentiles, postText, procSample, ROOT, sleep, type Percentiles } from "./harness.ts";

export const CPU_PROF_DIR = path.join(ROOT, ".tmp/cpu-prof");

export interface Target extends Started {
  name: "ours" | "baseline";
  dataDir?: string;
}
/** Targets started and not yet stopped (the watchdog stops them). */
export const running = new Set<Target>();

/** Our server; `cpuProf`: a CPU profile of it in .tmp/cpu-prof (written when it stops). */
export async function startOurs(options: { cpuProf?: boolean; env?: Record<string, string> } = {}): Promise<Target> {
  ensureBuild();
  mkdirSync(CPU_PROF_DIR, { recursive: true });
  const server = await startServer({ env: options.env, nodeArgs: options.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF_DIR}`] : [] });
  const target: Target = { name: "ours", origin: server.origin, pid: server.pid, dataDir: server.dataDir, stop: () => server.stop() };
  running.add(target);
  return target;
}

export async function startBaseline(): Promise<Target> {
  const target: Target = { name: "baseline", ...(await startBareServer()) };
  running.add(target);
  return target;
}

export async function stopTarget(target: Target): Promise<void> {
  await target.stop();
  running.delete(target);
}

/** A market in its sharing phase on `target`. */
export const createMarket = (target: Target, title: string) => createMarketOn(target.origin, title);
