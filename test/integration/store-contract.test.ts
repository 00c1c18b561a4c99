// One contract, two stores: the market service over the lowdb files and over a real PostgreSQL
// cluster (started once for this file, test/support/postgres.ts) behaves the same: what was
// acknowledged survives a restart, a failed commit leaves nothing of itself in memory or in later
// commits, two nodes on one store lose nothing to each other, join codes are unique, markets load
// on demand and unload when idle, and the sweeps read every market without loading any.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../server/market/actor.ts";
import type { MarketEvent } from "../../server/market/events.ts";
import { DEFAULT_LIMITS } from "../../server/market/limits.ts";
import { CommitChain } from "../../server/market/commit-chain.ts";
import { StaleVersionError, type MarketCommit, type MarketStore } from "../../server/market/store-port.ts";
import { MarketService } from "../../server/market/service.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";
import { closeOpenedStores, newStorePlace, type StorePlace } from "../support/test-store.ts";

let cluster: TestPostgres | undefined;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => {
  await closeOpenedStores();
  await cluster?.stop();
});

/** A place markets are kept: `open` gives a store on it, as a restarted process (or another node) would. */
const places: Array<[string, () => Promise<StorePlace>]> = [
  ["lowdb", () => newStorePlace("lowdb")],
  ["PostgreSQL", () => newStorePlace("postgres", () => cluster!.newDatabase())],
];

const limits = { ...DEFAULT_LIMITS, postsPerMinutePerParticipant: 1000 };

/** A store that refuses commits while `failing` is set, as a full disk or a lost database would. */
class FailingStore implements MarketStore {
  failing = false;
  readonly commits: MarketCommit[] = [];
  constructor(private readonly inner: MarketStore) {}
  load = (id: string) => this.inner.load(id);
  idByCode = (code: string) => this.inner.idByCode(code);
  listings = () => this.inner.listings();
  create = (market: Parameters<MarketStore["create"]>[0]) => this.inner.create(market);
  commit(id: string, change: MarketCommit): Promise<number> {
    if (this.failing) return Promise.reject(new Error("disk full"));
    this.commits.push(change);
    return this.inner.commit(id, change);
  }
  remove = (id: string, ifVersion?: number) => this.inner.remove(id, ifVersion);
  release = (id: string) => this.inner.release(id);
  ping = () => this.inner.ping();
  close = () => this.inner.close();
}

/** A node that never hears of other nodes' commits (its notifications lost, or late), as a store. */
class DeafStore implements MarketStore {
  constructor(private readonly inner: MarketStore) {}
  load = (id: string) => this.inner.load(id);
  idByCode = (code: string) => this.inner.idByCode(code);
  listings = () => this.inner.listings();
  create = (market: Parameters<MarketStore["create"]>[0]) => this.inner.create(market);
  commit = (id: string, change: MarketCommit) => this.inner.commit(id, change);
  remove = (id: string, ifVersion?: number) => this.inner.remove(id, ifVersion);
  release = (id: string) => this.inner.release(id);
  currentVersion = (id: string) => this.inner.currentVersion?.(id) ?? Promise.resolve(undefined);
  ping = () => this.inner.ping();
  close = () => this.inner.close();
}

async function marketWithAna(service: MarketService) {
  const { market } = await service.createMarket({ title: "Contract" });
  const { token } = await service.joinMarket(market.code, { name: "Ana", contact: "ana@example.org" });
  await service.changePhase(market.code, { role: "host" }, { phase: "sharing" });
  const ana: Actor = await service.authenticate(market.code, token);
  return { market, ana };
}

const texts = async (service: MarketService, code: string, actor: Actor) => (await service.listPosts(code, actor)).map((p) => p.text).sort();

describe.each(places)("the %s store", (_name, place) => {
  it("keeps every acknowledged change across a restart, posts arriving together included", { timeout: 60_000 }, async () => {
    const where = await place();
    const first = new MarketService(await where.open(), { limits });
    const { market, ana } = await marketWithAna(first);
    await Promise.all(Array.from({ length: 30 }, (_, i) => first.createPost(market.code, ana, { kind: i % 2 ? "need" : "offer", text: `Post ${i}` })));
    const before = await first.locate(market.code);

    const second = new MarketService(await where.open(), { limits });
    expect((await second.summary(market.code)).counts).toMatchObject({ offers: 15, needs: 15 });
    expect(await texts(second, market.code, ana)).toHaveLength(30);
    expect((await second.locate(market.code)).seq).toBe(before.seq);
  });

  it("a failed commit leaves memory as it was, and nothing of it goes out with later commits", { timeout: 60_000 }, async () => {
    const where = await place();
    const store = new FailingStore(await where.open());
    const service = new MarketService(store, { limits });
    const events: MarketEvent[] = [];
    service.subscribe((_id, event) => events.push(event));
    const { market, ana } = await marketWithAna(service);
    await service.createPost(market.code, ana, { kind: "offer", text: "Bread on Fridays" });
    const seqBefore = (await service.locate(market.code)).seq;
    const published = events.length;

    store.failing = true;
    await expect(service.createPost(market.code, ana, { kind: "offer", text: "A ladder to lend" })).rejects.toThrow();
    store.failing = false;

    // Memory: the post is not there, the seq did not move, no screen heard of it.
    expect(await texts(service, market.code, ana)).toEqual(["Bread on Fridays"]);
    expect((await service.summary(market.code)).counts.offers).toBe(1);
    expect((await service.locate(market.code)).seq).toBe(seqBefore);
    expect(events).toHaveLength(published);

    // The next change carries only itself, and its event follows on with no gap.
    const commitsBefore = store.commits.length;
    await service.createPost(market.code, ana, { kind: "need", text: "Help with taxes" });
    const later = store.commits.slice(commitsBefore);
    expect(JSON.stringify(later.map((c) => c.record))).not.toContain("ladder");
    expect(events.at(-1)).toMatchObject({ type: "post:created", seq: seqBefore + 1 });

    const restarted = new MarketService(await where.open(), { limits });
    expect(await texts(restarted, market.code, ana)).toEqual(["Bread on Fridays", "Help with taxes"]);
  });

  it("two nodes on one store: a change made on an older copy is run again on the new one, never lost", { timeout: 60_000 }, async () => {
    const where = await place();
    const shared = await where.open();
    const nodeA = new MarketService(shared, { limits });
    const { market, ana } = await marketWithAna(nodeA);
    // Node B reads the market, then node A moves it on: B's copy is now one version behind.
    const nodeB = new MarketService(place === places[0]![1] ? shared : await where.open(), { limits });
    await nodeB.summary(market.code);
    await nodeA.createPost(market.code, ana, { kind: "offer", text: "From node A" });
    const seqAfterA = (await nodeA.locate(market.code)).seq;
    await nodeB.createPost(market.code, ana, { kind: "need", text: "From node B" });

    expect(await texts(nodeB, market.code, ana)).toEqual(["From node A", "From node B"]);
    expect((await nodeB.locate(market.code)).seq).toBe(seqAfterA + 1);
    const restarted = new MarketService(await where.open(), { limits });
    expect(await texts(restarted, market.code, ana)).toEqual(["From node A", "From node B"]);
  });

  it.runIf(place === places[1]![1])("two nodes: a command refused on a copy that had not heard of the other node's change is run again on a fresh one", { timeout: 60_000 }, async () => {
    const where = await place();
    const nodeA = new MarketService(await where.open(), { limits });
    const { market } = await nodeA.createMarket({ title: "Opened on the other node" });
    const { token } = await nodeA.joinMarket(market.code, { name: "Ana", contact: "ana@example.org" });
    // Node B holds the market while it is still in the lobby, and hears nothing after.
    const nodeB = new MarketService(new DeafStore(await where.open()), { limits });
    const ana = await nodeB.authenticate(market.code, token);
    expect((await nodeB.summary(market.code)).phase).toBe("lobby");
    await nodeA.changePhase(market.code, { role: "host" }, { phase: "sharing" });
    // Posting is open: B's copy is behind, not the market.
    await nodeB.createPost(market.code, ana, { kind: "offer", text: "Posted through node B" });
    const fresh = new MarketService(await where.open(), { limits });
    expect(await texts(fresh, market.code, ana)).toEqual(["Posted through node B"]);
    // A refusal that holds on the market as stored still stands, in words.
    await expect(nodeB.createPost(market.code, ana, { kind: "offer", text: "" })).rejects.toMatchObject({ code: expect.any(String) });
  });

  it("refuses every later change of a copy once one of its changes was refused (it built on it)", { timeout: 60_000 }, async () => {
    const where = await place();
    const store = await where.open();
    const service = new MarketService(store, { limits });
    const { market } = await marketWithAna(service);
    const stored = (await store.load(market.id))!;
    const copyA = structuredClone(stored.market);
    const copyB = structuredClone(stored.market);
    const chainA = new CommitChain(store, copyA, stored.version);
    const chainB = new CommitChain(store, copyB, stored.version);
    copyB.title = "Changed by B";
    await chainB.commit(copyB);
    // A's first change is made on the version B moved on from; its second builds on the first.
    copyA.title = "Changed by A";
    const first = chainA.commit(copyA);
    copyA.seq += 1;
    const second = chainA.commit(copyA);
    await expect(first).rejects.toBeInstanceOf(StaleVersionError);
    await expect(second).rejects.toBeInstanceOf(StaleVersionError);
    const after = (await store.load(market.id))!;
    expect(after.market.title).toBe("Changed by B");
    expect(after.market.seq).toBe(stored.market.seq);
  });

  it("keeps join codes unique, loads markets on demand, unloads idle ones, and lists every market without loading it", { timeout: 60_000 }, async () => {
    const where = await place();
    const store = await where.open();
    const service = new MarketService(store, { limits });
    const { market } = await marketWithAna(service);
    await service.changePhase(market.code, { role: "host" }, { phase: "closed" });
    const stored = (await store.load(market.id))!.market;
    await expect(store.create({ ...stored, id: "another-market" })).rejects.toThrow();

    service.unloadIdle(0);
    expect(service.loadedMarkets).toBe(0);
    const fresh = new MarketService(await where.open(), { limits });
    const listings = await (await where.open()).listings();
    expect(listings).toEqual([expect.objectContaining({ id: market.id, code: market.code, phase: "closed", closedAt: expect.any(String) })]);
    expect(fresh.loadedMarkets).toBe(0);
    expect((await fresh.summary(market.code)).phase).toBe("closed");
    expect(fresh.loadedMarkets).toBe(1);
  });
});
