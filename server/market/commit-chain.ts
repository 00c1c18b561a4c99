// How a market in memory hands its changes to the store, as one change record on the version it
// was made on (change-record.ts, store-port.ts). The market registry keeps one per market it holds.
//
// A command says what it changed (`Declared`: the entities it put or removed, the fields it set),
// so its record costs what the change costs, whatever the market's size, and no second copy of
// the market is held to compare with. The top-level plain values (seq, phase, title, ...) and
// fields that appeared or went are found without being declared: the chain keeps those few values.
// A command that declares nothing hands over the whole market (a record that sets every field,
// written as a fresh snapshot): correct whatever it did, at the cost of the market's size.
//
// Under the tests (VITEST) or CHECK_CHANGE_RECORDS=1, the chain also keeps the copy the old way
// (DurableCopy), and refuses a record that, applied to it, would not give the market in memory:
// a command that forgets to declare a change fails its tests instead of losing data.
// Why: docs/decisions/017-changes-said-not-found.md.
import { applyChange, DurableCopy, isEntityList, sameJson, type ChangeRecord } from "./change-record.ts";
import { listingOf } from "./market-listing.ts";
import type { Market } from "./model.ts";
import type { MarketStore } from "./store-port.ts";

/** The entity lists of a market a command may declare changes in (one record per entity changed). */
export type EntityListName = "participants" | "posts" | "connections" | "drafts" | "circles";

/** What one command says it changed. */
export class Declared {
  /** Per list: the entities put (added at the end, or changed in place), or null when removed. */
  readonly entities = new Map<EntityListName, Map<string, { id: string } | null>>();
  /** Top-level fields set whole (objects and arrays changed in place: plain values need no word). */
  readonly fields = new Set<string>();
  /** The command said it changed nothing (beyond plain values such as the seq). */
  unchanged = false;

  put(list: EntityListName, entity: { id: string }): void {
    this.listOf(list).set(entity.id, entity);
  }

  removed(list: EntityListName, id: string): void {
    this.listOf(list).set(id, null);
  }

  field(key: keyof Market): void {
    this.fields.add(key);
  }

  /** Nothing of the market changed: the change only waits for what was handed over before. */
  nothing(): void {
    this.unchanged = true;
  }

  /** Whether the command said anything: if not, the whole market is handed over. */
  get said(): boolean {
    return this.unchanged || this.entities.size > 0 || this.fields.size > 0;
  }

  private listOf(list: EntityListName): Map<string, { id: string } | null> {
    let entities = this.entities.get(list);
    if (!entities) this.entities.set(list, (entities = new Map()));
    return entities;
  }
}

type Json = unknown;

/** Whether the registry checks every record against a full comparison (the tests; an operator chasing a doubt). */
export const CHECK_CHANGE_RECORDS = typeof process !== "undefined" && (process.env.VITEST !== undefined || process.env.CHECK_CHANGE_RECORDS === "1");

export class CommitChain {
  private lastCommit: Promise<unknown> = Promise.resolve();
  /** Top-level fields as last handed over: which are present, the plain values, the entity lists. */
  private readonly present = new Set<string>();
  private readonly plain = new Map<string, Json>();
  private readonly lists = new Set<string>();
  /** "compare": the market as last handed over, to find a change by comparing with it. */
  private readonly copy?: DurableCopy;
  /** "checked": the market as the records handed over make it, to check them against. */
  private readonly expected?: Record<string, Json>;

  constructor(
    private readonly store: MarketStore,
    market: Market,
    /** The version the next change is made on. */
    private nextVersion: number,
    /**
     * "declared" (the registry): each command says what it changed. "checked": the same, and the
     * records are checked against the market (CHECK_CHANGE_RECORDS). "compare": a change is found
     * by comparing the market with a copy of it as last handed over (test tools that change a
     * market object by hand).
     */
    mode: "declared" | "checked" | "compare" = "compare",
  ) {
    if (mode === "compare") this.copy = DurableCopy.of(copyOf(market) as Record<string, Json>);
    if (mode === "checked") this.expected = copyOf(market) as Record<string, Json>;
    this.remember(market as unknown as Record<string, Json>);
  }

  /** The version the next change is made on. */
  get version(): number {
    return this.nextVersion;
  }

  /**
   * "checked" mode only: the top-level fields in which the market differs from what was handed
   * over. A command that answers without writing must leave none: an answer is a promise that
   * what it changed is on disk.
   */
  unwritten(market: Market): string[] {
    const expected = this.expected;
    if (!expected) return [];
    const live = market as unknown as Record<string, Json>;
    return Object.keys({ ...live, ...expected }).filter((key) => !sameJson(live[key], expected[key]));
  }

  /** Resolves once every change handed over is durable (or failed). */
  async settled(): Promise<void> {
    await this.lastCommit.catch(() => {});
  }

  /**
   * Hands one change to the store and resolves once it is durable; with nothing new, once what
   * was handed over before is. `declared`: what the command said it changed (without it, the
   * whole market, or in "compare" mode what differs from the copy). `alone`: no other change to
   * this market is under way, so the market holds nothing not yet handed over ("checked" checks
   * then). Nothing awaits between taking the record and the hand-over: it is the market at one instant.
   */
  commit(market: Market, declared?: Declared, alone = true): Promise<unknown> {
    const live = market as unknown as Record<string, Json>;
    let change: { record: ChangeRecord; removes: boolean; whole: boolean } | undefined;
    try {
      change = this.changeIn(live, declared, alone);
    } catch (error) {
      return Promise.reject(error);
    }
    if (!change) return this.lastCommit;
    const baseVersion = this.nextVersion++;
    this.remember(live);
    this.lastCommit = this.store.commit(market.id, { baseVersion, ...change, listing: listingOf(market), chain: this });
    return this.lastCommit;
  }

  private changeIn(live: Record<string, Json>, declared: Declared | undefined, alone: boolean): { record: ChangeRecord; removes: boolean; whole: boolean } | undefined {
    if (this.copy) {
      const compared = this.copy.changesIn(live);
      compared?.accept();
      return compared && { record: compared.record, removes: compared.removes, whole: false };
    }
    const change = declared?.said ? this.declaredRecord(live, declared) : this.wholeRecord(live);
    if (this.expected) {
      if (change) applyChange(this.expected, copyOf(change.record) as ChangeRecord);
      if (alone && !sameJson(live, this.expected)) {
        const expected = this.expected;
        const missed = Object.keys({ ...live, ...expected }).filter((key) => !sameJson(live[key], expected[key]));
        throw new Error(`A change record misses what the command changed in ${missed.join(", ")} (declare it: commit-chain.ts).`);
      }
    }
    return change;
  }

  /** A declared change: the entities and fields it names, and the top-level values that moved. */
  private declaredRecord(live: Record<string, Json>, declared: Declared): { record: ChangeRecord; removes: boolean; whole: boolean } | undefined {
    const plain = this.plainRecord(live);
    if (!declared.entities.size && !declared.fields.size) return plain;
    const record = plain?.record ?? {};
    let removes = false;
    const setWhole = (key: string) => {
      (record.set ??= Object.create(null) as Record<string, Json>)[key] = copyOf(live[key]);
      if (this.lists.has(key)) removes = true; // the old entities may be gone
    };
    for (const key of declared.fields) if (presentInJson(live[key]) && !(record.set && key in record.set)) setWhole(key);
    for (const [list, entities] of declared.entities) {
      // Set whole already, or gone as a whole (the unset says so: a put or del in it would fail).
      if ((record.set && list in record.set) || !presentInJson(live[list])) continue;
      if (!this.lists.has(list) || !Array.isArray(live[list])) {
        setWhole(list);
        continue;
      }
      for (const [id, entity] of entities) {
        if (entity) ((record.put ??= {})[list] ??= []).push(copyOf(entity) as { id: string });
        else {
          ((record.del ??= {})[list] ??= []).push(id);
          removes = true;
        }
      }
    }
    if (record.unset?.some((key) => this.lists.has(key))) removes = true;
    return { record, removes, whole: false };
  }

  /** The top-level plain values that changed, and the fields that appeared or went; undefined when none did. */
  private plainRecord(live: Record<string, Json>): { record: ChangeRecord; removes: boolean; whole: boolean } | undefined {
    const record: ChangeRecord = {};
    for (const key in live) {
      const value = live[key];
      if (!presentInJson(value)) continue;
      const moved = this.plain.has(key) ? !(isPlain(value) && sameJson(value, this.plain.get(key))) : isPlain(value);
      if (!this.present.has(key) || moved) {
        (record.set ??= Object.create(null) as Record<string, Json>)[key] = copyOf(value);
      }
    }
    for (const key of this.present) if (!presentInJson(live[key])) (record.unset ??= []).push(key);
    if (!record.set && !record.unset) return undefined;
    return { record, removes: record.unset?.some((key) => this.lists.has(key)) ?? false, whole: false };
  }

  /** Every field: for a command that did not say what it changed. Written as a fresh snapshot. */
  private wholeRecord(live: Record<string, Json>): { record: ChangeRecord; removes: boolean; whole: boolean } {
    const set = Object.create(null) as Record<string, Json>;
    for (const key in live) if (presentInJson(live[key])) set[key] = copyOf(live[key]);
    const unset = [...this.present].filter((key) => !presentInJson(live[key]));
    return { record: { set, ...(unset.length ? { unset } : {}) }, removes: true, whole: true };
  }

  /** Keeps the top-level shape of the market as handed over: a few values, never its entities. */
  private remember(live: Record<string, Json>): void {
    this.present.clear();
    this.plain.clear();
    for (const key in live) {
      const value = live[key];
      if (!presentInJson(value)) continue;
      this.present.add(key);
      if (isPlain(value)) this.plain.set(key, value);
      else if (Array.isArray(value) && !this.lists.has(key) && isEntityList(value)) this.lists.add(key);
    }
    for (const key of this.lists) if (!Array.isArray(live[key])) this.lists.delete(key);
  }
}

const isPlain = (value: Json): boolean => value === null || (typeof value !== "object" && typeof value !== "function");
const presentInJson = (value: Json): boolean => value !== undefined && typeof value !== "function" && typeof value !== "symbol";
const copyOf = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;
