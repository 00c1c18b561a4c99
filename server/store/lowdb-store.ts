// The embedded default store: per market under DATA_DIR/markets, a lowdb JSON snapshot `<id>.json`
// and an append-only journal `<id>.journal` of what changed since (market-journal.ts). A group
// commit appends one small record and fsyncs it; now and then a compaction writes a fresh snapshot
// and drops the journal. Markets are held in memory once loaded. Why, and why every step is safe
// to be killed at: docs/decisions/006-journal-beside-the-snapshot.md.
import { access, chmod, constants, copyFile, mkdir, readdir, rm } from "node:fs/promises";
import { keepPrivate, PRIVATE_FILE, PRIVATE_FOLDER } from "./private-files.ts";
import path from "node:path";
import { Low } from "lowdb";
import { SCHEMA_VERSION, type Market } from "../market/model.ts";
import type { MarketStore } from "../market/store-port.ts";
import { applyChange, DurableCopy } from "./change-record.ts";
import { DataFileError, DurableJsonFile, syncFolder } from "./durable-json-file.ts";
import { GroupCommit } from "./group-commit.ts";
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

interface MarketFile {
  db: Low<Market>;
  snapshot: DurableJsonFile<Market>;
  journalFile: string;
  /** The journal on disk, if there is one. */
  journal?: MarketJournal;
  /**
   * The market as it is on disk (snapshot plus journal), to find what changed. Undefined when that
   * is not known for sure (before the first write, after a failed compaction): the next write
   * then compacts, which makes it known again.
   */
  durable?: DurableCopy;
  /** The text of the snapshot being written by a compaction, to rebuild `durable` from. */
  written?: string;
  commits: GroupCommit;
}

export class LowdbMarketStore implements MarketStore {
  private readonly files = new Map<string, MarketFile>();
  private readonly idsByCode = new Map<string, string>();
  private readonly options: Required<Omit<StoreOptions, "onStep">>;
  private readonly step: StepHook;

  private constructor(
    private readonly folder: string,
    options: StoreOptions,
  ) {
    this.options = {
      compactAfterBytes: options.compactAfterBytes ?? DEFAULT_STORE_OPTIONS.compactAfterBytes,
      compactAfterRecords: options.compactAfterRecords ?? DEFAULT_STORE_OPTIONS.compactAfterRecords,
    };
    this.step = options.onStep ?? (() => {});
  }

  /**
   * Opens the data folder and reads every market in it: its snapshot, then its journal's records in
   * order. Anything damaged stops the start and nothing is written. Then markets that had a journal
   * or an older schema are compacted into a fresh snapshot.
   */
  static async open(dataDir: string, options: StoreOptions = {}): Promise<LowdbMarketStore> {
    const folder = path.resolve(dataDir, "markets");
    await mkdir(folder, { recursive: true, mode: PRIVATE_FOLDER });
    await keepPrivate(path.resolve(dataDir), folder);
    const store = new LowdbMarketStore(folder, options);
    const names = (await readdir(folder)).filter((name) => !name.startsWith("."));
    const ids = names.filter((name) => name.endsWith(".json")).map((name) => name.slice(0, -".json".length));
    const known = new Set(ids);
    for (const name of names.filter((n) => n.endsWith(".journal"))) {
      const id = name.slice(0, -".journal".length);
      if (!known.has(id)) throw new DataFileError(path.join(folder, name), `has no data file ${id}.json beside it (a journal only holds changes to one)`);
    }

    const read: Array<{ file: MarketFile; foundVersion: number; journal?: JournalContents }> = [];
    for (const id of ids) read.push(await store.readMarket(id));

    for (const { file, foundVersion, journal } of read) {
      store.idsByCode.set(file.db.data.code, file.db.data.id);
      if (journal) file.journal = MarketJournal.continuing(file.journalFile, journal, store.step);
      if (foundVersion !== SCHEMA_VERSION) {
        await store.keepMigrated(file, foundVersion);
      } else if (journal) {
        await file.commits.request(); // `durable` is unset: a compaction
      } else {
        file.durable = DurableCopy.of(JSON.parse(JSON.stringify(file.db.data)));
      }
    }
    return store;
  }

  async list(): Promise<Market[]> {
    return [...this.files.values()].map((file) => file.db.data);
  }

  async load(id: string): Promise<Market | undefined> {
    return this.files.get(id)?.db.data;
  }

  async loadByCode(code: string): Promise<Market | undefined> {
    const id = this.idsByCode.get(code);
    return id ? this.load(id) : undefined;
  }

  async create(market: Market): Promise<void> {
    const file = this.fileFor(market.id, market);
    this.idsByCode.set(market.code, market.id);
    await file.commits.request();
  }

  async commit(market: Market): Promise<void> {
    const file = this.files.get(market.id);
    if (!file) throw new Error(`Market ${market.id} is not in this store.`);
    file.db.data = market;
    await file.commits.request();
  }

  async remove(id: string): Promise<void> {
    const file = this.files.get(id);
    if (!file) return;
    // Let a write in flight land first, so it cannot recreate a file after the delete.
    await file.commits.drain();
    this.files.delete(id);
    if (this.idsByCode.get(file.db.data.code) === id) this.idsByCode.delete(file.db.data.code);
    file.journal = undefined;
    // The journal goes first: killed half-way, the snapshot alone is a market that opens (and is
    // deleted again), where a journal alone would stop the start.
    for (const leftover of [file.journalFile, MarketJournal.tempFileOf(file.journalFile), file.snapshot.tempFile, file.snapshot.file]) {
      await rm(leftover, { force: true });
    }
    await syncFolder(this.folder);
  }

  /** Finishes every write, then compacts every journal, so a stopped folder holds snapshots only. */
  async close(): Promise<void> {
    await Promise.all([...this.files.values()].map((file) => file.commits.drain()));
    const compactions = [...this.files.values()]
      .filter((file) => file.journal)
      .map((file) => {
        file.durable = undefined;
        return file.commits.request();
      });
    const results = await Promise.allSettled(compactions);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  }

  // ---- Writing ---------------------------------------------------------------------------------

  /** One group commit: one journal record with what changed, or a compaction. */
  private async write(file: MarketFile): Promise<void> {
    if (!file.durable) return this.compact(file);
    const change = file.durable.changesIn(file.db.data as unknown as Record<string, unknown>);
    if (!change) return; // nothing changed since the last durable state
    // An erasure or a deleted post must not live on in the journal: rewrite the snapshot instead.
    if (change.removes) return this.compact(file);
    const journal = file.journal;
    if (journal && this.journalIsFull(file, journal)) return this.compact(file);
    if (journal) {
      await journal.append(change.record);
    } else {
      file.journal = await MarketJournal.create(file.journalFile, file.db.data.id, file.snapshot.digest!, change.record, this.step);
      try {
        await file.journal.syncFolder();
      } catch (error) {
        file.durable = undefined; // the journal may or may not be on disk: compact next time
        throw error;
      }
    }
    change.accept();
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
  private async compact(file: MarketFile): Promise<void> {
    file.durable = undefined;
    await file.db.write(); // DurableJsonFile; the seal is written in beforeReplace (fileFor)
    await this.step("snapshot-replaced");
    if (file.journal) {
      await file.journal.delete();
      file.journal = undefined;
    }
    const written = file.written!;
    file.written = undefined;
    file.durable = DurableCopy.of(JSON.parse(written) as Record<string, unknown>);
  }

  // ---- Reading ---------------------------------------------------------------------------------

  /** Reads one market's snapshot and journal, replaying the journal; writes nothing. */
  private async readMarket(id: string): Promise<{ file: MarketFile; foundVersion: number; journal?: JournalContents }> {
    let raw: Record<string, unknown> = {};
    let foundVersion = SCHEMA_VERSION;
    const file = this.fileFor(id, {} as Market, (data) => {
      if (data && typeof data === "object") {
        raw = data as Record<string, unknown>;
        foundVersion = versionOf(raw);
      }
      return checkMarketFile(data && typeof data === "object" ? migrateToCurrent(data as Record<string, unknown>) : data);
    });
    try {
      await file.db.read();
    } catch (error) {
      // A damaged snapshot with a journal beside it: the two go (or come back) together.
      const hasJournal = await access(file.journalFile).then(() => true, () => false);
      if (error instanceof DataFileError && hasJournal) throw new DataFileError(file.snapshot.file, error.problem, file.journalFile);
      throw error;
    }
    const journal = await MarketJournal.read(file.journalFile, id);
    if (!journal) return { file, foundVersion };

    const snapshotName = path.basename(file.snapshot.file);
    if (journal.base === file.snapshot.digest) {
      // The journal continues this snapshot: apply its records, in the snapshot's schema version.
      for (const { line, record } of journal.records) {
        try {
          applyChange(raw, record);
        } catch (error) {
          throw new DataFileError(file.journalFile, `has a change on line ${line} that does not fit ${snapshotName} (${(error as Error).message})`);
        }
      }
      try {
        file.db.data = checkMarketFile(migrateToCurrent(raw));
      } catch (error) {
        throw new DataFileError(file.journalFile, `leaves ${snapshotName} without a market this version understands (${(error as Error).message})`);
      }
    } else if (!journal.seals.includes(file.snapshot.digest!)) {
      throw new DataFileError(file.journalFile, `does not belong to ${snapshotName} beside it (it continues another version of that file)`);
    }
    // Else a compaction wrote this snapshot, which holds every record, and was killed before it
    // removed the journal: the snapshot alone is the market.
    return { file, foundVersion, journal };
  }

  /**
   * Compacts a migrated market at once, after keeping the original snapshot and journal beside it
   * (hidden, never overwritten): a migration is never silent and never the only copy.
   */
  private async keepMigrated(file: MarketFile, fromVersion: number): Promise<void> {
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
    await file.commits.request(); // `durable` is unset: a compaction
    console.log(`Migrated ${original} from schema version ${fromVersion} to ${SCHEMA_VERSION} (the original is kept as ${backups.join(" and ")}).`);
  }

  private fileFor(id: string, initial: Market, validate: (data: unknown) => Market = checkMarketFile): MarketFile {
    let file = this.files.get(id);
    if (!file) {
      // Ids are made by the service (nanoid alphabet); refuse anything that could leave the folder.
      if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`Refusing market file name ${JSON.stringify(id)}.`);
      const snapshot = new DurableJsonFile<Market>(path.join(this.folder, `${id}.json`), validate, {
        beforeReplace: async (text, digest) => {
          created.written = text;
          await this.step("snapshot-temp-written");
          await created.journal?.seal(digest);
        },
      });
      const db = new Low<Market>(snapshot, initial);
      const created: MarketFile = {
        db,
        snapshot,
        journalFile: path.join(this.folder, `${id}.journal`),
        commits: new GroupCommit(() => this.write(created)),
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
