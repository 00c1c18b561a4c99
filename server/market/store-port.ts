// The port the market service needs from a store. The lowdb JSON files are the embedded default
// (server/store); a store for many machines can implement the same interface later.
import type { Market } from "./model.ts";

export interface MarketStore {
  /** Every market held, for start-up and listing. */
  list(): Promise<Market[]>;
  load(id: string): Promise<Market | undefined>;
  loadByCode(code: string): Promise<Market | undefined>;
  /** Stores a new market; resolves once it is durable. */
  create(market: Market): Promise<void>;
  /**
   * Persists the market's current state; resolves once it is durable on disk. Changes that
   * arrive together may be committed in one write.
   */
  commit(market: Market): Promise<void>;
  /** Deletes the market and its data for good; resolves once it is gone from disk. */
  remove(id: string): Promise<void>;
  close(): Promise<void>;
}
