// The embedded default store: per market under DATA_DIR/markets, a lowdb JSON snapshot `<id>.json`
// and an append-only journal `<id>.journal` of the changes since (market-journal.ts), plus a
// catalog of every market in brief beside the folder (market-catalog.ts). A commit is one change record on a
// version: changes that arrive together are appended as one write and fsynced once; now and then
// a compaction writes a fresh snapshot and drops the journal. The store holds no market in
// memory: a load reads the files, and a start reads only the catalog (and the markets it cannot
// vouch for). Why, and why every step is safe to be killed at:
// docs/decisions/006-journal-beside-the-snapshot.md and 014-store-port-and-postgresql.md.
import { access, chmod, constants, copyFile, mkdir, readdir, rm } from "node:fs/promises";
import { keepPrivate, PRIVATE_FILE, PRIVATE_FOLDER } from "./private-files.ts";
import path from "node:path";
import { Low } from "lowdb";
import { applyChange, type ListIndexes } from "../market/change-record.ts";
import { listingOf, type MarketListing } from "../market/market-listing.ts";
import { SCHEMA_VERSION, type Market } from "../market/model.ts";
import { StaleVersionError, type MarketCommit, type MarketStore, type StoredMarket } from "../market/store-port.ts";
import { DataFileError, DurableJsonFile, syncFolder } from "./durable-json-file.ts";
import { changedAt, MarketCatalog } from "./market-catalog.ts";
import { MarketJournal, type JournalContents, type StepHook } from "./market-journal.ts";
import { migrateToCurrent, versionOf } from "./migrations.ts";

export interface StoreOptions {
  /** Compact once the journal is larger than this many bytes and larger than the snapshot. */
  compactAfterBytes?: number;
  /** ...or once it holds this many records, whatever its size. */
  compactAfterRecords?: number;
  /** For tests: called between the system calls of a write (a test kills the process there). */
  onStep?: StepHook;
}

export const DEFAULT_STORE_OPTIONS = { compactAfterBytes: 256 * 1024, compactAfterRecords: 10_000 };

interface Queued {
  change: MarketCommit;
  resolve(version: number): void;
  reject(error: unknown): void;
}

/** A market this process has read or written: where its files stand, never the market itself. */
interface MarketFile {
  id: string;
  db: Low<Market>;
  snapshot: DurableJsonFile<Market>;
  journalFile: string;
  /** The journal on disk, if there is one. */
  journal?: MarketJournal;
  /** A write failed half-way: the next one rewrites the snapshot, which makes the files known again. */
  mustCompact: boolean;
  /** Commits applied since this process first read the market. */
  version: number;
  queue: Queued[];
  /** The write under way, if any. */
  writing?: Promise<void>;
}

const NO_MARKET = {} as Market;

export class LowdbMarketStore implements MarketStore {
  private readonly files = new Map<string, MarketFile>();
  /** Copies in memory with a change refused or failed: their later changes are refused too. */
  private readonly brokenChains = new WeakSet<object>();
  private readonly options: Required<Omit<StoreOptions, "onStep">>;
  private readonly step: StepHook;

  private constructor(
    private readonly folder: string,
    private readonly catalog: MarketCatalog,
    options: StoreOptions,
  ) {
    this.options = {
      compactAfterBytes: options.compactAfterBytes ?? DEFAULT_STORE_OPTIONS.compactAfterBytes,
      compactAfterRecords: options.compactAfterRecords ?? DEFAULT_STORE_OPTIONS.compactAfterRecords,
    };
    this.step = options.onStep ?? (() => {});
  }

  /**
   * Opens the data folder. Markets the catalog vouches for are not read; every other one (new to
   * the catalog, changed since it was written, or with a journal: the server stopped without
   * closing) is read now: its snapshot, then its journal's records in order. Anything damaged
   * stops the start and nothing is written. Then those that had a journal or an older schema are
   * compacted into a fresh snapshot.
   */
  static async open(dataDir: string, options: StoreOptions = {}): Promise<LowdbMarketStore> {
    const folder = path.resolve(dataDir, "markets");
    await mkdir(folder, { recursive: true, mode: PRIVATE_FOLDER });
    await keepPrivate(path.resolve(dataDir), folder);
    const store = new LowdbMarketStore(folder, await MarketCatalog.open(path.join(path.resolve(dataDir), "markets.catalog.json")), options);
    const names = (await readdir(folder)).filter((name) => !name.startsWith("."));
    const ids = names.filter((name) => name.endsWith(".json")).map((name) => name.slice(0, -".json".length));
    const known = new Set(ids);
    const journaled = new Set<string>();
    for (const name of names.filter((n) => n.endsWith(".journal"))) {
      const id = name.slice(0, -".journal".length);
      if (!known.has(id)) throw new DataFileError(path.join(folder, name), `has no data file ${id}.json beside it (a journal only holds changes to one)`);
      journaled.add(id);
    }

    const toRead: string[] = [];
    for (const id of ids) {
      if (journaled.has(id) || !store.catalog.trusts(id, await changedAt([path.join(folder, `${id}.json`)]))) toRead.push(id);
    }
    const read: Array<{ file: MarketFile; data: Market; foundVersion: number; journal?: JournalContents }> = [];
    for (const id of toRead) {
      const file = store.fileFor(id);
      read.push({ file, ...(await store.readMarket(file)) });
    }
    for (const id of [...store.catalog.listings.keys()]) if (!known.has(id)) store.catalog.delete(id);

    for (const { file, data, foundVersion, journal } of read) {
      store.catalog.set(listingOf(data));
      if (journal) file.journal = MarketJournal.continuing(file.journalFile, journal, store.step);
      if (foundVersion !== SCHEMA_VERSION) await store.keepMigrated(file, foundVersion, data);
      else if (journal) await store.compact(file, JSON.stringify(data));
      store.files.delete(file.id);
    }
    // The catalog is written with the next change, or at close: opening alone writes nothing.
    return store;
  }

  async listings(): Promise<MarketListing[]> {
    return [...this.catalog.listings.values()];
  }

  async idByCode(code: string): Promise<string | undefined> {
    return this.catalog.idsByCode.get(code);
  }

  /** Reads the market from its files (the first read in this process compacts a leftover journal). */
  async load(id: string): Promise<StoredMarket | undefined> {
    if (!this.catalog.listings.has(id)) return undefined;
    const known = this.files.get(id);
    if (known) {
      while (known.writing) await known.writing;
      const { data } = await this.readMarket(known, known.journal?.size);
      return { market: data, version: known.version };
    }
    const file = this.fileFor(id);
    try {
      const { data, foundVersion, journal } = await this.readMarket(file);
      if (journal) file.journal = MarketJournal.continuing(file.journalFile, journal, this.step);
      if (foundVersion !== SCHEMA_VERSION) await this.keepMigrated(file, foundVersion, data);
      else if (journal) await this.compact(file, JSON.stringify(data));
      return { market: data, version: file.version };
    } catch (error) {
      this.files.delete(id);
      throw error;
    }
  }

  async create(market: Market): Promise<void> {
    const taken = this.catalog.idsByCode.get(market.code);
    if (taken !== undefined && taken !== market.id) throw new Error(`The join code ${market.code} is taken.`);
    if (this.files.has(market.id) || this.catalog.listings.has(market.id)) throw new Error(`Market ${market.id} exists already.`);
    const file = this.fileFor(market.id);
    this.catalog.startWriting(market.id);
    try {
      await this.compact(file, JSON.stringify(market));
      this.catalog.set(listingOf(market));
    } catch (error) {
      this.files.delete(market.id);
      throw error;
    } finally {
      this.catalog.written(market.id);
      void this.catalog.save();
    }
  }

  commit(id: string, change: MarketCommit): Promise<number> {
    const file = this.files.get(id);
    if (!file) return Promise.reject(new StaleVersionError(id, change.baseVersion, undefined));
    return new Promise<number>((resolve, reject) => {
      file.queue.push({ change, resolve, reject });
      // Written once the changes handed over with this one (the same run of continuations) are
      // queued, without waiting for a turn of the event loop; changes that come while it is
      // written share the next write (group commit).
      file.writing ??= Promise.resolve().then(() => this.flush(file));
    });
  }

  async remove(id: string, ifVersion?: number): Promise<void> {
    const file = this.files.get(id) ?? this.fileFor(id);
    // Let a write in flight land first, so it cannot recreate a file after the delete.
    while (file.writing) await file.writing;
    if (ifVersion !== undefined && ifVersion !== file.version) throw new StaleVersionError(id, ifVersion, file.version);
    this.files.delete(id);
    file.journal = undefined;
    // The journal goes first: killed half-way, the snapshot alone is a market that opens (and is
    // deleted again), where a journal alone would stop the start.
    for (const leftover of [file.journalFile, MarketJournal.tempFileOf(file.journalFile), file.snapshot.tempFile, file.snapshot.file]) {
      await rm(leftover, { force: true });
    }
    await syncFolder(this.folder);
    this.catalog.delete(id);
    await this.catalog.save();
  }

  release(id: string): void {
    const file = this.files.get(id);
    // A journal being appended to is kept track of; anything else is read afresh next time.
    if (file && !file.writing && !file.journal && !file.mustCompact) this.files.delete(id);
  }

  async ping(): Promise<void> {
    await access(this.folder, constants.W_OK);
  }

  /** Finishes every write, then compacts every journal, so a stopped folder holds snapshots only. */
  async close(): Promise<void> {
    for (const file of this.files.values()) while (file.writing) await file.writing;
    const results = await Promise.allSettled(
      [...this.files.values()]
        .filter((file) => file.journal || file.mustCompact)
        .map(async (file) => this.compact(file, JSON.stringify((await this.readMarket(file, file.journal?.size)).data))),
    );
    await this.catalog.save();
    await this.catalog.flush();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  }

  // ---- Writing ---------------------------------------------------------------------------------

  /** One group commit: the queued changes made on the current version, as journal records or a compaction. */
  private async flush(file: MarketFile): Promise<void> {
    const batch: Queued[] = [];
    let version = file.version;
    for (const queued of file.queue.splice(0)) {
      if (queued.change.baseVersion === version && !this.brokenChains.has(queued.change.chain)) {
        batch.push(queued);
        version++;
      } else {
        this.brokenChains.add(queued.change.chain);
        queued.reject(new StaleVersionError(file.id, queued.change.baseVersion, version));
      }
    }
    const last = batch.at(-1)?.change;
    if (last) {
      const journal = file.journal;
      const compacting = file.mustCompact || batch.some((q) => q.change.removes) || (journal !== undefined && this.journalIsFull(file, journal));
      let listingChanged = false;
      this.catalog.startWriting(file.id);
      try {
        if (compacting) await this.compact(file, await this.snapshotAfter(file, batch.map((q) => q.change)));
        else await this.append(file, batch.map((q) => q.change.record));
        file.version = version;
        listingChanged = this.catalog.set(last.listing);
        for (const queued of batch) queued.resolve(version);
      } catch (error) {
        file.mustCompact = true; // the files may or may not hold it: the next write rewrites them
        for (const queued of batch) {
          this.brokenChains.add(queued.change.chain);
          queued.reject(error);
        }
      } finally {
        this.catalog.written(file.id);
        if (listingChanged) void this.catalog.save();
      }
    }
    file.writing = file.queue.length ? Promise.resolve().then(() => this.flush(file)) : undefined;
  }

  /**
   * The market after `changes`, as the text of a fresh snapshot: the last one when it is the whole
   * market, else the market as on disk with the changes applied (no copy of it is kept in memory).
   */
  private async snapshotAfter(file: MarketFile, changes: MarketCommit[]): Promise<string> {
    let lastWhole = changes.length - 1;
    while (lastWhole >= 0 && !changes[lastWhole]!.whole) lastWhole--;
    if (lastWhole === changes.length - 1) return JSON.stringify(changes[lastWhole]!.record.set);
    const data = lastWhole >= 0 ? (structuredClone(changes[lastWhole]!.record.set) as Record<string, unknown>) : ((await this.readMarket(file, file.journal?.size)).data as unknown as Record<string, unknown>);
    const indexes: ListIndexes = new Map();
    for (const change of changes.slice(lastWhole + 1)) applyChange(data, change.record, indexes);
    return JSON.stringify(data);
  }

  private async append(file: MarketFile, records: MarketCommit["record"][]): Promise<void> {
    if (file.journal) return file.journal.append(records);
    file.journal = await MarketJournal.create(file.journalFile, file.id, file.snapshot.digest!, records, this.step);
    await file.journal.syncFolder();
  }

  private journalIsFull(file: MarketFile, journal: MarketJournal): boolean {
    if (journal.length >= this.options.compactAfterRecords) return true;
    return journal.size > Math.max(this.options.compactAfterBytes, file.snapshot.bytes);
  }

  /**
   * Writes the whole market as a fresh snapshot and drops the journal. Order: the new snapshot is
   * written and fsynced under a temp name; the journal gets a seal naming the new snapshot's
   * digest (fsynced); the snapshot is renamed into place and the folder fsynced; the journal is
   * removed. Killed at any point, start-up finds either the old snapshot with its journal (the
   * seal, if there, is ignored) or the new snapshot beside a journal sealed for it (ignored).
   */
  private async compact(file: MarketFile, text: string): Promise<void> {
    await file.snapshot.writeText(text); // the seal is written in beforeReplace (fileFor)
    await this.step("snapshot-replaced");
    if (file.journal) {
      await file.journal.delete();
      file.journal = undefined;
    }
    file.mustCompact = false;
  }

  // ---- Reading ---------------------------------------------------------------------------------

  /**
   * Reads one market's snapshot and journal (up to `journalBytes` when this process is writing
   * it), replaying the journal; writes nothing. The market returned is the caller's own.
   */
  private async readMarket(file: MarketFile, journalBytes?: number): Promise<{ data: Market; foundVersion: number; journal?: JournalContents }> {
    let raw: Record<string, unknown> = {};
    let foundVersion = SCHEMA_VERSION;
    file.db = new Low<Market>(
      new DurableJsonFile<Market>(file.snapshot.file, (data) => {
        if (data && typeof data === "object") {
          raw = data as Record<string, unknown>;
          foundVersion = versionOf(raw);
        }
        return checkMarketFile(data && typeof data === "object" ? migrateToCurrent(data as Record<string, unknown>) : data);
      }),
      NO_MARKET,
    );
    try {
      await file.db.read();
    } catch (error) {
      // A damaged snapshot with a journal beside it: the two go (or come back) together.
      const hasJournal = await access(file.journalFile).then(() => true, () => false);
      if (error instanceof DataFileError && hasJournal) throw new DataFileError(file.snapshot.file, error.problem, file.journalFile);
      throw error;
    }
    const reader = file.db.adapter as DurableJsonFile<Market>;
    file.snapshot.digest = reader.digest;
    file.snapshot.bytes = reader.bytes;
    let data = file.db.data;
    file.db.data = NO_MARKET;
    const journal = await MarketJournal.read(file.journalFile, file.id, journalBytes);
    if (!journal) return { data, foundVersion };

    const snapshotName = path.basename(file.snapshot.file);
    if (journal.base === file.snapshot.digest) {
      // The journal continues this snapshot: apply its records, in the snapshot's schema version.
      const indexes: ListIndexes = new Map();
      for (const { line, record } of journal.records) {
        try {
          applyChange(raw, record, indexes);
        } catch (error) {
          throw new DataFileError(file.journalFile, `has a change on line ${line} that does not fit ${snapshotName} (${(error as Error).message})`);
        }
      }
      try {
        data = checkMarketFile(migrateToCurrent(raw));
      } catch (error) {
        throw new DataFileError(file.journalFile, `leaves ${snapshotName} without a market this version understands (${(error as Error).message})`);
      }
    } else if (!journal.seals.includes(file.snapshot.digest!)) {
      throw new DataFileError(file.journalFile, `does not belong to ${snapshotName} beside it (it continues another version of that file)`);
    }
    // Else a compaction wrote this snapshot, which holds every record, and was killed before it
    // removed the journal: the snapshot alone is the market.
    return { data, foundVersion, journal };
  }

  /**
   * Compacts a migrated market at once, after keeping the original snapshot and journal beside it
   * (hidden, never overwritten): a migration is never silent and never the only copy.
   */
  private async keepMigrated(file: MarketFile, fromVersion: number, data: Market): Promise<void> {
    const original = file.snapshot.file;
    const backups: string[] = [];
    for (const source of [original, ...(file.journal ? [file.journalFile] : [])]) {
      const backup = path.join(this.folder, `.${path.basename(source)}.v${fromVersion}.bak`);
      await copyFile(source, backup, constants.COPYFILE_EXCL).then(
        () => chmod(backup, PRIVATE_FILE),
        (error: NodeJS.ErrnoException) => {
          if (error.code !== "EEXIST") throw error;
        },
      );
      backups.push(backup);
    }
    await this.compact(file, JSON.stringify(data));
    console.log(`Migrated ${original} from schema version ${fromVersion} to ${SCHEMA_VERSION} (the original is kept as ${backups.join(" and ")}).`);
  }

  private fileFor(id: string): MarketFile {
    let file = this.files.get(id);
    if (!file) {
      // Ids are made by the service (nanoid alphabet); refuse anything that could leave the folder.
      if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`Refusing market file name ${JSON.stringify(id)}.`);
      const snapshot = new DurableJsonFile<Market>(path.join(this.folder, `${id}.json`), checkMarketFile, {
        beforeReplace: async (_text, digest) => {
          await this.step("snapshot-temp-written");
          await created.journal?.seal(digest);
        },
      });
      const created: MarketFile = {
        id,
        db: new Low<Market>(snapshot, NO_MARKET),
        snapshot,
        journalFile: path.join(this.folder, `${id}.journal`),
        mustCompact: false,
        version: 0,
        queue: [],
      };
      file = created;
      this.files.set(id, file);
    }
    return file;
  }
}

/** The shape check that stands between a file on disk and the service. */
function checkMarketFile(data: unknown): Market {
  const market = data as Partial<Market> | null;
  if (!market || typeof market !== "object") throw new Error("not an object");
  if (market.schemaVersion !== SCHEMA_VERSION) throw new Error(`schema version ${String(market.schemaVersion)}, expected ${SCHEMA_VERSION}`);
  for (const key of ["id", "code", "title", "hostKeyHash", "phase"] as const) {
    if (typeof market[key] !== "string") throw new Error(`missing ${key}`);
  }
  if (typeof market.seq !== "number" || !Number.isInteger(market.seq) || market.seq < 0) throw new Error("missing seq");
  for (const key of ["participants", "posts", "connections"] as const) {
    if (!Array.isArray(market[key])) throw new Error(`missing ${key}`);
  }
  return market as Market;
}
