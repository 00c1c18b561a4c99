// A screen as the browser runs it, without the browser: the page's live connection
// (app/lib/live-connection.ts) feeding the page's reducer (app/lib/market-state.ts), and a fresh
// snapshot from GET /api/markets/:code/snapshot wherever the page would catch up (a seq gap, a
// heartbeat past its state, a new connection's first beat that differs from it). It counts what a user never sees:
// snapshot reloads, reconnects, and any event applied twice.
import { openLiveConnection, type LiveConnection } from "../../app/lib/live-connection.ts";
import { initialLiveState, liveReducer, type LiveAction, type LiveState, type LiveEvent, type MarketSnapshot } from "../../app/lib/market-state.ts";

export interface LiveScreen {
  state(): LiveState;
  connection: LiveConnection;
  /** Snapshots loaded after the first (to catch up). */
  readonly snapshotReloads: number;
  /** Events whose seq this screen had applied already and applied again (must stay 0). */
  readonly appliedTwice: number;
  /** The last heartbeat heard, and whether a snapshot load is under way (for the tests' reports). */
  readonly lastBeat?: { seq: number; at: number };
  readonly loading: boolean;
  /** Every event that reached this screen live, as it arrived. */
  readonly received: LiveEvent[];
  connected(): boolean;
  /** Calls `listener` after every change of state or connection. */
  onChange(listener: () => void): void;
  /** Resolves when `check` holds, re-checked whenever the screen's state or connection changes. */
  waitUntil(check: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): void;
}

export async function openLiveScreen(origin: string, code: string, token?: string): Promise<LiveScreen> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let closed = false;
  const first = await snapshotWhenBack(origin, code, headers, () => closed);
  let state = initialLiveState(first);
  let snapshotReloads = 0;
  let appliedTwice = 0;
  let lastBeat: { seq: number; at: number } | undefined;
  const applied = new Set<number>();
  const received: LiveEvent[] = [];
  const checks = new Set<() => void>();
  const changed = () => {
    for (const check of checks) check();
  };

  const dispatch = (action: LiveAction) => {
    if (action.kind === "events") {
      for (const event of action.events) {
        if (event.seq <= state.snapshot.seq) continue; // skipped by the reducer: already held
        if (applied.has(event.seq)) appliedTwice += 1;
        applied.add(event.seq);
      }
    }
    const before = state.stale;
    state = liveReducer(state, action);
    if (state.stale && !before) catchUp();
    changed();
  };

  // As the page's revalidation: one load at a time, and one more if asked meanwhile; a load that
  // fails on the network is tried again (app/lib/reload-when-back.ts).
  let loading: Promise<void> | undefined;
  let again = false;
  const catchUp = () => {
    if (loading) {
      again = true;
      return;
    }
    loading = (async () => {
      do {
        again = false;
        const snapshot = await snapshotWhenBack(origin, code, headers, () => closed);
        if (closed) break;
        snapshotReloads += 1;
        for (let seq = state.snapshot.seq + 1; seq <= snapshot.seq; seq++) applied.add(seq);
        dispatch({ kind: "snapshot", snapshot });
      } while (again && !closed);
    })()
      .catch(() => undefined) // only when closed
      .finally(() => (loading = undefined));
  };

  const connection = openLiveConnection(
    origin,
    { code, ...(token ? { token } : {}) },
    {
      // As the page: the first beat, sent as the connection opens, says whether to catch up.
      connected: changed,
      disconnected: changed,
      events: (events) => {
        received.push(...events);
        dispatch({ kind: "events", events });
      },
      beat: (seq, afterConnect) => {
        lastBeat = { seq, at: Date.now() };
        dispatch({ kind: "beat", seq, afterConnect });
      },
    },
    { transports: ["websocket"] },
  );

  return {
    state: () => state,
    connection,
    get snapshotReloads() {
      return snapshotReloads;
    },
    get appliedTwice() {
      return appliedTwice;
    },
    get lastBeat() {
      return lastBeat;
    },
    get loading() {
      return loading !== undefined;
    },
    received,
    connected: () => connection.socket.connected,
    onChange: (listener) => void checks.add(listener),
    waitUntil(check, timeoutMs = 15_000, what = "a condition") {
      return new Promise<void>((resolve, reject) => {
        const attempt = () => {
          if (!check()) return;
          checks.delete(attempt);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          checks.delete(attempt);
          reject(new Error(`gave up waiting for ${what} after ${timeoutMs} ms (seq ${state.snapshot.seq}, ${state.snapshot.posts.length} posts)`));
        }, timeoutMs);
        checks.add(attempt);
        attempt();
      });
    },
    close() {
      closed = true;
      connection.close();
    },
  };
}

/** A snapshot, tried again (250 ms, doubling to 2 s) while the network fails or hangs for 6 s. */
async function snapshotWhenBack(origin: string, code: string, headers: Record<string, string>, closed: () => boolean): Promise<MarketSnapshot> {
  for (let wait = 250; ; wait = Math.min(wait * 2, 2000)) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error("snapshot timed out")), 6000);
    try {
      // The whole exchange, body included, races the timer: a request on a silently cut
      // keep-alive connection must not hold the catch-up for good.
      const answer = (async () => {
        const response = await fetch(`${origin}/api/markets/${encodeURIComponent(code)}/snapshot`, { headers, signal: abort.signal });
        if (response.ok) return (await response.json()) as MarketSnapshot;
        if (response.status < 500) throw new Error(`snapshot refused: HTTP ${response.status}`);
        throw new Error(`snapshot: HTTP ${response.status}`);
      })();
      const timedOut = new Promise<never>((_, reject) => abort.signal.addEventListener("abort", () => reject(new Error("snapshot timed out"))));
      answer.catch(() => undefined);
      return await Promise.race([answer, timedOut]);
    } catch (error) {
      if (String(error).includes("snapshot refused") || closed()) throw error;
    } finally {
      clearTimeout(timer);
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
