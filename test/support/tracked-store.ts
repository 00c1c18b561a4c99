// The lowdb store driven the way the market registry drives it (server/market/commit-chain.ts),
// for tests that change a market object by hand and commit it: each commit hands the store what
// changed since the last one, on the version the store last gave.
import { CommitChain } from "../../server/market/commit-chain.ts";
import type { Market } from "../../server/market/model.ts";
import type { MarketStore } from "../../server/market/store-port.ts";
import { LowdbMarketStore, type StoreOptions } from "../../server/store/lowdb-store.ts";

export class TrackedStore {
  private readonly chains = new Map<string, CommitChain>();

  constructor(readonly store: MarketStore) {}

  static async open(dataDir: string, options?: StoreOptions): Promise<TrackedStore> {
    return new TrackedStore(await LowdbMarketStore.open(dataDir, options));
  }

  async create(market: Market): Promise<void> {
    await this.store.create(market);
    this.chains.set(market.id, new CommitChain(this.store, market, 0));
  }

  /** Commits what changed in `market` since it was created, loaded or last committed. */
  async commit(market: Market): Promise<void> {
    const chain = this.chains.get(market.id);
    if (!chain) throw new Error(`Market ${market.id} was neither created nor loaded through this store.`);
    await chain.commit(market);
  }

  /** The market as stored; later commits of the returned object continue from it. */
  async load(id: string): Promise<Market | undefined> {
    const stored = await this.store.load(id);
    if (!stored) return undefined;
    this.chains.set(id, new CommitChain(this.store, stored.market, stored.version));
    return stored.market;
  }

  list() {
    return this.store.listings();
  }

  remove(id: string) {
    return this.store.remove(id);
  }

  close() {
    return this.store.close();
  }
}
