// The store's snapshot and journal over a real temp folder: what start-up replays equals what was
// acknowledged, after random changes, torn writes, compactions and SIGKILL at every step of a
// write; anything else damaged stops the start and is left untouched.
import { spawn } from "node:child_process";
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { SCHEMA_VERSION, type Market, type Post } from "../../server/market/model.ts";
import { DataFileError, digestOf } from "../../server/store/durable-json-file.ts";
import type { StoreOptions } from "../../server/store/lowdb-store.ts";
import { TrackedStore } from "../support/tracked-store.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const newDir = () => mkdtemp(path.join(tmpdir(), "onm-journal-"));
const asOnDisk = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));
const filesOf = (dir: string, id: string) => ({
  snapshot: path.join(dir, "markets", `${id}.json`),
  journal: path.join(dir, "markets", `${id}.journal`),
});
const exists = (file: string) => stat(file).then(() => true, () => false);
const journalLines = async (file: string) => (await readFile(file, "utf8")).split("\n").filter(Boolean);

function newMarket(id = "market1"): Market {
  return {
    schemaVersion: SCHEMA_VERSION,
    id,
    code: `C${id.slice(-5).toUpperCase().padStart(5, "X")}`,
    title: "Journal test",
    hostKeyHash: "hash",
    phase: "sharing",
    createdAt: "2026-01-01T00:00:00.000Z",
    seq: 0,
    participants: [],
    posts: [],
    connections: [],
  };
}

function newPost(n: number, participantId = "p0"): Post {
  return { id: `post${n}`, kind: n % 2 ? "offer" : "need", text: `Post number ${n}`, tags: ["t"], participantId, createdAt: "2026-01-01T00:00:00.000Z" };
}

/** What a restart would find: the folder copied (so this store's files stay as they are) and opened. */
async function afterRestart(dir: string, id: string, options?: StoreOptions): Promise<Market | undefined> {
  const copy = await newDir();
  await cp(path.join(dir, "markets"), path.join(copy, "markets"), { recursive: true });
  return (await TrackedStore.open(copy, options)).load(id);
}

/** Every byte of every file in the markets folder, for "is it still anywhere on disk". */
async function everythingOnDisk(dir: string): Promise<string> {
  const folder = path.join(dir, "markets");
  const names = await readdir(folder);
  return (await Promise.all(names.map((name) => readFile(path.join(folder, name), "utf8")))).join("\n");
}

async function marketWithPosts(options: StoreOptions = {}, posts = 5) {
  const dir = await newDir();
  const store = await TrackedStore.open(dir, options);
  const market = newMarket();
  await store.create(market);
  for (let i = 1; i <= posts; i++) {
    market.posts.push(newPost(i));
    market.seq++;
    await store.commit(market);
  }
  return { dir, store, market, ...filesOf(dir, market.id) };
}

// ---- Random changes ---------------------------------------------------------------------------

type Op =
  | { t: "join" | "leave" | "post" | "edit" | "delete" | "accept" | "tag"; n: number; text: string }
  | { t: "connect"; n: number; m: number }
  | { t: "phase"; phase: Market["phase"] }
  | { t: "lock" | "history" | "reverse" | "round" }
  | { t: "commit"; together: number }
  | { t: "restart" };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant("post" as const), n: fc.nat(), text: fc.string({ maxLength: 30 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constantFrom("join" as const, "leave" as const, "edit" as const, "delete" as const, "accept" as const, "tag" as const), n: fc.nat(), text: fc.string({ maxLength: 20 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("connect" as const), n: fc.nat(), m: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("phase" as const), phase: fc.constantFrom("lobby" as const, "sharing" as const, "connecting" as const, "closed" as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constantFrom("lock" as const, "history" as const, "reverse" as const, "round" as const) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant("commit" as const), together: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 1, arbitrary: fc.constant({ t: "restart" as const }) },
);

/** Changes the market in place, the way the service does. */
function change(market: Market, o: Exclude<Op, { t: "commit" } | { t: "restart" }>, counter: { next: number }): void {
  const pick = <T>(list: T[], n: number) => (list.length ? list[n % list.length] : undefined);
  market.seq++;
  switch (o.t) {
    case "join":
      market.participants.push({ id: `p${counter.next++}`, name: o.text || "X", contact: "x@example.org", shareContactWithHost: o.n % 2 === 0, tokenHash: "t", joinedAt: "now" });
      break;
    case "leave": {
      const who = pick(market.participants, o.n);
      if (!who) break;
      market.participants.splice(market.participants.indexOf(who), 1);
      market.posts = market.posts.filter((p) => p.participantId !== who.id);
      for (const c of market.connections) if (c.offerParticipantId === who.id) c.offerText = "";
      break;
    }
    case "post":
      market.posts.push({ ...newPost(counter.next++, pick(market.participants, o.n)?.id ?? "nobody"), text: o.text });
      break;
    case "edit": {
      const post = pick(market.posts, o.n);
      if (post) {
        post.text = o.text;
        post.updatedAt = "later";
      }
      break;
    }
    case "tag":
      pick(market.posts, o.n)?.tags.push(o.text);
      break;
    case "delete": {
      const post = pick(market.posts, o.n);
      if (post) market.posts.splice(market.posts.indexOf(post), 1);
      break;
    }
    case "connect": {
      const offer = pick(market.posts, o.n);
      const need = pick(market.posts, o.m);
      if (offer && need) {
        market.connections.push({
          id: `c${counter.next++}`, offerId: offer.id, needId: need.id, offerParticipantId: offer.participantId, needParticipantId: need.participantId,
          offerText: offer.text, needText: need.text, requestedBy: "host", acceptedBy: [], status: "pending", createdAt: "now", updatedAt: "now",
        });
      }
      break;
    }
    case "accept": {
      const connection = pick(market.connections, o.n);
      if (connection) {
        connection.acceptedBy.push("offer", "need");
        connection.status = "accepted";
      }
      break;
    }
    case "phase":
      market.phase = o.phase;
      if (o.phase === "closed") market.closedAt = "now";
      else delete market.closedAt;
      break;
    case "lock":
      if (market.joiningLocked) delete market.joiningLocked;
      else market.joiningLocked = true;
      break;
    case "history":
      (market.history ??= []).push({ at: "now", action: "lock_joining" });
      break;
    case "reverse":
      market.posts.reverse();
      break;
    case "round":
      market.groups = { size: 4, tables: [{ id: "t1", participantIds: market.participants.map((p) => p.id) }] } as unknown as Market["groups"];
      break;
  }
}

describe("the journal beside the snapshot", () => {
  it("replays to exactly the acknowledged market after random changes, commits and compactions", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 40 }),
        fc.record({ compactAfterRecords: fc.integer({ min: 1, max: 8 }), compactAfterBytes: fc.constantFrom(1, 2_000, 1_000_000) }),
        async (ops, options) => {
          const dir = await newDir();
          const store = await TrackedStore.open(dir, options);
          const market = newMarket();
          const counter = { next: 0 };
          await store.create(market);
          for (const o of ops) {
            if (o.t === "commit") await Promise.all(Array.from({ length: o.together }, () => store.commit(market)));
            else if (o.t === "restart") {
              await store.commit(market);
              expect(asOnDisk(await afterRestart(dir, market.id, options))).toEqual(asOnDisk(market));
            } else change(market, o, counter);
          }
          await store.commit(market);
          expect(asOnDisk(await afterRestart(dir, market.id, options))).toEqual(asOnDisk(market));
          await store.close();
          expect(await exists(filesOf(dir, market.id).journal)).toBe(false);
          expect(asOnDisk(await (await TrackedStore.open(dir)).load(market.id))).toEqual(asOnDisk(market));
        },
      ),
      { numRuns: 30, seed: Number(process.env.JOURNAL_SEED) || undefined },
    );
  });

  it("appends one small record per commit and leaves the snapshot alone", async () => {
    const { store, market, snapshot, journal } = await marketWithPosts({}, 200);
    await store.close(); // the 200 posts are in the snapshot now
    const before = await readFile(snapshot, "utf8");
    expect(before.length).toBeGreaterThan(20_000);
    for (let i = 201; i <= 203; i++) {
      market.posts.push(newPost(i));
      market.seq++;
      await store.commit(market);
    }
    expect(await readFile(snapshot, "utf8")).toBe(before);
    const lines = await journalLines(journal);
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[3]!)).toEqual({ n: 3, set: { seq: 203 }, put: { posts: [newPost(203)] } });
    expect(Buffer.byteLength(lines[3]!)).toBeLessThan(200);
  });

  it("ignores a torn last line (never acknowledged) and starts cleanly from what was acknowledged", async () => {
    const { dir, market, journal, snapshot } = await marketWithPosts();
    await appendFile(journal, '{"n":6,"set":{"seq":6},"put":{"posts":[{"id":"torn","te');
    const store = await TrackedStore.open(dir);
    expect(asOnDisk(await store.load(market.id))).toEqual(asOnDisk(market));
    // Start-up compacted: the torn bytes are gone and the journal with them.
    expect(await exists(journal)).toBe(false);
    expect(JSON.parse(await readFile(snapshot, "utf8")).posts).toHaveLength(5);
    // And the market goes on being written and replayed.
    const reopened = (await store.load(market.id))!;
    reopened.posts.push(newPost(6));
    reopened.seq++;
    await store.commit(reopened);
    expect(asOnDisk(await afterRestart(dir, market.id))).toEqual(asOnDisk(reopened));
  });

  const refusals: Array<[string, (lines: string[], snapshotText: string) => string, RegExp]> = [
    ["a damaged line in the middle", (lines) => [...lines.slice(0, 2), lines[2]!.slice(0, 20), ...lines.slice(3)].join("\n") + "\n", /damaged line 3/],
    ["a damaged last line that is complete (not a torn write)", (lines) => [...lines.slice(0, -1), "{oops"].join("\n") + "\n", /damaged line 6/],
    ["a missing line", (lines) => [...lines.slice(0, 2), ...lines.slice(3)].join("\n") + "\n", /line 3 numbered 3 instead of 2/],
    ["a record of the wrong shape", (lines) => [...lines.slice(0, -1), '{"n":5,"put":{"posts":[{"no":"id"}]}}'].join("\n") + "\n", /damaged line 6 \(not a change record\)/],
    ["a record that does not fit the snapshot", (lines) => [...lines, '{"n":6,"order":{"posts":["nope"]}}'].join("\n") + "\n", /change on line 7 that does not fit/],
    ["a header for another snapshot", (lines) => [JSON.stringify({ ...JSON.parse(lines[0]!), base: digestOf("another") }), ...lines.slice(1)].join("\n") + "\n", /does not belong to .*\.json beside it/],
    ["a header for another market", (lines) => [JSON.stringify({ ...JSON.parse(lines[0]!), market: "other" }), ...lines.slice(1)].join("\n") + "\n", /journal of market "other"/],
    ["no header", (lines) => lines.slice(1).join("\n") + "\n", /journal header/],
    ["a change after a seal", (lines) => [...lines.slice(0, 3), '{"n":3,"sealed":"x"}', '{"n":4,"set":{"seq":9}}'].join("\n") + "\n", /change on line 5 after a compaction began/],
  ];

  it.each(refusals)("refuses to start on %s, names the journal, and touches neither file", async (_name, damage, problem) => {
    const { dir, journal, snapshot } = await marketWithPosts();
    const snapshotText = await readFile(snapshot, "utf8");
    const damaged = damage(await journalLines(journal), snapshotText);
    await writeFile(journal, damaged);
    const error = await TrackedStore.open(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as Error).message).toContain(`The data file ${journal} `);
    expect((error as Error).message).toMatch(problem);
    expect((error as Error).message).toMatch(/It was left untouched\. Restore it from a backup, or move it out of the data folder/);
    expect(await readFile(journal, "utf8")).toBe(damaged);
    expect(await readFile(snapshot, "utf8")).toBe(snapshotText);
    expect((await readdir(path.join(dir, "markets"))).filter((n) => !n.startsWith(".")).sort()).toEqual([path.basename(snapshot), path.basename(journal)].sort());
  });

  it("a damaged snapshot with a journal beside it: the message says to move both", async () => {
    const { dir, journal, snapshot } = await marketWithPosts();
    await writeFile(snapshot, "{cut sh");
    const error = await TrackedStore.open(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as Error).message).toBe(
      `The data file ${snapshot} is not valid JSON (it may have been cut short). It was left untouched. Restore it from a backup, ` +
        `or move it (and ${journal}, which belongs with it) out of the data folder to start without it.`,
    );
  });

  it("refuses a journal with no snapshot beside it", async () => {
    const { dir, journal, snapshot } = await marketWithPosts();
    await rm(snapshot);
    const error = await TrackedStore.open(dir).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`The data file ${journal} has no data file market1.json beside it`);
  });

  it("after a compaction killed before it removed the journal, the new snapshot alone is the market", async () => {
    const { dir, market, journal, snapshot } = await marketWithPosts();
    const old = await readFile(journal, "utf8");
    const lines = old.split("\n").filter(Boolean);
    // What a compaction leaves when killed right after renaming the new snapshot into place.
    const newSnapshot = JSON.stringify(market);
    await writeFile(snapshot, newSnapshot);
    await writeFile(journal, old + JSON.stringify({ n: lines.length, sealed: digestOf(newSnapshot) }) + "\n");
    const store = await TrackedStore.open(dir);
    expect(asOnDisk(await store.load(market.id))).toEqual(asOnDisk(market));
    expect(await exists(journal)).toBe(false);
  });

  it("compacts when the journal reaches its record or byte limit, and every step replays", async () => {
    const dir = await newDir();
    const store = await TrackedStore.open(dir, { compactAfterRecords: 3 });
    const market = newMarket();
    const { journal, snapshot } = filesOf(dir, market.id);
    await store.create(market);
    const seen: number[] = [];
    for (let i = 1; i <= 10; i++) {
      market.posts.push(newPost(i));
      market.seq++;
      await store.commit(market);
      seen.push((await exists(journal)) ? (await journalLines(journal)).length - 1 : 0);
      expect(asOnDisk(await afterRestart(dir, market.id))).toEqual(asOnDisk(market));
    }
    // Records 1, 2, 3, then the fourth commit compacts (no journal) and a new one starts.
    expect(seen).toEqual([1, 2, 3, 0, 1, 2, 3, 0, 1, 2]);
    expect(JSON.parse(await readFile(snapshot, "utf8")).posts).toHaveLength(8);

    // By size: once the journal is larger than the snapshot (and than compactAfterBytes).
    const bySize = await marketWithPosts({ compactAfterBytes: 1 }, 20);
    await bySize.store.close();
    const snapshotBytes = (await stat(bySize.snapshot)).size;
    let journalBytes = 0;
    for (let i = 21; i < 100; i++) {
      bySize.market.posts.push({ ...newPost(i), text: "x".repeat(500) });
      bySize.market.seq++;
      await bySize.store.commit(bySize.market);
      if (!(await exists(bySize.journal))) break;
      journalBytes = (await stat(bySize.journal)).size;
    }
    expect(journalBytes).toBeGreaterThan(snapshotBytes);
    expect(journalBytes).toBeLessThan(snapshotBytes + 700);
    expect(asOnDisk(await afterRestart(bySize.dir, bySize.market.id))).toEqual(asOnDisk(bySize.market));
  });

  it("a removal (a deleted post, a person erasing their data) is compacted at once, so it stays in no file", async () => {
    const { dir, store, market, journal } = await marketWithPosts();
    const secret = "Fix my bike, call 07700 900123";
    market.posts.push({ ...newPost(6), text: secret });
    market.seq++;
    await store.commit(market);
    expect(await everythingOnDisk(dir)).toContain(secret);
    market.posts.pop();
    market.seq++;
    await store.commit(market);
    expect(await exists(journal)).toBe(false);
    expect(await everythingOnDisk(dir)).not.toContain(secret);
    expect(asOnDisk(await afterRestart(dir, market.id))).toEqual(asOnDisk(market));
  });

  it("close compacts every journal; remove deletes snapshot, journal and temp files", async () => {
    const { dir, store, market, journal, snapshot } = await marketWithPosts();
    expect(await exists(journal)).toBe(true);
    await store.close();
    expect(await exists(journal)).toBe(false);
    expect(JSON.parse(await readFile(snapshot, "utf8"))).toEqual(asOnDisk(market));

    market.posts.push(newPost(6));
    market.seq++;
    await store.commit(market);
    const folder = path.join(dir, "markets");
    await writeFile(path.join(folder, `.${market.id}.json.tmp`), "half");
    await writeFile(path.join(folder, `.${market.id}.journal.tmp`), "half");
    expect((await readdir(folder)).length).toBe(4);
    await store.remove(market.id);
    expect(await readdir(folder)).toEqual([]);
    expect(await (await TrackedStore.open(dir)).list()).toEqual([]);
  });

  it("opens a folder written before journals (snapshots only) as before, writing nothing", async () => {
    const dir = await newDir();
    const market = { ...newMarket(), posts: [newPost(1)] };
    await mkdir(path.join(dir, "markets"));
    const { snapshot, journal } = filesOf(dir, market.id);
    await writeFile(snapshot, JSON.stringify(market));
    const before = await stat(snapshot);
    const store = await TrackedStore.open(dir);
    expect(asOnDisk(await store.load(market.id))).toEqual(market);
    expect((await stat(snapshot)).mtimeMs).toBe(before.mtimeMs);
    expect(await readdir(path.join(dir, "markets"))).toEqual([path.basename(snapshot)]);
    const live = (await store.load(market.id))!;
    live.posts.push(newPost(2));
    await store.commit(live);
    expect(await exists(journal)).toBe(true);
    expect(asOnDisk(await afterRestart(dir, market.id))).toEqual(asOnDisk(live));
  });

  it("migrates an old snapshot after replaying its journal, keeps both originals, and compacts", async () => {
    const dir = await newDir();
    await mkdir(path.join(dir, "markets"));
    const { schemaVersion: _v, seq: _s, ...v0 } = { ...newMarket(), posts: [newPost(1)] };
    const { snapshot, journal } = filesOf(dir, v0.id);
    const snapshotText = JSON.stringify(v0);
    const journalText = [
      JSON.stringify({ journal: 1, market: v0.id, base: digestOf(snapshotText) }),
      JSON.stringify({ n: 1, put: { posts: [newPost(2)] } }),
      "",
    ].join("\n");
    await writeFile(snapshot, snapshotText);
    await writeFile(journal, journalText);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const store = await TrackedStore.open(dir);
    expect(log.mock.calls.join("\n")).toMatch(/Migrated .* from schema version 0 to 1/);
    log.mockRestore();
    expect((await store.load(v0.id))!.posts.map((p) => p.id)).toEqual(["post1", "post2"]);
    expect(JSON.parse(await readFile(snapshot, "utf8"))).toMatchObject({ schemaVersion: SCHEMA_VERSION, seq: 0, posts: [newPost(1), newPost(2)] });
    expect(await exists(journal)).toBe(false);
    expect(await readFile(path.join(dir, "markets", `.${v0.id}.json.v0.bak`), "utf8")).toBe(snapshotText);
    expect(await readFile(path.join(dir, "markets", `.${v0.id}.journal.v0.bak`), "utf8")).toBe(journalText);
  });
});

// ---- SIGKILL between two system calls ---------------------------------------------------------

/** Runs test/support/store-crash-child.ts until it kills itself at `target`; returns its output. */
function crashChild(dataDir: string, target: string, scenario: "market" | "open"): Promise<{ output: string; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/store-crash-child.ts", dataDir, target, scenario], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => child.once("exit", (_code, signal) => resolve({ output, signal })));
}

/** The last market the child saw acknowledged, and the one in flight when it died. */
function acknowledged(output: string): { acked?: Market; trying?: Market } {
  const last = (prefix: string) => {
    const line = output.split("\n").filter((l) => l.startsWith(prefix)).at(-1);
    return line ? (JSON.parse(line.slice(prefix.length)) as Market) : undefined;
  };
  return { acked: last("acked "), trying: last("trying ") };
}

// Every step of the scenario's writes (see store-crash-child.ts): the first create, the first
// journal, appends, a compaction by size, one by removal.
const STEPS = [
  "snapshot-temp-written#1",
  "snapshot-replaced#1",
  "journal-temp-written#1",
  "journal-renamed#1",
  "record-written#1",
  "record-written#2",
  "snapshot-temp-written#2",
  "seal-written#1",
  "snapshot-replaced#2",
  "journal-removed#1",
  "journal-renamed#2",
  "seal-written#2",
  "snapshot-replaced#3",
  "journal-removed#2",
  "record-written#4",
];

describe("a process killed between any two system calls of a write", () => {
  it.each(STEPS)("killed at %s: start-up finds every acknowledged change, and nothing half-made", { timeout: 60_000 }, async (target) => {
    const dir = await newDir();
    const { output, signal } = await crashChild(dir, target, "market");
    expect(signal, output).toBe("SIGKILL");
    const { acked, trying } = acknowledged(output);
    const found = asOnDisk(await afterRestart(dir, "crashmarket"));
    // Either what was acknowledged, or the change in flight too (made durable, not yet answered).
    if (!acked) expect([undefined, asOnDisk(trying)]).toContainEqual(found);
    else expect([asOnDisk(acked), asOnDisk(trying)]).toContainEqual(found);

    // A second crash, in the compaction that start-up does: still the same market.
    if (target === "record-written#2" || target === "seal-written#1") {
      for (const again of ["snapshot-temp-written#1", "seal-written#1", "snapshot-replaced#1", "journal-removed#1"]) {
        const copy = await newDir();
        await cp(path.join(dir, "markets"), path.join(copy, "markets"), { recursive: true });
        const second = await crashChild(copy, again, "open");
        expect(second.signal, second.output).toBe("SIGKILL");
        expect(asOnDisk(await afterRestart(copy, "crashmarket"))).toEqual(found);
      }
    }
  });
});
