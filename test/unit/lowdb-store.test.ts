// The embedded store: durable, restartable, group-committed, and loud about damaged files.
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../server/market/limits.ts";
import { MarketService } from "../../server/market/service.ts";
import { DataFileError } from "../../server/store/durable-json-file.ts";
import { GroupCommit } from "../../server/store/group-commit.ts";
import { LowdbMarketStore } from "../../server/store/lowdb-store.ts";

const newDir = () => mkdtemp(path.join(tmpdir(), "onm-store-"));

describe("lowdb market store", () => {
  it("keeps every acknowledged change across a restart", async () => {
    const dir = await newDir();
    // 50 posts from one person at once: lift the per-person posting limit for this test.
    const first = new MarketService(await LowdbMarketStore.open(dir), { limits: { ...DEFAULT_LIMITS, postsPerMinutePerParticipant: 1000 } });
    const { market, hostKey } = await first.createMarket({ title: "Kept" });
    const { token } = await first.joinMarket(market.code, { name: "Ana", contact: "ana@example.org" });
    await first.changePhase(market.code, { role: "host" }, { phase: "sharing" });
    const actor = await first.authenticate(market.code, token);
    await Promise.all(Array.from({ length: 50 }, (_, i) => first.createPost(market.code, actor, { kind: "offer", text: `Offer ${i}` })));

    const second = new MarketService(await LowdbMarketStore.open(dir));
    const summary = await second.summary(market.code);
    expect(summary.counts.offers).toBe(50);
    expect(summary.phase).toBe("sharing");
    expect(await second.authenticate(market.code, hostKey)).toEqual({ role: "host" });
    expect(await second.authenticate(market.code, token)).toEqual(actor);
    const file = JSON.parse(await readFile(path.join(dir, "markets", `${market.id}.json`), "utf8"));
    expect(file.seq).toBe(52);
    // Only hashes of secrets are stored.
    expect(JSON.stringify(file)).not.toContain(hostKey);
    expect(JSON.stringify(file)).not.toContain(token);
  });

  it("commits changes that arrive together in one write", async () => {
    let writes = 0;
    const commits = new GroupCommit(async () => {
      writes++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    await Promise.all(Array.from({ length: 500 }, () => commits.request()));
    expect(writes).toBeLessThanOrEqual(2);
  });

  it("refuses to start on a damaged data file, names it, and leaves it untouched", async () => {
    const dir = await newDir();
    const store = await LowdbMarketStore.open(dir);
    const service = new MarketService(store);
    const { market } = await service.createMarket({ title: "Will break" });
    const file = path.join(dir, "markets", `${market.id}.json`);
    const damaged = (await readFile(file, "utf8")).slice(0, 40);
    await writeFile(file, damaged);
    const error = await LowdbMarketStore.open(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as Error).message).toContain(file);
    expect(await readFile(file, "utf8")).toBe(damaged);
    expect((await readdir(path.join(dir, "markets"))).filter((n) => !n.startsWith("."))).toEqual([`${market.id}.json`]);
  });
});
