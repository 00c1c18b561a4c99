// The harness every live scenario of `npm run bench` shares: our server and the bare socket.io
// baseline as child processes, the phones (real socket.io clients in worker threads), HTTP as
// phones and the host send it, and percentiles.
import { execSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { ConnectJob, ConnectResult, GroupStats, Request } from "./phones-worker.ts";
import { startServer } from "../test/support/server.ts";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const CPU_PROF_DIR = path.join(ROOT, ".tmp/cpu-prof");
const WORKERS = 2;

export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
export const log = (...parts: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);

// ---- Child processes ----------------------------------------------------------------------

export interface Target {
  name: "ours" | "baseline";
  origin: string;
  pid: number;
  dataDir?: string;
  stop(): Promise<void>;
}
/** Targets started and not yet stopped (the watchdog stops them). */
export const running = new Set<Target>();

/** Our server; `cpuProf`: a CPU profile of it in .tmp/cpu-prof (written when it stops). */
export async function startOurs(options: { cpuProf?: boolean; env?: Record<string, string> } = {}): Promise<Target> {
  if (!existsSync(path.join(ROOT, "build/server/index.js"))) {
    log("no production build: running npm run build");
    execSync("npm run build", { cwd: ROOT, stdio: "inherit" });
  }
  mkdirSync(CPU_PROF_DIR, { recursive: true });
  const server = await startServer({ env: options.env, nodeArgs: options.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF_DIR}`] : [] });
  const target: Target = { name: "ours", origin: server.origin, pid: server.pid, dataDir: server.dataDir, stop: () => server.stop() };
  running.add(target);
  return target;
}

export async function startBaseline(): Promise<Target> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/baseline-server.ts"], { cwd: ROOT, env: { ...process.env, PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk;
      const match = out.match(/listening on http:\/\/localhost:(\d+)/);
      if (match) resolve(Number(match[1]));
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk) => (out += chunk));
    child.once("exit", (code) => reject(new Error(`baseline exited with ${code}:\n${out}`)));
  });
  const target: Target = {
    name: "baseline",
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
  running.add(target);
  return target;
}

export async function stopTarget(target: Target): Promise<void> {
  await target.stop();
  running.delete(target);
}

/** CPU seconds (user + system) and memory of a child, from /proc. */
export function procSample(pid: number): { cpuS: number; rssMb: number; peakMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))?.[1] ?? 0);
  return { cpuS: ticks / 100, rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

// ---- The phones: worker threads holding real socket.io clients ---------------------------

export class Phones {
  private workers: Worker[] = [];
  private nextId = 0;
  private pending = new Map<number, (value: any) => void>();
  private turn = 0;

  constructor() {
    for (let i = 0; i < WORKERS; i++) {
      const worker = new Worker(new URL("./phones-worker-boot.mjs", import.meta.url));
      worker.on("message", ({ id, value }) => {
        this.pending.get(id)?.(value);
        this.pending.delete(id);
      });
      worker.on("error", (error) => console.error("phones worker failed:", error));
      this.workers.push(worker);
    }
  }

  private call<T>(worker: Worker, request: Omit<Request, "id"> & { cmd: Request["cmd"] }): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      this.pending.set(id, resolve);
      worker.postMessage({ ...request, id });
    });
  }

  private all<T>(request: Omit<Request, "id">): Promise<T[]> {
    return Promise.all(this.workers.map((w) => this.call<T>(w, request)));
  }

  /** Connects one socket on the next worker in turn. */
  async connect(job: ConnectJob): Promise<ConnectResult> {
    const worker = this.workers[this.turn++ % this.workers.length]!;
    const [result] = await this.call<ConnectResult[]>(worker, { cmd: "connect", jobs: [job] } as Request);
    return result!;
  }

  async connectMany(jobs: ConnectJob[]): Promise<ConnectResult[]> {
    const shares: ConnectJob[][] = this.workers.map(() => []);
    jobs.forEach((job, i) => shares[i % shares.length]!.push(job));
    const results = await Promise.all(shares.map((share, i) => this.call<ConnectResult[]>(this.workers[i]!, { cmd: "connect", jobs: share } as Request)));
    return results.flat();
  }

  arm = (tag: string) => this.all({ cmd: "arm", tag } as Request);
  progress = async () => (await this.all<number>({ cmd: "progress" } as Request)).reduce((a, b) => a + b, 0);
  close = () => this.all({ cmd: "close" } as Request);
  terminate = () => Promise.all(this.workers.map((w) => w.terminate()));

  async stats(): Promise<Map<string, GroupStats>> {
    const merged = new Map<string, GroupStats>();
    for (const list of await this.all<GroupStats[]>({ cmd: "stats" } as Request)) {
      for (const s of list) {
        const m = merged.get(s.group);
        if (!m) {
          merged.set(s.group, { ...s });
          continue;
        }
        m.phoneLatencies = concat(m.phoneLatencies, s.phoneLatencies);
        m.projectorLatencies = concat(m.projectorLatencies, s.projectorLatencies);
        m.minReceived = m.sockets ? (s.sockets ? Math.min(m.minReceived, s.minReceived) : m.minReceived) : s.minReceived;
        m.maxReceived = Math.max(m.maxReceived, s.maxReceived);
        m.sockets += s.sockets;
        m.totalReceived += s.totalReceived;
        m.outOfOrder += s.outOfOrder;
        m.frames += s.frames;
        m.lastReceivedAt = Math.max(m.lastReceivedAt, s.lastReceivedAt);
        m.eventBytes ||= s.eventBytes;
      }
    }
    return merged;
  }

  /** Waits until every socket has the tagged posts (or the timeout); returns how many arrived. */
  async delivered(expected: number, timeoutMs: number): Promise<number> {
    const deadline = now() + timeoutMs;
    let received = 0;
    while ((received = await this.progress()) < expected && now() < deadline) await sleep(100);
    return received;
  }
}

export function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
export function percentiles(values: Float64Array | number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

// ---- HTTP, as phones and the host do it -------------------------------------------------

/** Never throws: a refused or reset connection comes back as status 0 and counts as an error. */
export async function api(origin: string, method: string, url: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(origin + url, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    text = await response.text();
  } catch (error) {
    return { status: 0, body: { error: { code: "network", message: String((error as Error).cause ?? error) } } };
  }
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

/** A post's text: the run's tag, the send time (for the receiver's latency), and filler to ~120 chars. */
export function postText(tag: string, sentAt: number, i: number): string {
  const head = `${tag} ${sentAt.toFixed(3)} ${i} `;
  return (head + "I can help with bike repairs, sourdough starters and a lift to the station on Saturdays.").slice(0, 120);
}

export async function createMarket(target: Target, title: string): Promise<{ code: string; hostKey: string }> {
  const created = await api(target.origin, "POST", "/api/markets", { title });
  if (created.status !== 201) throw new Error(`create market on ${target.name}: ${created.status}`);
  const phase = await api(target.origin, "POST", `/api/markets/${created.body.code}/phase`, { phase: "sharing" }, created.body.hostKey);
  if (phase.status !== 200) throw new Error(`phase on ${target.name}: ${phase.status} ${JSON.stringify(phase.body)}`);
  return created.body;
}
