// Start-up time and memory with many stored markets (issue 19): a data folder holding 10,000
// closed markets (each a snapshot of 8 people and 12 posts, written here directly), then the real
// server started on it twice: first without a catalog (it reads every market once and writes the
// catalog at its stop), then with one (it reads the catalog alone). The same 10,000 markets on
// PostgreSQL too (a throwaway cluster, test/support/postgres.ts; created through the store, as the
// service creates them), and a server started on that database. Time to "listening" and RSS once
// listening, from /proc. Run alone: `npx tsx bench/stored-markets.ts [--count=10000]`.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { SCHEMA_VERSION, type Market } from "../server/market/model.ts";
import { PostgresMarketStore } from "../server/store/postgres-store.ts";
import { postgresBinaries } from "../test/support/postgres.ts";
import { startDurablePostgres } from "./harness.ts";
import { startServer, tempDataDir } from "../test/support/server.ts";

export interface StoredMarketsFigures {
  markets: number;
  folderMb: number;
  runs: Array<{ start: string; startMs: number; rssMb: number }>;
}

const rssMbOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

function closedMarket(n: number, closedAt: string): Market {
  const id = `stored${String(n).padStart(6, "0")}`;
  const participants = Array.from({ length: 8 }, (_, i) => ({ id: `${id}p${i}`, name: `Person ${i}`, contact: "", shareContactWithHost: false, tokenHash: `h${n}-${i}`, joinedAt: closedAt }));
  const posts = Array.from({ length: 12 }, (_, i) => ({ id: `${id}q${i}`, kind: i % 2 ? "need" : "offer", text: `Post ${i} of market ${n}: bread, bikes and taxes`, tags: ["bread"], participantId: participants[i % 8]!.id, createdAt: closedAt }));
  // The code: 6 characters of the join alphabet, one per market.
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  let code = "";
  for (let k = 0, v = n; k < 6; k++, v = Math.floor(v / alphabet.length)) code += alphabet[v % alphabet.length];
  return { schemaVersion: SCHEMA_VERSION, id, code, title: `Stored market ${n}`, hostKeyHash: "hash", phase: "closed", createdAt: closedAt, closedAt, seq: 30, participants, posts, connections: [] } as unknown as Market;
}

export async function storedMarketsBench(count = 10_000, log: (line: string) => void = console.log): Promise<StoredMarketsFigures> {
  const dataDir = await tempDataDir();
  const folder = path.join(dataDir, "markets");
  await mkdir(folder, { recursive: true });
  const closedAt = new Date().toISOString(); // closed today: the retention sweep keeps them all
  let bytes = 0;
  for (let n = 0; n < count; n++) {
    const text = JSON.stringify(closedMarket(n, closedAt));
    bytes += text.length;
    await writeFile(path.join(folder, `stored${String(n).padStart(6, "0")}.json`), text);
  }
  log(`stored markets: ${count} written (${(bytes / 1e6).toFixed(1)} MB)`);
  const runs: StoredMarketsFigures["runs"] = [];
  const empty = await tempDataDir();
  for (const [start, dir] of [["no markets stored (for reference)", empty], ["without a catalog (reads every market)", dataDir], ["with the catalog", dataDir]] as const) {
    const t0 = performance.now();
    const server = await startServer({ dataDir: dir });
    const startMs = performance.now() - t0;
    runs.push({ start, startMs, rssMb: rssMbOf(server.pid) });
    await server.stop();
  }
  await rm(dataDir, { recursive: true, force: true });
  await rm(empty, { recursive: true, force: true });
  if (await postgresBinaries()) runs.push(...(await onPostgres(count, closedAt, log)));
  else log("stored markets: PostgreSQL is not installed (bash scripts/ensure-postgres.sh): lowdb only");
  return { markets: count, folderMb: bytes / 1e6, runs };
}

/** The same markets in PostgreSQL: a server started on an empty database, then on the one holding them. */
async function onPostgres(count: number, closedAt: string, log: (line: string) => void): Promise<StoredMarketsFigures["runs"]> {
  const cluster = await startDurablePostgres();
  try {
    const [empty, full] = [await cluster.newDatabase(), await cluster.newDatabase()];
    const store = await PostgresMarketStore.open(full);
    const t0 = performance.now();
    let next = 0;
    // As many at once as the store's pool has connections.
    await Promise.all(Array.from({ length: 10 }, async () => {
      while (next < count) await store.create(closedMarket(next++, closedAt));
    }));
    await store.close();
    log(`stored markets: ${count} created in PostgreSQL through the store in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const runs: StoredMarketsFigures["runs"] = [];
    for (const [start, databaseUrl] of [["PostgreSQL, no markets stored (for reference)", empty], [`PostgreSQL, ${count.toLocaleString("en")} markets stored`, full]] as const) {
      const t1 = performance.now();
      const server = await startServer({ env: { DATABASE_URL: databaseUrl } });
      const startMs = performance.now() - t1;
      runs.push({ start, startMs, rssMb: rssMbOf(server.pid) });
      await server.stop();
    }
    return runs;
  } finally {
    await cluster.stop();
  }
}

export function printStoredMarkets(figures: StoredMarketsFigures): void {
  console.log(`\n== Start-up with ${figures.markets.toLocaleString("en")} stored closed markets (${figures.folderMb.toFixed(0)} MB of snapshots), lowdb and PostgreSQL ==`);
  console.table(figures.runs.map((r) => ({ start: r.start, "to listening (ms)": Math.round(r.startMs), "RSS (MB)": Math.round(r.rssMb) })));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv.find((a) => a.startsWith("--count="))?.split("=")[1] ?? 10_000);
  printStoredMarkets(await storedMarketsBench(count));
  process.exit(0);
}
