// Which store the service and integration suites run on: the one place that decides it. The
// `lowdb` project of vite.config.ts runs them on the lowdb files (the default), the `postgres`
// project (TEST_STORE=postgres) on one throwaway PostgreSQL cluster started for the whole run
// (test/support/postgres-global-setup.ts), each service or server on a fresh database of its own,
// so tests stay independent and run side by side.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Market } from "../../server/market/model.ts";
import type { MarketStore } from "../../server/market/store-port.ts";
import { LowdbMarketStore } from "../../server/store/lowdb-store.ts";
import { PostgresMarketStore } from "../../server/store/postgres-store.ts";
import { everyDataFile, everyMarketFile, marketOnDisk } from "./market-files.ts";

export type StoreKind = "lowdb" | "postgres";

/** The store of this run: TEST_STORE=postgres, or lowdb. */
export const storeUnderTest: StoreKind = process.env.TEST_STORE === "postgres" ? "postgres" : "lowdb";

/** Set by the postgres project's setup file: the cluster's admin database. */
const ADMIN_URL_VARIABLE = "TEST_POSTGRES_ADMIN_URL";

/** postgres://… of a fresh, empty database in the run's cluster. */
export async function newTestDatabase(): Promise<string> {
  const admin = process.env[ADMIN_URL_VARIABLE];
  if (!admin) throw new Error(`TEST_STORE=postgres needs the cluster of the postgres project: run it with \`npx vitest run --project postgres\` (${ADMIN_URL_VARIABLE} is unset).`);
  const name = `market_${randomUUID().replaceAll("-", "")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A place markets are kept, of the store under test: `open` gives a store on it, as a process
 * (re)started on the same data would. `everythingStored` is what a reader of that place could
 * find, as text (every data file; every row of every table).
 */
export interface StorePlace {
  readonly kind: StoreKind;
  open(): Promise<MarketStore>;
  everythingStored(): Promise<string>;
  /** The lowdb data folder (lowdb only). */
  readonly dataDir?: string;
  /** What a server started on this place needs besides `dataDir` (DATABASE_URL on PostgreSQL). */
  readonly serverEnv: Record<string, string>;
}

/** A fresh place of the store under test (or of `kind`; on PostgreSQL, a database `newDatabase` makes). */
export async function newStorePlace(kind: StoreKind = storeUnderTest, newDatabase: () => Promise<string> = newTestDatabase): Promise<StorePlace> {
  if (kind === "lowdb") {
    const dataDir = await mkdtemp(path.join(tmpdir(), "onm-store-"));
    return { kind: "lowdb", dataDir, serverEnv: {}, open: () => opened(LowdbMarketStore.open(dataDir)), everythingStored: () => everyDataFile(dataDir) };
  }
  const url = await newDatabase();
  return { kind: "postgres", serverEnv: { DATABASE_URL: url }, open: () => opened(PostgresMarketStore.open(url, { poolSize: 4 })), everythingStored: () => everyRow(url) };
}

/** Stores opened since the last `closeOpenedStores` (on PostgreSQL, their connections are the cluster's to count). */
const openStores: MarketStore[] = [];
async function opened(store: Promise<MarketStore>): Promise<MarketStore> {
  openStores.push(await store);
  return openStores.at(-1)!;
}

/** Closes the stores opened so far (the postgres project's setup file calls it after each test). */
export async function closeOpenedStores(): Promise<void> {
  await Promise.allSettled(openStores.splice(0).map((store) => store.close()));
}

/** A store of the store under test on a place of its own, for suites that open one store per test. */
export async function openTestStore(): Promise<MarketStore> {
  return (await newStorePlace()).open();
}

/** Every row of every table of the database, as text: what a reader of the database could find. */
export async function everyRow(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>("SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'");
    const dumps: string[] = [];
    for (const { name } of tables) dumps.push(JSON.stringify((await client.query(`SELECT * FROM ${name}`)).rows));
    return dumps.join("\n");
  } finally {
    await client.end();
  }
}

/** Where a test server (test/support/server.ts) keeps its markets: its data folder, or its database. */
export interface ServerStorage {
  dataDir: string;
  databaseUrl?: string;
}

/** One market as its server stored it, read without disturbing the server (lowdb: from a copy of its files). */
export async function marketAsStored(server: ServerStorage, id: string): Promise<Market | undefined> {
  if (!server.databaseUrl) return marketOnDisk(server.dataDir, id);
  const store = await PostgresMarketStore.open(server.databaseUrl, { poolSize: 1 });
  try {
    return (await store.load(id))?.market;
  } finally {
    await store.close();
  }
}

/** Everything the server stored, as text: every file of its data folder, or every row of its database. */
export function everythingStoredBy(server: ServerStorage): Promise<string> {
  return server.databaseUrl ? everyRow(server.databaseUrl) : everyDataFile(server.dataDir);
}

/** Everything the server stored of one market, as text: its files (any journal, temp file or backup), or its rows. */
export async function everythingStoredOf(server: ServerStorage, id: string): Promise<string> {
  if (!server.databaseUrl) return everyMarketFile(server.dataDir, id);
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    // The market's own row, and the rows of every table that refers to a market.
    const { rows: tables } = await client.query<{ name: string }>(
      "SELECT DISTINCT quote_ident(table_name) AS name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'market_id'",
    );
    const dumps = [JSON.stringify((await client.query("SELECT * FROM markets WHERE id = $1", [id])).rows)];
    for (const { name } of tables) dumps.push(JSON.stringify((await client.query(`SELECT * FROM ${name} WHERE market_id = $1`, [id])).rows));
    return dumps.join("\n");
  } finally {
    await client.end();
  }
}
