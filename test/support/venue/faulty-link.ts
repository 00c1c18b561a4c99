// The venue's bad Wi-Fi, in userspace (this kernel has no netem): a relay between the phones'
// network and the server that delays every chunk 120 ms ± 60 ms, stalls some as a lost packet's
// retransmission would (order is kept, as TCP keeps it), and can take the link down in two ways:
//   - hard: every connection is closed on both sides, and new ones are refused, as when the
//     access point goes away and both ends hear it;
//   - silent: every connection stops carrying anything and is never closed, as when a phone
//     roams to another network: neither the phone nor the server hears a reset. New connections
//     made while it is down hang.
// Phones reach it through a Unix socket (test/support/venue/gateway.mjs forwards to it from the
// venue's network namespace); it reaches the server over TCP.
import { rmSync } from "node:fs";
import net from "node:net";

export interface LinkQuality {
  delayMs: number;
  jitterMs: number;
  /** The share of chunks held back as a lost segment would be, until retransmitted. */
  loss: number;
  /** How long a "lost" chunk is held: a retransmission timeout. */
  retransmitMs: number;
}

export const VENUE_WIFI: LinkQuality = { delayMs: 120, jitterMs: 60, loss: 0.03, retransmitMs: 400 };

type LinkState = "up" | "hard-down" | "silent-down";

/** One direction of one connection: chunks delivered in order, each after its delay. */
class DelayedPipe {
  private readonly queue: Array<{ at: number; chunk: Buffer }> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  dead = false;

  constructor(
    private readonly to: net.Socket,
    private readonly quality: LinkQuality,
    private readonly random: () => number,
  ) {}

  /** How long from now until the last chunk in flight is delivered. */
  drainMs(): number {
    const last = this.queue.at(-1);
    return last ? Math.max(0, last.at - Date.now()) : 0;
  }

  send(chunk: Buffer): void {
    if (this.dead) return;
    const { delayMs, jitterMs, loss, retransmitMs } = this.quality;
    let delay = delayMs + jitterMs * (2 * this.random() - 1);
    if (this.random() < loss) delay += retransmitMs;
    // Never before the chunk ahead of it: one timer at a time keeps the order.
    const at = Math.max(this.queue.at(-1)?.at ?? 0, Date.now() + delay);
    this.queue.push({ at, chunk });
    if (!this.timer) this.schedule();
  }

  kill(): void {
    this.dead = true;
    clearTimeout(this.timer);
    this.queue.length = 0;
  }

  private schedule(): void {
    const next = this.queue[0];
    this.timer = next ? setTimeout(() => this.deliver(), Math.max(0, next.at - Date.now())) : undefined;
  }

  private deliver(): void {
    const now = Date.now();
    while (this.queue.length && this.queue[0]!.at <= now) {
      const { chunk } = this.queue.shift()!;
      if (!this.dead && !this.to.destroyed) this.to.write(chunk);
    }
    this.schedule();
  }
}

interface Connection {
  phoneSide: net.Socket;
  serverSide?: net.Socket;
  pipes: DelayedPipe[];
  /** Cut silently: carries nothing, closed by nobody but the server's own timeouts. */
  blackholed: boolean;
  /** A live socket's WebSocket, not an HTTP request. */
  websocket: boolean;
}

export class FaultyLink {
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();
  /** Every socket the link ever opened, cut or not: closing the link closes them all. */
  private readonly sockets = new Set<net.Socket>();
  private state: LinkState = "up";
  /** Silently cut live sockets (WebSockets) the server has not closed yet: it never heard they were gone. */
  private readonly stranded = new Set<net.Socket>();
  private strandedWaiters: Array<() => void> = [];
  accepted = 0;

  constructor(
    private readonly upstream: { host: string; port: number },
    private readonly quality: LinkQuality,
    private readonly random: () => number,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  listen(socketPath: string): Promise<void> {
    rmSync(socketPath, { force: true });
    return new Promise((resolve) => this.server.listen(socketPath, resolve));
  }

  /** The link goes away and both ends hear it. */
  hardDown(): void {
    this.state = "hard-down";
    for (const connection of this.connections) this.drop(connection);
  }

  /** The link goes away and nobody hears it. */
  silentDown(): void {
    this.state = "silent-down";
    for (const connection of this.connections) this.blackhole(connection);
  }

  up(): void {
    this.state = "up";
  }

  /** Resolves once the server has closed every live socket it lost silently (its ping timeout). */
  serverForgotStrandedConnections(): Promise<void> {
    if (this.stranded.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.strandedWaiters.push(resolve));
  }

  get strandedCount(): number {
    return this.stranded.size;
  }

  async close(): Promise<void> {
    for (const connection of this.connections) this.drop(connection);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private drop(connection: Connection): void {
    for (const pipe of connection.pipes) pipe.kill();
    connection.phoneSide.destroy();
    connection.serverSide?.destroy();
    this.connections.delete(connection);
  }

  private accept(phoneSide: net.Socket): void {
    this.accepted += 1;
    this.remember(phoneSide);
    const connection: Connection = { phoneSide, pipes: [], blackholed: false, websocket: false };
    this.connections.add(connection);
    if (this.state === "hard-down") return this.drop(connection);
    if (this.state === "silent-down") return this.blackhole(connection);
    const serverSide = net.connect(this.upstream.port, this.upstream.host);
    serverSide.setNoDelay(true);
    this.remember(serverSide);
    connection.serverSide = serverSide;
    const toServer = new DelayedPipe(serverSide, this.quality, this.random);
    const toPhone = new DelayedPipe(phoneSide, this.quality, this.random);
    connection.pipes = [toServer, toPhone];
    phoneSide.once("data", (chunk: Buffer) => (connection.websocket = /^upgrade:\s*websocket/im.test(chunk.toString("latin1"))));
    phoneSide.on("data", (chunk) => toServer.send(chunk));
    serverSide.on("data", (chunk) => toPhone.send(chunk));
    // A close travels like data: after what was sent before it.
    const closeAfter = (pipe: DelayedPipe) => {
      if (connection.blackholed || !this.connections.has(connection)) return;
      setTimeout(() => !connection.blackholed && this.drop(connection), pipe.drainMs());
    };
    phoneSide.on("close", () => closeAfter(toServer));
    serverSide.on("close", () => closeAfter(toPhone));
  }

  private remember(socket: net.Socket): void {
    socket.on("error", () => {});
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
  }

  private blackhole(connection: Connection): void {
    connection.blackholed = true;
    for (const pipe of connection.pipes) pipe.kill();
    this.connections.delete(connection);
    const serverSide = connection.serverSide;
    if (serverSide && !serverSide.destroyed && connection.websocket) {
      this.stranded.add(serverSide);
      serverSide.once("close", () => {
        this.stranded.delete(serverSide);
        if (this.stranded.size === 0) for (const resolve of this.strandedWaiters.splice(0)) resolve();
      });
    }
    // The phone side is left open and unanswered: the phone gives up on it by itself.
  }
}
