// What is on disk for a market, read the way the server reads it at a restart: the data folder is
// copied (so nothing in it is touched, even by a start-up compaction) and opened with the real
// store, which replays each snapshot's journal. Read when the server is not writing (after a kill,
// a stop, or once the change looked for was published): a copy taken during a compaction could
// pair files from before and after it.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Market } from "../../server/market/model.ts";
import { LowdbMarketStore } from "../../server/store/lowdb-store.ts";

export async function marketOnDisk(dataDir: string, id: string): Promise<Market | undefined> {
  const copy = await mkdtemp(path.join(tmpdir(), "onm-on-disk-"));
  await cp(path.join(dataDir, "markets"), path.join(copy, "markets"), { recursive: true });
  const store = await LowdbMarketStore.open(copy);
  return (await store.load(id))?.market;
}

/** Every file of a market in the markets folder (snapshot, journal, temp files, backups), as text. */
export async function everyMarketFile(dataDir: string, id: string): Promise<string> {
  const folder = path.join(dataDir, "markets");
  const names = (await readdir(folder)).filter((name) => name.includes(id));
  return (await Promise.all(names.map((name) => readFile(path.join(folder, name), "utf8")))).join("\n");
}

/** Every file anywhere in the data folder, as text: what a reader of the disk could find. */
export async function everyDataFile(dataDir: string): Promise<string> {
  const entries = await readdir(dataDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  return (await Promise.all(files.map((file) => readFile(file, "utf8")))).join("\n");
}

/**
 * Changes a market on disk while no server runs on the folder, as an operator would: what the
 * server would read (snapshot and journal) is edited and written back as a snapshot alone.
 */
export async function editMarketOnDisk(dataDir: string, id: string, edit: (market: Market) => void): Promise<void> {
  const market = await marketOnDisk(dataDir, id);
  if (!market) throw new Error(`No market ${id} in ${dataDir}.`);
  edit(market);
  const folder = path.join(dataDir, "markets");
  await writeFile(path.join(folder, `${id}.json`), JSON.stringify(market));
  await rm(path.join(folder, `${id}.journal`), { force: true });
}
