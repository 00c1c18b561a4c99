// A process that writes a market through the real store and kills itself with SIGKILL at one step
// of a write (between two system calls), for test/unit/journal-store.test.ts.
//   node --import tsx test/support/store-crash-child.ts <dataDir> <step>#<nth> <scenario>
// scenario "market": creates a market and changes it one commit at a time (compaction every
//   3 records, a removal that compacts), printing `trying <json>` before each commit and
//   `acked <json>` once it resolved.
// scenario "open": only opens the folder (start-up replays and compacts a journal left behind).
import { TrackedStore } from "./tracked-store.ts";
import { SCHEMA_VERSION, type Market } from "../../server/market/model.ts";

const [dataDir, target, scenario] = process.argv.slice(2) as [string, string, string];
const [stepName, nth] = target.split("#") as [string, string];
let seen = 0;
const store = await TrackedStore.open(dataDir, {
  compactAfterRecords: 3,
  onStep: (step) => {
    if (step === stepName && ++seen === Number(nth)) process.kill(process.pid, "SIGKILL");
  },
});

if (scenario === "market") {
  const market: Market = {
    schemaVersion: SCHEMA_VERSION,
    id: "crashmarket",
    code: "CRASH2",
    title: "Crash",
    hostKeyHash: "hash",
    phase: "sharing",
    createdAt: "2026-01-01T00:00:00.000Z",
    seq: 0,
    participants: [{ id: "p1", name: "Ana", contact: "ana@example.org", shareContactWithHost: false, tokenHash: "t", joinedAt: "2026-01-01T00:00:00.000Z" }],
    posts: [],
    connections: [],
  };
  const step = async (change: () => void) => {
    change();
    market.seq += 1;
    console.log(`trying ${JSON.stringify(market)}`);
    await store.commit(market);
    console.log(`acked ${JSON.stringify(market)}`);
  };
  console.log(`trying ${JSON.stringify(market)}`);
  await store.create(market);
  console.log(`acked ${JSON.stringify(market)}`);
  for (let i = 1; i <= 9; i++) {
    await step(() => {
      market.posts.push({ id: `post${i}`, kind: i % 2 ? "offer" : "need", text: `Post ${i}`, tags: [], participantId: "p1", createdAt: "2026-01-01T00:00:00.000Z" });
      if (i === 2) market.posts[0]!.text = "Post 1, edited";
      if (i === 6) market.posts.splice(1, 1); // a removal: compacts
    });
  }
}
console.log("done");
process.exit(0);
