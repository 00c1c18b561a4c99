// How a market in memory hands its changes to the store: the difference from what was last handed
// over, as one change record on the version it was made on (change-record.ts, store-port.ts).
// The market registry keeps one per market it holds.
import { DurableCopy } from "./change-record.ts";
import { eventLoopBudget } from "./event-loop-budget.ts";
import { listingOf } from "./market-listing.ts";
import type { Market } from "./model.ts";
import type { MarketStore } from "./store-port.ts";

export class CommitChain {
  /** The market as last handed to the store: a change is the difference from it. */
  private readonly handedOver: DurableCopy;
  private lastCommit: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: MarketStore,
    market: Market,
    /** The version the next change is made on. */
    private nextVersion: number,
    /** The copy, when already made (in slices: `inSlices`). */
    handedOver?: DurableCopy,
  ) {
    this.handedOver = handedOver ?? DurableCopy.of(JSON.parse(JSON.stringify(market)) as Record<string, unknown>);
  }

  /** For a market handed over whole and large (an import): its copy is made in slices. */
  static async inSlices(store: MarketStore, market: Market, nextVersion: number): Promise<CommitChain> {
    const budget = eventLoopBudget();
    const copy = await DurableCopy.inSlices(market as unknown as Record<string, unknown>, () => budget.pause());
    return new CommitChain(store, market, nextVersion, copy);
  }

  /**
   * Hands what changed in `market` since the last call to the store, and resolves once it is
   * durable; with nothing new, once what was handed over before is. Nothing awaits between the
   * comparison and the hand-over, so the record is the market at one instant.
   */
  /** The version the next change is made on. */
  get version(): number {
    return this.nextVersion;
  }

  /** Resolves once every change handed over is durable (or failed). */
  async settled(): Promise<void> {
    await this.lastCommit.catch(() => {});
  }

  commit(market: Market): Promise<unknown> {
    const change = this.handedOver.changesIn(market as unknown as Record<string, unknown>);
    if (!change) return this.lastCommit;
    change.accept();
    const baseVersion = this.nextVersion++;
    const handedOver = this.handedOver;
    this.lastCommit = this.store.commit(market.id, {
      baseVersion,
      record: change.record,
      removes: change.removes,
      listing: listingOf(market),
      chain: this,
      snapshot: () => {
        if (this.nextVersion !== baseVersion + 1) throw new Error(`The snapshot of version ${baseVersion + 1} was asked for at version ${this.nextVersion}.`);
        return handedOver.toJson() as unknown as Market;
      },
    });
    return this.lastCommit;
  }
}
