// Kill-restart cycles: phones post in a burst, the server process is killed with SIGKILL at a
// random moment, restarted on the same data folder, and every post whose acknowledgement reached
// a phone must be there exactly once. Posts sent but not acknowledged are resent with their
// client ids, as the phone's outbox does, and must not duplicate either. On the store under test
// (test-store.ts) or the database of DATABASE_URL: on lowdb the files are read back after each
// kill, on PostgreSQL the market's rows.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { call, hostStartsMarket, phoneJoins, setPhase, type Phone } from "./market-api.ts";
import { startServer, tempDataDir, type TestServer } from "./server.ts";
import { seededRandom } from "./seeded-random.ts";
import { marketAsStored, type StoreKind } from "./test-store.ts";

export interface KillRestartFigures {
  /** The store the server ran on. */
  store: StoreKind;
  seed: number;
  cycles: number;
  /** Distinct posts whose 200/201 answer reached a phone (on the first send or a resend). */
  acknowledged: number;
  /** Acknowledged posts found after the last restart. */
  found: number;
  /** Posts that were in flight when the server was killed, resent after the restart. */
  resent: number;
  /** Client ids stored more than once (must be 0). */
  duplicates: number;
  /** Acknowledged posts missing after a restart (must be 0). */
  lost: number;
  /** Kills after which what was stored did not read back: a snapshot that is not JSON, a market the store refuses to open, no market (must be 0). */
  unreadableFiles: number;
  /** Kills that left a journal beside its snapshot (the store replays it at the restart; lowdb only). */
  journalsLeft: number;
  /** Kills that landed inside a compaction, after it sealed the journal (see docs/decisions/006; lowdb only). */
  insideCompaction: number;
}

export interface KillRestartOptions {
  cycles: number;
  phones?: number;
  postsPerCycle?: number;
  concurrency?: number;
  seed?: number;
  /** More environment for the server, e.g. JOURNAL_COMPACT_RECORDS to compact all the time. */
  env?: Record<string, string>;
  log?: (line: string) => void;
}

/** Limits high enough that only durability is under test. */
const NO_LIMITS = {
  LIMIT_POSTS_PER_MINUTE: "1000000",
  MAX_POSTS_PER_MARKET: "1000000",
};

export async function runKillRestartCycles(options: KillRestartOptions): Promise<KillRestartFigures> {
  const { cycles, phones: phoneCount = 8, postsPerCycle = 120, concurrency = 12, log = () => {} } = options;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = seededRandom(seed);
  const dataDir = await tempDataDir();
  const env = { ...NO_LIMITS, ...options.env };
  let server: TestServer = await startServer({ dataDir, env });
  const store: StoreKind = server.databaseUrl ? "postgres" : "lowdb";

  const market = await hostStartsMarket(server.origin, "Kill test");
  const phones: Phone[] = [];
  for (let i = 0; i < phoneCount; i++) phones.push(await phoneJoins(server.origin, market.code, `Phone ${i}`));
  await setPhase(server.origin, market, "sharing");

  const acknowledged = new Map<string, string>(); // clientId -> post id from the answer
  const unacknowledged = new Map<string, { phone: Phone; kind: "offer" | "need" }>();
  const figures: KillRestartFigures = { store, seed, cycles, acknowledged: 0, found: 0, resent: 0, duplicates: 0, lost: 0, unreadableFiles: 0, journalsLeft: 0, insideCompaction: 0 };
  let counter = 0;

  const send = async (origin: string, clientId: string, phone: Phone, kind: "offer" | "need") => {
    const answer = await call(origin, "POST", `/api/markets/${market.code}/posts`, {
      token: phone.token,
      body: { kind, text: `Post ${clientId}`, clientId },
    });
    if (answer.status !== 201 && answer.status !== 200) throw new Error(`post refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    const earlier = acknowledged.get(clientId);
    if (earlier && earlier !== answer.body.post.id) throw new Error(`resend of ${clientId} answered with another post`);
    acknowledged.set(clientId, answer.body.post.id);
    figures.acknowledged++;
  };

  for (let cycle = 1; cycle <= cycles; cycle++) {
    const killAfter = 1 + Math.floor(random() * postsPerCycle * 0.8);
    let acksThisCycle = 0;
    let killing: Promise<void> | undefined;
    const origin = server.origin;
    const victim = server;
    let next = 0;
    const worker = async () => {
      while (next < postsPerCycle && !killing) {
        next++;
        const clientId = `c${cycle}-${++counter}`;
        const phone = phones[Math.floor(random() * phones.length)]!;
        const kind = random() < 0.5 ? "offer" : "need";
        unacknowledged.set(clientId, { phone, kind });
        try {
          await send(origin, clientId, phone, kind);
          unacknowledged.delete(clientId);
        } catch (error) {
          if (!killing) throw error;
          return; // the server is gone: this post stays in the outbox
        }
        // Half the kills land at once (many posts in flight, resent after the restart), half
        // 0-15 ms later, anywhere in the writes still under way (inside a compaction, say).
        if (++acksThisCycle === killAfter) {
          const pause = random() < 0.5 ? 0 : random() * 15;
          killing = new Promise((resolve) => setTimeout(resolve, pause)).then(() => victim.kill());
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    await (killing ?? victim.kill());

    try {
      if (store === "lowdb") await readFilesBack(dataDir, figures);
      // Read as the server will at the restart (lowdb: snapshot and journal together, on a copy).
      if (!(await marketAsStored(victim, market.id))) throw new Error("the market is gone");
    } catch (error) {
      figures.unreadableFiles++;
      log(`cycle ${cycle}: the data files do not read back: ${(error as Error).message}`);
    }

    server = await startServer({ dataDir, env });
    const stored = await storedCounts(server.origin, market.code, phones[0]!);
    const missing = [...acknowledged.keys()].filter((id) => !stored.has(id));
    figures.lost += missing.length;
    // The phones' outboxes resend what never got an answer, with the same client ids.
    const outbox = [...unacknowledged];
    for (const [clientId, { phone, kind }] of outbox) {
      await send(server.origin, clientId, phone, kind);
      unacknowledged.delete(clientId);
      figures.resent++;
    }
    log(`cycle ${cycle}: killed after ${acksThisCycle} acknowledgements, ${outbox.length} resent, ${missing.length} missing`);
  }

  const stored = await storedCounts(server.origin, market.code, phones[0]!);
  figures.acknowledged = acknowledged.size;
  figures.found = [...acknowledged.keys()].filter((id) => stored.has(id)).length;
  figures.duplicates = [...stored.values()].filter((n) => n > 1).length;
  // What was stored itself (lowdb: snapshot and journal; PostgreSQL: the rows), read the way the server reads it.
  const kept = (await marketAsStored(server, market.id))!;
  const inStore = new Map<string, number>();
  for (const p of kept.posts) if (p.clientId) inStore.set(p.clientId, (inStore.get(p.clientId) ?? 0) + 1);
  figures.duplicates += [...inStore.values()].filter((n) => n > 1).length;
  await server.stop();
  if (store === "lowdb") {
    // A graceful stop compacts: the snapshot alone, read as plain JSON, holds every post once.
    const snapshot = JSON.parse(await readFile(path.join(dataDir, "markets", `${market.id}.json`), "utf8")) as { posts: Array<{ clientId?: string }> };
    const inSnapshot = new Set(snapshot.posts.map((p) => p.clientId));
    if (inSnapshot.size !== snapshot.posts.length) figures.duplicates++;
    figures.lost += [...acknowledged.keys()].filter((id) => !inSnapshot.has(id)).length;
  } else figures.lost += [...acknowledged.keys()].filter((id) => !inStore.has(id)).length;
  return figures;
}

/** After a kill on lowdb: counts a journal left and a kill inside a compaction; throws when a snapshot is not JSON. */
async function readFilesBack(dataDir: string, figures: KillRestartFigures): Promise<void> {
  const names = await readdir(path.join(dataDir, "markets"));
  const journals = names.filter((name) => name.endsWith(".journal") && !name.startsWith("."));
  if (journals.length) figures.journalsLeft++;
  for (const name of journals) {
    if ((await readFile(path.join(dataDir, "markets", name), "utf8")).includes('"sealed"')) figures.insideCompaction++;
  }
  for (const name of names) {
    if (name.endsWith(".json") && !name.startsWith(".")) JSON.parse(await readFile(path.join(dataDir, "markets", name), "utf8"));
  }
}

/** How many times each client id's post is stored, as the API lists them. */
async function storedCounts(origin: string, code: string, phone: Phone): Promise<Map<string, number>> {
  const answer = await call(origin, "GET", `/api/markets/${code}/posts`, { token: phone.token });
  const counts = new Map<string, number>();
  for (const post of answer.body.posts as Array<{ text: string }>) {
    const clientId = post.text.replace(/^Post /, "");
    counts.set(clientId, (counts.get(clientId) ?? 0) + 1);
  }
  return counts;
}

