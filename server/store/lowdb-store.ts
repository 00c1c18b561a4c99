// The embedded default store: one lowdb JSON file per market under DATA_DIR/markets, so each
// write stays small as markets multiply. Markets are held in memory once loaded.
import { constants, copyFile, mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { Low } from "lowdb";
import { SCHEMA_VERSION, type Market } from "../market/model.ts";
import type { MarketStore } from "../market/store-port.ts";
import { DurableJsonFile } from "./durable-json-file.ts";
import { GroupCommit } from "./group-commit.ts";
import { migrateToCurrent, versionOf } from "./migrations.ts";

interface MarketFile {
  db: Low<Market>;
  commits: GroupCommit;
}

export class LowdbMarketStore implements MarketStore {
  private readonly files = new Map<string, MarketFile>();
  private readonly idsByCode = new Map<string, string>();

  private constructor(private readonly folder: string) {}

  /** Opens the data folder and reads every market in it; a damaged file stops the start. */
  static async open(dataDir: string): Promise<LowdbMarketStore> {
    const folder = path.resolve(dataDir, "markets");
    await mkdir(folder, { recursive: true });
    const store = new LowdbMarketStore(folder);
    const names = (await readdir(folder)).filter((name) => name.endsWith(".json") && !name.startsWith("."));
    for (const name of names) {
      let foundVersion = SCHEMA_VERSION;
      const file = store.fileFor(name.slice(0, -".json".length), {} as Market, (data) => {
        if (data && typeof data === "object") foundVersion = versionOf(data as Record<string, unknown>);
        return checkMarketFile(data && typeof data === "object" ? migrateToCurrent(data as Record<string, unknown>) : data);
      });
      await file.db.read();
      if (foundVersion !== SCHEMA_VERSION) await store.keepMigrated(name, foundVersion, file);
      store.idsByCode.set(file.db.data.code, file.db.data.id);
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
    // Let a write in flight land first, so it cannot recreate the file after the delete.
    await file.commits.drain();
    this.files.delete(id);
    if (this.idsByCode.get(file.db.data.code) === id) this.idsByCode.delete(file.db.data.code);
    const adapter = file.db.adapter as DurableJsonFile<Market>;
    await rm(adapter.file, { force: true });
    await rm(adapter.tempFile, { force: true });
  }

  async close(): Promise<void> {
    await Promise.all([...this.files.values()].map((file) => file.commits.drain()));
  }

  /**
   * Writes a migrated market back at once, after keeping the original beside it (hidden, never
   * overwritten): a migration is never silent and never the only copy.
   */
  private async keepMigrated(name: string, fromVersion: number, file: MarketFile): Promise<void> {
    const original = path.join(this.folder, name);
    const backup = path.join(this.folder, `.${name}.v${fromVersion}.bak`);
    await copyFile(original, backup, constants.COPYFILE_EXCL).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
    await file.commits.request();
    console.log(`Migrated ${original} from schema version ${fromVersion} to ${SCHEMA_VERSION} (the original is kept as ${backup}).`);
  }

  private fileFor(id: string, initial: Market, validate: (data: unknown) => Market = checkMarketFile): MarketFile {
    let file = this.files.get(id);
    if (!file) {
      // Ids are made by the service (nanoid alphabet); refuse anything that could leave the folder.
      if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`Refusing market file name ${JSON.stringify(id)}.`);
      const db = new Low<Market>(new DurableJsonFile(path.join(this.folder, `${id}.json`), validate), initial);
      file = { db, commits: new GroupCommit(() => db.write()) };
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
