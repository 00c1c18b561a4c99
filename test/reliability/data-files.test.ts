// A damaged data file stops the real server entry with a message that names the file and what to
// do, and the file is left byte for byte as it was. Older schema versions are migrated forward.
import { appendFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { call, hostStartsMarket, phoneJoins, post, setPhase } from "../support/market-api.ts";
import { startExpectingFailure, startServer, tempDataDir } from "../support/server.ts";
import { migrateToCurrent, MIGRATIONS } from "../../server/store/migrations.ts";
import { SCHEMA_VERSION } from "../../server/market/model.ts";

/** A data folder holding one real market (made by the real server) with one post. */
async function folderWithOneMarket() {
  const server = await startServer();
  const market = await hostStartsMarket(server.origin, "Damage test");
  const ana = await phoneJoins(server.origin, market.code, "Ana");
  await setPhase(server.origin, market, "sharing");
  await post(server.origin, market.code, ana, "offer", "Bread on Fridays");
  await server.stop();
  const file = path.join(server.dataDir, "markets", `${market.id}.json`);
  return { dataDir: server.dataDir, file, market, ana, text: await readFile(file, "utf8") };
}

describe("a damaged data file", () => {
  const damages: Array<[string, (text: string) => string, RegExp]> = [
    ["cut short", (text) => text.slice(0, Math.floor(text.length / 2)), /not valid JSON/],
    ["empty", () => "", /not valid JSON/],
    ["not JSON at all", () => "<html>oops</html>", /not valid JSON/],
    ["of the wrong shape", (text) => JSON.stringify({ ...JSON.parse(text), posts: "none" }), /does not hold a market.*posts/],
    ["from a newer version", (text) => JSON.stringify({ ...JSON.parse(text), schemaVersion: SCHEMA_VERSION + 1 }), /newer version.*Update the server/],
  ];

  it.each(damages)("%s stops the server, names the file and says what to do; the file is untouched", { timeout: 60_000 }, async (_name, damage, problem) => {
    const { dataDir, file, text } = await folderWithOneMarket();
    const damaged = damage(text);
    await writeFile(file, damaged);
    await expectRefusedStart(dataDir, file, problem);
    expect(await readFile(file, "utf8")).toBe(damaged);
    expect((await readdir(path.dirname(file))).filter((name) => !name.startsWith("."))).toHaveLength(1);
  });
});

/** The server refuses to start on a damaged file: exit 1, naming the file, the problem and what to do. */
async function expectRefusedStart(dataDir: string, file: string, problem: RegExp): Promise<void> {
  const { code, output } = await startExpectingFailure(dataDir);
  expect(code).toBe(1);
  expect(output).toContain(`Could not start: The data file ${file}`);
  expect(output).toMatch(problem);
  expect(output).toMatch(/left untouched\. Restore it from a backup, or move it out of the data folder/);
}

/** A data folder where the server was killed (SIGKILL) after three posts: snapshot plus journal. */
async function folderWithAJournal() {
  const server = await startServer();
  const market = await hostStartsMarket(server.origin, "Journal test");
  const ana = await phoneJoins(server.origin, market.code, "Ana");
  await setPhase(server.origin, market, "sharing");
  for (const text of ["Bread on Fridays", "A ladder", "Help with taxes"]) await post(server.origin, market.code, ana, "offer", text);
  await server.kill();
  const folder = path.join(server.dataDir, "markets");
  const snapshot = path.join(folder, `${market.id}.json`);
  const journal = path.join(folder, `${market.id}.journal`);
  return { dataDir: server.dataDir, snapshot, journal, market, ana, snapshotText: await readFile(snapshot, "utf8"), journalText: await readFile(journal, "utf8") };
}

describe("a market's journal", () => {
  it("with a torn last line (killed mid-append) starts, without that line, and with every acknowledged post", { timeout: 60_000 }, async () => {
    const { dataDir, market, ana, journal } = await folderWithAJournal();
    await appendFile(journal, '{"n":9,"set":{"seq":9},"put":{"posts":[{"id":"x","text":"Never acknow');
    const server = await startServer({ dataDir });
    const posts = await call(server.origin, "GET", `/api/markets/${market.code}/posts`, { token: ana.token });
    expect(posts.body.posts.map((p: { text: string }) => p.text).sort()).toEqual(["A ladder", "Bread on Fridays", "Help with taxes"]);
    await server.stop();
  });

  const damages: Array<[string, (text: string) => string, RegExp]> = [
    ["a damaged line in the middle", (text) => text.split("\n").map((line, i) => (i === 2 ? line.slice(0, 15) : line)).join("\n"), /has a damaged line 3/],
    ["a header naming another snapshot", (text) => text.replace(/"base":"[0-9a-f]+"/, `"base":"${"0".repeat(64)}"`), /does not belong to .*\.json beside it/],
  ];

  it.each(damages)("with %s stops the server, names the journal and leaves both files untouched", { timeout: 60_000 }, async (_name, damage, problem) => {
    const { dataDir, snapshot, journal, snapshotText, journalText } = await folderWithAJournal();
    const damaged = damage(journalText);
    expect(damaged).not.toBe(journalText);
    await writeFile(journal, damaged);
    await expectRefusedStart(dataDir, journal, problem);
    expect(await readFile(journal, "utf8")).toBe(damaged);
    expect(await readFile(snapshot, "utf8")).toBe(snapshotText);
  });
});

describe("schema migrations", () => {
  it("has one step from each version below the current one", () => {
    for (let version = 0; version < SCHEMA_VERSION; version++) expect(MIGRATIONS.filter((m) => m.from === version)).toHaveLength(1);
  });

  it("lifts a fabricated version-0 file (no schemaVersion, no seq) and the server serves it, keeping the original", { timeout: 60_000 }, async () => {
    const { file, market, ana, text } = await folderWithOneMarket();
    const { schemaVersion: _v, seq: _s, ...v0 } = JSON.parse(text);
    expect(migrateToCurrent(v0)).toMatchObject({ schemaVersion: SCHEMA_VERSION, seq: 0 });

    const dataDir = await tempDataDir();
    await mkdir(path.join(dataDir, "markets"));
    const oldFile = path.join(dataDir, "markets", path.basename(file));
    const oldText = JSON.stringify(v0);
    await writeFile(oldFile, oldText);

    const server = await startServer({ dataDir });
    expect(server.output()).toMatch(/Migrated .* from schema version 0 to 1/);
    const posts = await call(server.origin, "GET", `/api/markets/${market.code}/posts`, { token: ana.token });
    expect(posts.body.posts.map((p: { text: string }) => p.text)).toEqual(["Bread on Fridays"]);
    await post(server.origin, market.code, ana, "need", "A lift home");
    await server.stop();

    const migrated = JSON.parse(await readFile(oldFile, "utf8"));
    expect(migrated).toMatchObject({ schemaVersion: SCHEMA_VERSION, seq: 1 });
    expect(migrated.posts).toHaveLength(2);
    expect(await readFile(path.join(dataDir, "markets", `.${path.basename(file)}.v0.bak`), "utf8")).toBe(oldText);
  });
});
