// The markets held in memory and the one way to change one. Markets load lazily from the store
// and stay cached (by id, with their join codes); every change runs as one unit of work that is
// committed once and published after it is durable. The command modules (lifecycle, identity,
// posts, connections, card import, facilitation) all go through here.
import { audiencesOf, type EventAudiences } from "./audiences.ts";
import { conflict, notFound } from "./errors.ts";
import type { MarketEvent, MarketEventListener, MarketEventMap, MarketEventType } from "./events.ts";
import { isWellFormedJoinCode, newJoinCode, normalizeJoinCode } from "./identity.ts";
import { LoadedMarket } from "./loaded-market.ts";
import type { Market } from "./model.ts";
import type { MarketStore } from "./store-port.ts";

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
}

export class MarketRegistry {
  private readonly loaded = new Map<string, Promise<LoadedMarket | undefined>>();
  private readonly idsByCode = new Map<string, string>();
  private readonly listeners = new Set<MarketEventListener>();

  constructor(
    readonly store: MarketStore,
    readonly now: () => Date,
  ) {}

  timestamp(): string {
    return this.now().toISOString();
  }

  /** Listens to every market's events (the realtime layer relays them). Returns an unsubscribe. */
  subscribe(listener: MarketEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs one change to one market: `run` validates and authorises before it mutates, and queues
   * its events with `emit`. Durable first, then published: a screen never shows what a restart
   * would lose. The events' seq numbers are taken before the commit so the file never lags
   * behind what screens have seen. A change that emits nothing (and asks for no durability)
   * writes nothing.
   */
  async change<R>(target: string | LoadedMarket, run: (change: MarketChange) => R | Promise<R>): Promise<R> {
    const loaded = typeof target === "string" ? await this.byCode(target) : target;
    const queued: Array<[MarketEventType, MarketEventMap[MarketEventType]]> = [];
    let mustCommit = false;
    const now = this.now();
    const result = await run({
      loaded,
      market: loaded.market,
      now: now.getTime(),
      timestamp: now.toISOString(),
      emit: (type, data) => void queued.push([type, data]),
      durableBeforeAnswer: () => void (mustCommit = true),
    });
    if (queued.length === 0 && !mustCommit) return result;
    const events = queued.map(([type, data]) => this.nextEvent(loaded, type, data as never));
    await this.store.commit(loaded.market);
    for (const event of events) this.publish(loaded, event);
    return result;
  }

  /** Reads one market without changing it. */
  async read<R>(code: string, run: (loaded: LoadedMarket, now: number) => R): Promise<R> {
    return run(await this.byCode(code), this.now().getTime());
  }

  /** A new market: stored, then cached (`indexed`: its lookups built beforehand, e.g. in slices). */
  async add(market: Market, indexed?: LoadedMarket): Promise<LoadedMarket> {
    await this.store.create(market);
    return this.remember(indexed ?? new LoadedMarket(market));
  }

  /** Deletes a market for good, and tells its screens. */
  async purge(loaded: LoadedMarket, reason: "host" | "retention"): Promise<void> {
    const { market } = loaded;
    await this.store.remove(market.id);
    this.loaded.delete(market.id);
    if (this.idsByCode.get(market.code) === market.id) this.idsByCode.delete(market.code);
    this.publish(loaded, this.nextEvent(loaded, "market:deleted", { reason }));
  }

  async byCode(code: string): Promise<LoadedMarket> {
    const normalized = normalizeJoinCode(code);
    if (!isWellFormedJoinCode(normalized)) throw notFound("market");
    const knownId = this.idsByCode.get(normalized);
    if (knownId) {
      const loaded = await this.byId(knownId);
      if (loaded) return loaded;
    }
    const market = await this.store.loadByCode(normalized);
    if (!market) throw notFound("market");
    return (await this.byId(market.id)) ?? this.remember(new LoadedMarket(market));
  }

  async byId(id: string): Promise<LoadedMarket | undefined> {
    let pending = this.loaded.get(id);
    if (!pending) {
      pending = this.store.load(id).then((market) => (market ? new LoadedMarket(market) : undefined));
      this.loaded.set(id, pending);
      const loaded = await pending;
      if (!loaded) this.loaded.delete(id);
      else this.idsByCode.set(loaded.market.code, id);
    }
    return pending;
  }

  async unusedJoinCode(): Promise<string> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = newJoinCode();
      if (!this.idsByCode.has(code) && !(await this.store.loadByCode(code))) return code;
    }
    throw conflict("no_code");
  }

  private remember(loaded: LoadedMarket): LoadedMarket {
    this.loaded.set(loaded.market.id, Promise.resolve(loaded));
    this.idsByCode.set(loaded.market.code, loaded.market.id);
    return loaded;
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
