// A screen's live connection, without React: the browser hook (use-live-market.ts) and the
// venue Wi-Fi test's phones run this same code. It connects a socket.io socket for one market,
// hands on events and heartbeats in the order they arrived, and repairs itself:
//   - every (re)connect starts fresh (the server keeps no session to recover): the server's first
//     beat on it, sent as it opens, says whether the screen missed anything (`afterConnect`);
//   - when two heartbeats pass in silence the connection is taken for dead (Wi-Fi roamed, the
//     server never heard a reset) and a new one is opened at once, not after socket.io's
//     25 s + 20 s ping timeout.
import { io, type ManagerOptions, type SocketOptions } from "socket.io-client";
import { HEARTBEAT_EVENT, HEARTBEAT_EVERY_MS, silenceLimitMs, type Heartbeat } from "../../server/realtime/heartbeat.ts";
import { receiveLiveEvents, type LiveSocket } from "../../server/realtime/live-events.ts";
import type { LiveEvent } from "./market-state.ts";

export interface LiveConnectionHandlers {
  /** Market events, in seq order as sent. */
  events(events: LiveEvent[]): void;
  /**
   * The server's word on the room's current seq (market-state.ts, beatSaysBehind). `afterConnect`:
   * the first beat on a new connection, which says whether anything was missed while away.
   */
  beat(seq: number, afterConnect: boolean): void;
  /** Connected afresh; its first beat follows. */
  connected(): void;
  disconnected(): void;
}

/** How the screen's socket reconnects: soon after a drop, and never stuck on one silent attempt. */
export const LIVE_SOCKET_OPTIONS = {
  reconnectionDelay: 500,
  reconnectionDelayMax: 2000,
  // A connection attempt that hears nothing (a silent network) gives up after this, and tries again.
  timeout: 4000,
} satisfies Partial<ManagerOptions & SocketOptions>;

export interface LiveConnection {
  socket: LiveSocket;
  /** How often this connection was opened again after the first time (drops and silences). */
  readonly reconnects: number;
  /** How many of those were because the connection went silent. */
  readonly silences: number;
  close(): void;
}

/** `origin` undefined: the page's own. */
export function openLiveConnection(origin: string | undefined, auth: Record<string, string>, on: LiveConnectionHandlers, options: Partial<ManagerOptions & SocketOptions> = {}): LiveConnection {
  const settings = { ...LIVE_SOCKET_OPTIONS, ...options, auth };
  const socket: LiveSocket = origin === undefined ? io(settings) : io(origin, settings);
  let everyMs = HEARTBEAT_EVERY_MS;
  let silenceTimer: ReturnType<typeof setTimeout> | undefined;
  let connects = 0;
  let silences = 0;
  let firstBeat = false;

  const heard = () => {
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => {
      silences += 1;
      // Closing the engine drops the dead connection without waiting for it; reconnection
      // (with its backoff) opens a new one, as after any drop.
      socket.io.engine?.close();
    }, silenceLimitMs(everyMs));
  };

  socket.on("connect", () => {
    connects += 1;
    firstBeat = true;
    heard();
    on.connected();
  });
  socket.on("disconnect", () => {
    clearTimeout(silenceTimer);
    on.disconnected();
  });
  socket.on("connect_error", () => on.disconnected());
  socket.on(HEARTBEAT_EVENT, (beat: Heartbeat) => {
    everyMs = beat.every;
    heard();
    const afterConnect = firstBeat;
    firstBeat = false;
    on.beat(beat.seq, afterConnect);
  });
  receiveLiveEvents(socket, (events) => {
    heard();
    on.events(events);
  });

  return {
    socket,
    get reconnects() {
      return Math.max(0, connects - 1);
    },
    get silences() {
      return silences;
    },
    close() {
      clearTimeout(silenceTimer);
      socket.disconnect();
    },
  };
}
