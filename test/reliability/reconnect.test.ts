// Screens that drop off mid-burst catch up: real socket.io clients lose their connection while
// phones post, reconnect by themselves, and end with every post exactly once and no seq gap.
// The screens' reducer (app/lib/market-state.ts) is fed the same real events.
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveLiveEvents, type LiveSocket } from "../../server/realtime/live-events.ts";
import { initialLiveState, liveReducer, type LiveState, type MarketEvent } from "../../app/lib/market-state.ts";
import { hostStartsMarket, phoneJoins, post, setPhase, type Phone, type StartedMarket } from "../support/market-api.ts";
import { startServer, type TestServer } from "../support/server.ts";
import { snapshotOf } from "../support/snapshots.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { LIMIT_POSTS_PER_MINUTE: "100000" } });
});
afterAll(() => server?.stop());

interface Screen {
  socket: LiveSocket;
  events: MarketEvent[];
  connects: Array<{ recovered: boolean }>;
  waitUntil(check: () => boolean): Promise<void>;
}

function screen(code: string, token?: string): Promise<Screen> {
  const socket: LiveSocket = io(server.origin, { auth: { code, ...(token ? { token } : {}) }, transports: ["websocket"], reconnectionDelay: 50, reconnectionDelayMax: 200 });
  const events: MarketEvent[] = [];
  const connects: Screen["connects"] = [];
  const checks = new Set<() => void>();
  receiveLiveEvents(socket, (received) => {
    events.push(...received);
    for (const check of checks) check();
  });
  socket.on("connect", () => {
    connects.push({ recovered: socket.recovered });
    // A wait for the connection itself is answered here: no event may follow a reconnect.
    for (const check of checks) check();
  });
  return new Promise((resolve) => {
    socket.once("connect", () =>
      resolve({
        socket,
        events,
        connects,
        waitUntil: (condition) =>
          new Promise<void>((done, fail) => {
            const timer = setTimeout(() => fail(new Error(`gave up waiting; ${events.length} events`)), 15_000);
            const check = () => {
              if (condition()) {
                clearTimeout(timer);
                checks.delete(check);
                done();
              }
            };
            checks.add(check);
            check();
          }),
      }),
    );
  });
}

async function burst(market: StartedMarket, phones: Phone[], count: number, onAck: (n: number) => void) {
  let acked = 0;
  let next = 0;
  const ids: string[] = [];
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const p = await post(server.origin, market.code, phones[i % phones.length]!, i % 2 ? "need" : "offer", `Burst post ${i}`, { clientId: `b${i}` });
      ids.push(p.id);
      onAck(++acked);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return ids;
}

describe("screens that lose their connection mid-burst", () => {
  it("recover the missed events: every post once, seq without gaps, same state as the server", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(server.origin, "Drop-offs");
    const phones = await Promise.all(["Ana", "Bo", "Cy"].map((name) => phoneJoins(server.origin, market.code, name)));
    await setPhase(server.origin, market, "sharing");
    const projector = await screen(market.code);
    const phone = await screen(market.code, phones[0]!.token);
    const startSeq = 0;

    // During the burst each screen's connection drops (as on venue Wi-Fi), up to twice: a
    // second time only once it is back from the first.
    const drops = new Map<Screen, number>([
      [projector, 0],
      [phone, 0],
    ]);
    const drop = (s: Screen) => {
      if (!s.socket.connected) return;
      s.socket.io.engine.close();
      drops.set(s, drops.get(s)! + 1);
    };
    const ids = await burst(market, phones, 90, (n) => {
      if (n === 20 || n >= 55) drops.get(projector)! < (n === 20 ? 1 : 2) && drop(projector);
      if (n === 35 || n >= 70) drops.get(phone)! < (n === 35 ? 1 : 2) && drop(phone);
    });

    for (const s of [projector, phone]) {
      await s.waitUntil(() => ids.every((id) => s.events.some((e) => e.type === "post:created" && e.post.id === id)));
      await s.waitUntil(() => s.socket.connected);
      expect(drops.get(s)).toBeGreaterThanOrEqual(1);
      expect(s.connects.length).toBe(drops.get(s)! + 1);
      expect(s.connects.slice(1).every((c) => c.recovered)).toBe(true);
      const seqs = s.events.map((e) => e.seq).filter((seq) => seq > startSeq);
      expect(new Set(seqs).size).toBe(seqs.length); // no duplicates
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i)); // no gaps
      const created = s.events.filter((e) => e.type === "post:created").map((e) => (e as Extract<MarketEvent, { type: "post:created" }>).post.id);
      expect(created.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
      s.socket.close();
    }
  });

  it("makes the screen ask for a fresh snapshot when it sees a gap, and skips events it already has", () => {
    const base = snapshotOf({ seq: 5 });
    const counts = { participants: 0, offers: 1, needs: 0, connections: 0, pendingConnections: 0 };
    const postEvent = (seq: number, id: string): MarketEvent => ({
      type: "post:created",
      seq,
      at: "",
      post: { id, kind: "offer", text: id, tags: [], participantId: "p", authorName: "A", createdAt: "" },
      counts,
    });
    let state: LiveState = initialLiveState({ ...base, counts });
    state = liveReducer(state, { kind: "event", event: postEvent(5, "old") });
    expect(state.snapshot.posts).toHaveLength(0); // already in the snapshot
    state = liveReducer(state, { kind: "event", event: postEvent(6, "a") });
    state = liveReducer(state, { kind: "event", event: postEvent(6, "a") });
    expect(state.snapshot.posts.map((p) => p.id)).toEqual(["a"]);
    expect(state.stale).toBe(false);
    state = liveReducer(state, { kind: "event", event: postEvent(8, "c") });
    expect(state.stale).toBe(true);
  });
});
