/**
 * What the two-node bench (bench/two-nodes.ts) and the soak (bench/soak.ts) drive servers with: a
 * pool of worker threads holding real socket.io clients (bench/phones-worker.ts), HTTP as phones
 * and hosts call it, /proc samples of a child process, and percentiles. The fan-out bench adds
 * its own targets on top (fanout-harness.ts).
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { execSync } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { ConnectJob, ConnectResult, GroupStats, Request } from "./phones-worker.ts";
import { startPostgres } from "../test/support/postgres.ts";
import { buildServerSync } from "../scripts/build-server.ts";
import { ROOT } from "../server/root.ts";
import { startServer } from "../test/support/server.ts";

export { ROOT };
export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
/** A bench option from the command line: `--name=value` or `--name value`. */
export const optionIn = (args: readonly string[], name: string): string | undefined =>
  args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
export const log = (...parts: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);

// ---- Servers as child processes --------------------------------------------------------------

export interface Target {
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

/** The server runs the production build: the app's made first when there is none, the server bundled from the sources as they are. */
export function ensureBuild(): void {
  if (!existsSync(path.join(ROOT, "build/server/index.js"))) {
    log("no production build: running npm run build");
    execSync("npm run build", { cwd: ROOT, stdio: "inherit" });
  }
  buildServerSync();
}

/** The real server (production build) on a free port; `env` adds DATABASE_URL, limits... */
export async function startNode(env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Target> {
  ensureBuild();
  const server = await startServer({ env, nodeArgs });
  return { origin: server.origin, pid: server.pid, stop: () => server.stop() };
}

/** Bare socket.io (bench/baseline-server.ts): the same routes, no application logic. */
export async function startBaseline(): Promise<Target> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/baseline-server.ts"], { cwd: ROOT, env: { ...process.env, PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk;
      const match = out.match(/listening on http:\/\/localhost:(\d+)/);
      if (match) resolve(Number(match[1]));
    });
    child.stderr.on("data", (chunk) => (out += chunk));
    child.once("exit", (code) => reject(new Error(`baseline exited with ${code}:\n${out}`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * A throwaway PostgreSQL cluster (test/support/postgres.ts) that fsyncs as a real one does: the
 * tests' cluster runs with fsync off, which would flatter PostgreSQL beside lowdb's fsync'd journal.
 */
export const startDurablePostgres = () => startPostgres({ fsync: true });

/** CPU seconds (user + system) and memory of a process, from /proc. */
export function procSample(pid: number): { cpuS: number; rssMb: number; peakMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))?.[1] ?? 0);
  return { cpuS: ticks / 100, rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

// ---- The phones: worker threads holding real socket.io clients ---------------------------------

export class Phones {
  private workers: Worker[] = [];
  private nextId = 0;
  private pending = new Map<number, (value: any) => void>();
  private turn = 0;

  constructor(count = 2) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(new URL("./phones-worker-boot.mjs", import.meta.url));
      worker.on("message", ({ id, value }) => {
        this.pending.get(id)?.(value);
        this.pending.delete(id);
      });
      worker.on("error", (error) => console.error("phones worker failed:", error));
      this.workers.push(worker);
    }
  }

  private call<T>(worker: Worker, request: Omit<Request, "id">): Promise<T> {
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

  /** Shares the jobs out over the workers, in turn. */
  async connectMany(jobs: ConnectJob[]): Promise<ConnectResult[]> {
    const shares: ConnectJob[][] = this.workers.map(() => []);
    jobs.forEach((job, i) => shares[i % shares.length]!.push(job));
    const results = await Promise.all(shares.map((share, i) => (share.length ? this.call<ConnectResult[]>(this.workers[i]!, { cmd: "connect", jobs: share } as Request) : [])));
    return results.flat();
  }

  /** Drops `count` phones of `group` (spread over the workers); resolves with their jobs, to connect again. */
  async drop(group: string, count: number): Promise<ConnectJob[]> {
    const each = Math.ceil(count / this.workers.length);
    return (await this.all<ConnectJob[]>({ cmd: "drop", group, count: each } as Request)).flat().slice(0, count);
  }

  arm = (tag: string) => this.all({ cmd: "arm", tag } as Request);
  progress = async () => (await this.all<number>({ cmd: "progress" } as Request)).reduce((a, b) => a + b, 0);
  close = () => this.all({ cmd: "close" } as Request);
  terminate = () => Promise.all(this.workers.map((w) => w.terminate()));

  /** Every group's figures, merged over the workers. */
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

  /** Waits until the sockets hold `expected` tagged posts in all (or the timeout); returns how many arrived. */
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

// ---- HTTP, as phones and the host do it ---------------------------------------------------------

/** Never throws: a refused or reset connection comes back as status 0. */
export async function api(origin: string, method: string, url: string, body?: unknown, token?: string): Promise<{ status: number; body: any; bytes: number }> {
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
    return { status: 0, body: { error: { code: "network", message: String((error as Error).cause ?? error) } }, bytes: 0 };
  }
  try {
    return { status: response.status, body: JSON.parse(text), bytes: Buffer.byteLength(text) };
  } catch {
    return { status: response.status, body: text, bytes: Buffer.byteLength(text) };
  }
}

/** A post's text: the run's tag, the send time (for the receiver's latency), and filler to ~120 chars. */
export function postText(tag: string, sentAt: number, i: number): string {
  const head = `${tag} ${sentAt.toFixed(3)} ${i} `;
  return (head + "I can help with bike repairs, sourdough starters and a lift to the station on Saturdays.").slice(0, 120);
}

/** A market in its sharing phase. */
export async function createMarket(origin: string, title: string): Promise<{ code: string; hostKey: string }> {
  const created = await api(origin, "POST", "/api/markets", { title });
  if (created.status !== 201) throw new Error(`create market: ${created.status} ${JSON.stringify(created.body)}`);
  const phase = await api(origin, "POST", `/api/markets/${created.body.code}/phase`, { phase: "sharing" }, created.body.hostKey);
  if (phase.status !== 200) throw new Error(`phase: ${phase.status} ${JSON.stringify(phase.body)}`);
  return created.body;
}

/** `count` people join (at most `parallel` at a time); their tokens, in order (a refused join leaves a hole, and its status goes to `refused`). */
export async function joinPeople(origin: string, code: string, count: number, parallel = 20, refused?: (status: number) => void): Promise<string[]> {
  const tokens: string[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        const joined = await api(origin, "POST", `/api/markets/${code}/participants`, { name: `Person ${i}`, contact: `p${i}@example.org` });
        if (joined.status === 201) tokens[i] = joined.body.token;
        else refused?.(joined.status);
      }
    }),
  );
  return tokens;
}

export const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "-");
export const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "-");
