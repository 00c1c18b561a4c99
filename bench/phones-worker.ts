/**
 * A worker thread holding a share of the benchmark's sockets (real socket.io clients). It records,
 * for every post whose text carries the current run's tag, the fan-out latency: receive time minus
 * the send time written into the post's text by the sender. Times are absolute
 * (performance.timeOrigin + performance.now()), so they compare across threads.
 */
import { performance } from "node:perf_hooks";
import { parentPort } from "node:worker_threads";
import { io } from "socket.io-client";
import type { LiveEvent } from "../server/market/events.ts";
import { receiveLiveEvents, type LiveSocket } from "../server/realtime/live-events.ts";

export type Role = "phone" | "projector";
export interface ConnectJob {
  group: string;
  role: Role;
  origin: string;
  code: string;
  token?: string;
  /** When the join started (absolute ms), for the join latency. */
  startedAt?: number;
}
export interface ConnectResult {
  ok: boolean;
  error?: string;
  startedAt: number;
  connectedAt: number;
}
export interface GroupStats {
  group: string;
  phoneLatencies: Float64Array;
  projectorLatencies: Float64Array;
  sockets: number;
  /** Fewest and most tagged posts one socket received. */
  minReceived: number;
  maxReceived: number;
  totalReceived: number;
  /** Events that arrived with a seq not above the last one seen on that socket. */
  outOfOrder: number;
  frames: number;
  lastReceivedAt: number;
  eventBytes: number;
}
export type Request =
  | { id: number; cmd: "connect"; jobs: ConnectJob[] }
  | { id: number; cmd: "arm"; tag: string }
  | { id: number; cmd: "progress" }
  | { id: number; cmd: "stats" }
  | { id: number; cmd: "close" }
  /** Closes `count` of this worker's phone sockets in `group` (venue Wi-Fi churn); answers with their jobs, to connect again. */
  | { id: number; cmd: "drop"; group: string; count: number };

const now = () => performance.timeOrigin + performance.now();

class Latencies {
  data = new Float64Array(4096);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  take(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

interface Tracked {
  socket: LiveSocket;
  job: ConnectJob;
  group: string;
  role: Role;
  received: number;
  lastSeq: number;
}

const sockets: Tracked[] = [];
let tag = "\u0000";
let groups = new Map<string, { phone: Latencies; projector: Latencies; outOfOrder: number; frames: number; lastReceivedAt: number }>();
let eventBytes = 0;

function groupOf(name: string) {
  let g = groups.get(name);
  if (!g) groups.set(name, (g = { phone: new Latencies(), projector: new Latencies(), outOfOrder: 0, frames: 0, lastReceivedAt: 0 }));
  return g;
}

function onEvent(tracked: Tracked, event: LiveEvent, at: number): void {
  if (event.seq <= tracked.lastSeq) groupOf(tracked.group).outOfOrder++;
  tracked.lastSeq = event.seq;
  if (event.type !== "post:created") return;
  const text = event.post.text;
  if (!text.startsWith(tag)) return;
  const sentAt = Number(text.slice(tag.length + 1, text.indexOf(" ", tag.length + 1)));
  const g = groupOf(tracked.group);
  (tracked.role === "phone" ? g.phone : g.projector).push(at - sentAt);
  if (at > g.lastReceivedAt) g.lastReceivedAt = at;
  tracked.received++;
}

function connect(job: ConnectJob): Promise<ConnectResult> {
  const startedAt = job.startedAt ?? now();
  const socket: LiveSocket = io(job.origin, { auth: { code: job.code, ...(job.token ? { token: job.token } : {}) }, transports: ["websocket"], reconnection: false, timeout: 20_000 });
  const tracked: Tracked = { socket, job, group: job.group, role: job.role, received: 0, lastSeq: 0 };
  receiveLiveEvents(socket, (events, message) => {
    const at = now();
    groupOf(tracked.group).frames++;
    if (!eventBytes && message.name === "post:created") eventBytes = JSON.stringify(message.payload).length;
    for (const event of events) onEvent(tracked, event, at);
  });
  return new Promise((resolve) => {
    socket.once("connect", () => {
      sockets.push(tracked);
      resolve({ ok: true, startedAt, connectedAt: now() });
    });
    socket.once("connect_error", (error) => {
      socket.close();
      resolve({ ok: false, error: error.message, startedAt, connectedAt: now() });
    });
  });
}

async function connectAll(jobs: ConnectJob[]): Promise<ConnectResult[]> {
  // At most 100 handshakes in flight per worker: a real room's phones arrive over seconds too.
  const results: ConnectResult[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(100, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await connect(jobs[i]!);
      }
    }),
  );
  return results;
}

function stats(): GroupStats[] {
  const result: GroupStats[] = [];
  for (const [group, g] of groups) {
    const mine = sockets.filter((s) => s.group === group);
    const counts = mine.map((s) => s.received);
    result.push({
      group,
      phoneLatencies: g.phone.take(),
      projectorLatencies: g.projector.take(),
      sockets: mine.length,
      minReceived: counts.length ? Math.min(...counts) : 0,
      maxReceived: counts.length ? Math.max(...counts) : 0,
      totalReceived: counts.reduce((a, b) => a + b, 0),
      outOfOrder: g.outOfOrder,
      frames: g.frames,
      lastReceivedAt: g.lastReceivedAt,
      eventBytes,
    });
  }
  return result;
}

parentPort!.on("message", async (request: Request) => {
  const reply = (value: unknown, transfer: ArrayBuffer[] = []) => parentPort!.postMessage({ id: request.id, value }, transfer);
  switch (request.cmd) {
    case "connect":
      return reply(await connectAll(request.jobs));
    case "arm":
      tag = request.tag;
      groups = new Map();
      for (const s of sockets) {
        s.received = 0;
        groupOf(s.group);
      }
      return reply(true);
    case "progress":
      return reply(sockets.reduce((sum, s) => sum + s.received, 0));
    case "stats": {
      const value = stats();
      return reply(value, value.flatMap((s) => [s.phoneLatencies.buffer as ArrayBuffer, s.projectorLatencies.buffer as ArrayBuffer]));
    }
    case "drop": {
      // The longest connected first: a phone that reconnects goes to the end, so every phone takes its turn.
      const dropped = sockets.filter((s) => s.group === request.group && s.role === "phone").slice(0, request.count);
      for (const s of dropped) {
        s.socket.close();
        sockets.splice(sockets.indexOf(s), 1);
      }
      return reply(dropped.map(({ job: { startedAt: _, ...job } }) => job));
    }
    case "close":
      for (const s of sockets) s.socket.close();
      sockets.length = 0;
      groups = new Map();
      return reply(true);
  }
});
