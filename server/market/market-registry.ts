// The markets held in memory and the one way to change one. Markets load on demand from the store
// and unload when idle; every change runs as one unit of work, handed to the store as a change
// record on the version it was made on, and published once durable. A commit that fails leaves
// nothing of itself in memory: the market is dropped and read again from the store. A commit the
// store refuses as stale (another node moved the market on) is run again on a fresh copy
// (retryingStale). The
// command modules (lifecycle, identity, posts, connections, card import, facilitation) all go
// through here.
import { audiencesOf, type EventAudiences } from "./audiences.ts";
import type { ChangeRecord } from "./change-record.ts";
import { secondsSince, untimed, type TimeStep } from "./change-steps.ts";
import { CHECK_CHANGE_RECORDS, CommitChain, Declared } from "./commit-chain.ts";
import { conflict, MarketError, notFound } from "./errors.ts";
import type { MarketEvent, MarketEventListener, MarketEventMap, MarketEventType } from "./events.ts";
import { isWellFormedJoinCode, newJoinCode, normalizeJoinCode } from "./identity.ts";
import { LoadedMarket } from "./loaded-market.ts";
import type { Market } from "./model.ts";
import { StaleVersionError, type MarketStore, type StoredMarket } from "./store-port.ts";

/** One change to one market, for the command modules. */
export interface MarketChange {
  loaded: LoadedMarket;
  market: Market;
  /** The server's clock when the change began, in ms. */
  now: number;
  timestamp: string;
  /** Queues an event; it is published once the change is durable. */
  emit<T extends MarketEventType>(type: T, data: MarketEventMap[T]): void;
  /**
   * Answers only once the market is on disk, even with nothing to publish: a resent request is
   * answered with what the first one made, which may still be on its way to the disk.
   */
  durableBeforeAnswer(): void;
  /**
   * What the command changed, so the store is handed that alone (commit-chain.ts). A command that
   * says nothing hands over the whole market: correct, at the cost of the market's size.
   */
  declare: Declared;
}

/** A change refused as stale is run again on a fresh copy this many times before giving up. */
const STALE_RETRIES = 12;
/** The longest pause between two runs (ms): nodes that collided draw apart, at random, before trying again. */
const STALE_BACKOFF_MAX_MS = 250;

/**
 * Runs `command` again when the store refused its change as made on an older copy (another node
 * moved the market on meanwhile). The failed run left nothing in memory (the copy was dropped), so
 * the next one starts from the market as stored. `command` must look the market up itself.
 * Each retry waits a random pause that grows with the attempts, so two nodes writing one market
 * stop colliding in step; a change still refused then is answered "busy, try again" (429 with
 * Retry-After, which phones resend by themselves), never a server error.
 */
export async function retryingStale<T>(command: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await command();
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      if (attempt > STALE_RETRIES) throw new MarketError("too_many", "market_busy", { seconds: 1 }, undefined, 1);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(STALE_BACKOFF_MAX_MS, 5 * 2 ** attempt)));
    }
  }
}

/** What the registry keeps beside a market in memory to commit its changes. */
interface Held {
  loaded: LoadedMarket;
  commits: CommitChain;
  lastUsed: number;
  /** Dropped from memory (failed commit, unload, purge): changes go to a fresh copy. */
  dropped: boolean;
  /** A change was made without being written or said: the next commit hands over the whole market. */
  unsaid: boolean;
}

export class MarketRegistry {
  /** Markets in memory, by id; and loads under way, so two requests never load one market twice. */
  private readonly settled = new Map<string, Held>();
  private readonly loading = new Map<string, Promise<Held | undefined>>();
  /** Versions other nodes announced while a market was loading here. */
  private readonly announced = new Map<string, number>();
  private readonly heldByLoaded = new WeakMap<LoadedMarket, Held>();
  private readonly idsByCode = new Map<string, string>();
  private readonly listeners = new Set<MarketEventListener>();

  constructor(
    readonly store: MarketStore,
    readonly now: () => Date,
    /** Times each step of a change (change-steps.ts; the metrics). */
    private readonly timeStep: TimeStep = untimed,
  ) {
    // Another node moved a market on: this node's copy follows by the records when they came with
    // the news and it was exactly that far behind; otherwise it is read afresh when next needed.
    store.onCommitted?.((id, version, _timeUp, records) => {
      const held = this.settled.get(id);
      if (held && held.commits.version < version && !(records && this.follow(held, version, records))) this.drop(held);
      // A load under way may have read the market before this commit: it is read again.
      if (this.loading.has(id)) this.announced.set(id, Math.max(version, this.announced.get(id) ?? 0));
    });
  }

  timestamp(): string {
    return this.now().toISOString();
  }

  /** Listens to every market's events (the realtime layer relays them). Returns an unsubscribe. */
  subscribe(listener: MarketEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many markets are held in memory (a metric). */
  get loadedCount(): number {
    return this.settled.size;
  }

  /**
   * Runs one change to one market: `run` validates and authorises before it mutates, and queues
   * its events with `emit`. Durable first, then published: a screen never shows what a restart
   * would lose. The events' seq numbers are taken before the commit so the store never lags
   * behind what screens have seen. A change that emits nothing (and asks for no durability)
   * writes nothing.
   */
  async change<R>(target: string | LoadedMarket, run: (change: MarketChange) => R | Promise<R>): Promise<R> {
    // By code, `run` takes the market from its argument, so a stale run can simply run again; a
    // command module that looked the market up itself is run again whole by the service.
    if (typeof target === "string") return retryingStale(async () => this.changeOnce(await this.current(target), run));
    return this.changeOnce(await this.current(target), run);
  }

  private async changeOnce<R>(held: Held, run: (change: MarketChange) => R | Promise<R>): Promise<R> {
    const { loaded } = held;
    const queued: Array<[MarketEventType, MarketEventMap[MarketEventType]]> = [];
    let mustCommit = false;
    const declare = new Declared();
    const now = this.now();
    const started = performance.now();
    loaded.changeStarted();
    try {
      const result = await run({
        loaded,
        market: loaded.market,
        now: now.getTime(),
        timestamp: now.toISOString(),
        emit: (type, data) => void queued.push([type, data]),
        durableBeforeAnswer: () => void (mustCommit = true),
        declare,
      });
      if (queued.length === 0 && !mustCommit) {
        // Not written now; whatever it changed goes with the next change, which then hands over
        // the whole market, since this one did not say what it changed.
        if (!declare.unchanged) held.unsaid = true;
        const unwritten = loaded.changesRunning === 1 ? held.commits.unwritten(loaded.market) : [];
        if (unwritten.length) throw new Error(`A command answered without writing what it changed in ${unwritten.join(", ")} (call durableBeforeAnswer).`);
        return result;
      }
      this.timeStep("command", secondsSince(started));
      const handing = performance.now();
      const events = queued.map(([type, data]) => this.nextEvent(loaded, type, data as never));
      const committed = held.commits.commit(loaded.market, held.unsaid ? undefined : declare, loaded.changesRunning === 1);
      held.unsaid = false;
      committed.catch(() => this.drop(held)); // nothing of a failed change stays in memory
      const handed = performance.now();
      this.timeStep("record", secondsSince(handing));
      await committed;
      const durable = performance.now();
      this.timeStep("durable", secondsSince(handed));
      for (const event of events) this.publish(loaded, event);
      if (events.length) this.timeStep("publish", secondsSince(durable));
      // The events go out in a microtask (event-batcher.ts); the matchers read the new cards after.
      loaded.catchUpSoon();
      return result;
    } finally {
      loaded.changeEnded();
      held.lastUsed = Date.now();
    }
  }

  /**
   * retryingStale for a command on the market with this join code. With several nodes, this
   * node's copy may not have heard yet of another node's change (the host opened posting a moment
   * ago on the other node): a command refused on it is checked against the store, and run again on
   * a fresh copy if the store had moved on. Only refusals pay the check, one query each.
   */
  retrying<T>(code: string, command: () => Promise<T>): Promise<T> {
    return retryingStale(async () => {
      try {
        return await command();
      } catch (error) {
        if (error instanceof MarketError) {
          const behind = await this.droppedIfBehind(code);
          if (behind) throw behind;
        }
        throw error;
      }
    });
  }

  /** The copy of this market, dropped if the store holds a later version (several nodes only). */
  private async droppedIfBehind(code: string): Promise<StaleVersionError | undefined> {
    const id = this.idsByCode.get(normalizeJoinCode(code));
    const held = id === undefined ? undefined : this.settled.get(id);
    if (!held || !this.store.currentVersion) return undefined;
    const stored = await this.store.currentVersion(held.loaded.market.id);
    if (stored === undefined || stored <= held.commits.version) return undefined;
    this.drop(held);
    return new StaleVersionError(held.loaded.market.id, held.commits.version, stored);
  }

  /** Reads one market without changing it. */
  async read<R>(code: string, run: (loaded: LoadedMarket, now: number) => R): Promise<R> {
    return run(await this.byCode(code), this.now().getTime());
  }

  /** A new market: stored, then cached (`indexed`: its lookups built beforehand, e.g. in slices). */
  async add(market: Market, indexed?: LoadedMarket): Promise<LoadedMarket> {
    await this.store.create(market);
    // A market built beforehand (an import) may be at the caps: its hand-over copy is made in slices too.
    const held = this.hold(indexed ?? new LoadedMarket(market), 0);
    this.settled.set(market.id, held);
    return held.loaded;
  }

  /** Deletes a market for good, and tells its screens. */
  async purge(loaded: LoadedMarket, reason: "host" | "retention"): Promise<void> {
    const { market } = loaded;
    const held = this.heldByLoaded.get(loaded);
    if (held?.dropped) throw new StaleVersionError(market.id, held.commits.version, undefined);
    await held?.commits.settled();
    await this.store.remove(market.id, held?.commits.version);
    if (held) this.drop(held);
    this.publish(loaded, this.nextEvent(loaded, "market:deleted", { reason }));
  }

  async byCode(code: string): Promise<LoadedMarket> {
    const normalized = normalizeJoinCode(code);
    if (!isWellFormedJoinCode(normalized)) throw notFound("market");
    const id = this.idsByCode.get(normalized) ?? (await this.store.idByCode(normalized));
    const loaded = id ? await this.byId(id) : undefined;
    if (!loaded || loaded.market.code !== normalized) throw notFound("market");
    return loaded;
  }

  async byId(id: string): Promise<LoadedMarket | undefined> {
    return (await this.heldById(id))?.loaded;
  }

  async unusedJoinCode(): Promise<string> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = newJoinCode();
      if (!this.idsByCode.has(code) && !(await this.store.idByCode(code))) return code;
    }
    throw conflict("no_code");
  }

  /** Lets go of markets nobody has changed or read for `idleMs`: they load again on demand. */
  unloadIdle(idleMs: number): void {
    const before = Date.now() - idleMs;
    for (const held of this.settled.values()) {
      // A change running or being committed keeps its market.
      if (held.loaded.changesRunning === 0 && held.lastUsed < before) this.drop(held);
    }
  }

  /** The market held for this target, loading it (again) when it was dropped. */
  private async current(target: string | LoadedMarket): Promise<Held> {
    if (typeof target !== "string") {
      const held = this.heldByLoaded.get(target);
      if (held && !held.dropped) return held;
      // The caller looked at a copy that is gone (a failed commit, an unload): it must look again.
      throw new StaleVersionError(target.market.id, held?.commits.version ?? -1, undefined);
    }
    return this.heldByLoaded.get(await this.byCode(target))!;
  }

  private async heldById(id: string): Promise<Held | undefined> {
    const settled = this.settled.get(id);
    if (settled) {
      settled.lastUsed = Date.now();
      return settled;
    }
    let pending = this.loading.get(id);
    if (!pending) {
      const load = async (): Promise<StoredMarket | undefined> => {
        const stored = await this.store.load(id);
        const announced = this.announced.get(id);
        this.announced.delete(id);
        return stored && announced !== undefined && stored.version < announced ? load() : stored;
      };
      pending = load().then((stored) => {
        if (!stored) return undefined;
        const held = this.hold(new LoadedMarket(stored.market), stored.version);
        this.settled.set(id, held);
        return held;
      });
      this.loading.set(id, pending);
      const forget = () => this.loading.get(id) === pending && this.loading.delete(id);
      pending.then(forget, forget);
    }
    return pending;
  }

  private hold(loaded: LoadedMarket, version: number): Held {
    // One copy of the market in memory: the chain keeps none, unless it checks the commands' word.
    const commits = new CommitChain(this.store, loaded.market, version, CHECK_CHANGE_RECORDS ? "checked" : "declared");
    const held: Held = {
      loaded,
      commits,
      lastUsed: Date.now(),
      dropped: false,
      unsaid: false,
    };
    this.heldByLoaded.set(loaded, held);
    this.idsByCode.set(loaded.market.code, loaded.market.id);
    return held;
  }

  /**
   * Applies another node's committed records to the copy held here, when nothing runs on it and it
   * is exactly as far behind as the records reach. Cheaper than reading the market again and
   * indexing every card for matching: with two nodes writing one market, each would otherwise
   * reload it after every change the other made. Why: docs/decisions/015-several-nodes.md.
   */
  private follow(held: Held, version: number, records: readonly ChangeRecord[]): boolean {
    if (held.loaded.changesRunning > 0 || held.unsaid || held.commits.version !== version - records.length) return false;
    held.loaded.changeStarted();
    try {
      if (!held.loaded.follow(records)) return false;
    } catch {
      return false; // half applied at worst: the caller drops this copy
    } finally {
      held.loaded.changeEnded();
    }
    held.loaded.catchUpSoon();
    held.commits = new CommitChain(this.store, held.loaded.market, version, CHECK_CHANGE_RECORDS ? "checked" : "declared");
    return true;
  }

  private drop(held: Held): void {
    if (held.dropped) return;
    held.dropped = true;
    const { id, code } = held.loaded.market;
    if (this.settled.get(id) === held) {
      this.settled.delete(id);
      this.store.release(id);
    }
    if (this.idsByCode.get(code) === id) this.idsByCode.delete(code);
  }

  private nextEvent<T extends MarketEventType>(loaded: LoadedMarket, type: T, data: MarketEventMap[T]): MarketEvent {
    loaded.market.seq += 1;
    return { type, seq: loaded.market.seq, at: this.timestamp(), ...data } as MarketEvent;
  }

  private publish(loaded: LoadedMarket, event: MarketEvent): void {
    let audiences: EventAudiences | undefined;
    const audiencesOfEvent = () => (audiences ??= audiencesOf(loaded, event));
    for (const listener of this.listeners) listener(loaded.market.id, event, audiencesOfEvent);
  }
}
