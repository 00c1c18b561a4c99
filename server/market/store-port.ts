// The port the market service needs from a store, shaped for many writers: a commit carries one
// change (what changed since the version it was made on), never the whole market, and is refused
// when the market moved on meanwhile. The lowdb JSON files (server/store/lowdb-store.ts) are the
// embedded default; PostgreSQL (server/store/postgres-store.ts) serves several nodes. No store's
// own types cross this line. Why: docs/decisions/014-store-port-and-postgresql.md.
import type { ChangeRecord } from "./change-record.ts";
import type { MarketListing } from "./market-listing.ts";
import type { Market } from "./model.ts";

/** A market as stored, with the version a commit on it must name. */
export interface StoredMarket {
  /** The caller's own copy: the store keeps no reference to it. */
  market: Market;
  version: number;
}

/** One change to one market, as the service hands it to the store. */
export interface MarketCommit {
  /** The version the change was made on; the store refuses it (StaleVersionError) if it moved on. */
  baseVersion: number;
  /** What changed since `baseVersion` (change-record.ts). */
  record: ChangeRecord;
  /** The change removes something (an erasure, a deleted post): no copy of it may stay behind. */
  removes: boolean;
  /** The market after the change, in brief, for the sweeps and timers (market-listing.ts). */
  listing: MarketListing;
  /**
   * The record sets every field: it is the whole market after the change (a command that did not
   * say what it changed, commit-chain.ts). A store may write it as a fresh snapshot.
   */
  whole: boolean;
  /**
   * Which copy of the market in memory made the change. A copy's changes build on each other:
   * once one of them is refused or fails, the store refuses every later one from the same copy
   * (a later change alone would be applied without the one it built on).
   */
  chain: object;
}

/** The market moved on since the version a commit was made on (another writer, or a failed commit). */
export class StaleVersionError extends Error {
  constructor(
    readonly marketId: string,
    readonly expected: number,
    readonly found: number | undefined,
  ) {
    super(`Market ${marketId} is at version ${String(found)}, not ${expected}: the change was made on an older copy.`);
  }
}

export interface MarketStore {
  /** The market and its version, read fresh; undefined when there is none. */
  load(id: string): Promise<StoredMarket | undefined>;
  /** The id of the market with this join code, if any. */
  idByCode(code: string): Promise<string | undefined>;
  /** Every market in brief (no posts, no people), for the retention sweep and round timers. */
  listings(): Promise<MarketListing[]>;
  /** Stores a new market at version 0; resolves once it is durable. Refuses a join code in use. */
  create(market: Market): Promise<void>;
  /**
   * Applies one change; resolves with the new version once it is durable. Changes that arrive
   * together may share one write. Throws StaleVersionError when `baseVersion` is not current.
   */
  commit(id: string, change: MarketCommit): Promise<number>;
  /**
   * Deletes the market and its data for good; resolves once it is gone. With `ifVersion`, only
   * while the market is still at that version (StaleVersionError otherwise): a node deletes what
   * it judged, never a market another node changed meanwhile (a reopened one).
   */
  remove(id: string, ifVersion?: number): Promise<void>;
  /** The service no longer holds this market in memory: the store may let go of what it keeps. */
  release(id: string): void;
  /**
   * Several nodes: calls `listener` after any node committed a change to a market (this one
   * included), with the time-up the market is owed now (its listing's), so the node running the
   * round timers hears of rounds started elsewhere, and, when they are small enough to travel,
   * the change records that took the market to `version` (one per version, in order), so a node
   * whose copy is one step behind applies them instead of reading the market again.
   * Returns a function that stops listening. A store for one node leaves it out.
   */
  onCommitted?(listener: (marketId: string, version: number, timeUp?: MarketListing["timeUp"], records?: ChangeRecord[]) => void): () => void;
  /**
   * Several nodes: the market's version as stored now. A command refused on this node's copy is
   * checked against it: the copy may not have heard yet of another node's change (the phase
   * opened a moment ago), and a refusal made on it would be wrong.
   */
  currentVersion?(id: string): Promise<number | undefined>;
  /** Whether the store answers (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
