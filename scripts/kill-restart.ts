// The longer run of the kill-restart test: `npm run reliability:kill -- 30` (cycles, default 30).
// On the lowdb files by default; on PostgreSQL with DATABASE_URL (a database of yours: the run
// adds one market to it) or with `--postgres` (a throwaway cluster, test/support/postgres.ts).
// Prints one line per cycle and the figures; exits non-zero if anything acknowledged was lost.
import { runKillRestartCycles } from "../test/support/kill-restart.ts";
import { startPostgres, type TestPostgres } from "../test/support/postgres.ts";

const args = process.argv.slice(2);
const cycles = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 30);
const seed = process.env.KILL_SEED ? Number(process.env.KILL_SEED) : undefined;
let cluster: TestPostgres | undefined;
if (args.includes("--postgres") && !process.env.DATABASE_URL) {
  cluster = await startPostgres();
  process.env.DATABASE_URL = await cluster.newDatabase();
}
console.log(process.env.DATABASE_URL ? `store: PostgreSQL (${cluster ? "a throwaway cluster" : "DATABASE_URL"})` : "store: lowdb files");
const storeEnv = ["JOURNAL_COMPACT_RECORDS", "JOURNAL_COMPACT_BYTES", "STORE_STEP_DELAY_MS"].filter((name) => process.env[name]);
if (storeEnv.length) console.log(`store: ${storeEnv.map((name) => `${name}=${process.env[name]}`).join(" ")}`);
const started = Date.now();
const figures = await runKillRestartCycles({ cycles, seed, log: (line) => console.log(`${((Date.now() - started) / 1000).toFixed(1)} s  ${line}`) }).finally(() => cluster?.stop());
console.log(JSON.stringify(figures, null, 2));
const ok = figures.lost === 0 && figures.duplicates === 0 && figures.unreadableFiles === 0 && figures.found === figures.acknowledged;
console.log(ok ? "OK: nothing acknowledged was lost or duplicated." : "FAILED: see the figures above.");
process.exit(ok ? 0 : 1);
