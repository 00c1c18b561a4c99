// The longer run of the kill-restart test: `npm run reliability:kill -- 30` (cycles, default 30).
// Prints one line per cycle and the figures; exits non-zero if anything acknowledged was lost.
import { runKillRestartCycles } from "../test/support/kill-restart.ts";

const cycles = Number(process.argv[2] ?? 30);
const seed = process.env.KILL_SEED ? Number(process.env.KILL_SEED) : undefined;
const storeEnv = ["JOURNAL_COMPACT_RECORDS", "JOURNAL_COMPACT_BYTES", "STORE_STEP_DELAY_MS"].filter((name) => process.env[name]);
if (storeEnv.length) console.log(`store: ${storeEnv.map((name) => `${name}=${process.env[name]}`).join(" ")}`);
const figures = await runKillRestartCycles({ cycles, seed, log: (line) => console.log(line) });
console.log(JSON.stringify(figures, null, 2));
const ok = figures.lost === 0 && figures.duplicates === 0 && figures.unreadableFiles === 0 && figures.found === figures.acknowledged;
console.log(ok ? "OK: nothing acknowledged was lost or duplicated." : "FAILED: see the figures above.");
process.exit(ok ? 0 : 1);
