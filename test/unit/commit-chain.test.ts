// What a change hands the store (docs/decisions/017-changes-said-not-found.md): what the command
// said it changed, whatever the market's size; the whole market when it said nothing; and under
// the tests a command that forgets to say what it changed is refused, leaving nothing behind.
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../server/market/limits.ts";
import { MarketRegistry } from "../../server/market/market-registry.ts";
import { MarketService } from "../../server/market/service.ts";
import { LowdbMarketStore } from "../../server/store/lowdb-store.ts";

async function marketWithPosts(posts: number) {
  const dir = await mkdtemp(path.join(tmpdir(), "onm-chain-"));
  const store = await LowdbMarketStore.open(dir);
  const service = new MarketService(store, { limits: { ...DEFAULT_LIMITS, postsPerMinutePerParticipant: 100_000 } });
  const { market } = await service.createMarket({ title: "Chain" });
  const { token } = await service.joinMarket(market.code, { name: "Ana", contact: "ana@example.org" });
  await service.changePhase(market.code, { role: "host" }, { phase: "sharing" });
  const ana = await service.authenticate(market.code, token);
  for (let i = 0; i < posts; i++) await service.createPost(market.code, ana, { kind: i % 2 ? "need" : "offer", text: `Card ${i}` });
  const journal = path.join(dir, "markets", `${market.id}.journal`);
  const snapshot = path.join(dir, "markets", `${market.id}.json`);
  return { dir, store, service, market, ana, journal, snapshot };
}

const lastLine = async (file: string) => JSON.parse((await readFile(file, "utf8")).trim().split("\n").at(-1)!);

describe("a change handed to the store", () => {
  it("is one journal line with the post and the seq alone, as small in a market of 300 posts as in one of 3", { timeout: 60_000 }, async () => {
    const lines: number[] = [];
    for (const size of [3, 300]) {
      const { service, market, ana, journal } = await marketWithPosts(size);
      const { post } = await service.createPost(market.code, ana, { kind: "offer", text: "Bike repairs on Saturdays" });
      const line = await lastLine(journal);
      expect(Object.keys(line).sort()).toEqual(["n", "put", "set"]);
      expect(line.set).toEqual({ seq: (await service.locate(market.code)).seq });
      expect(line.put).toEqual({ posts: [expect.objectContaining({ id: post.id, text: "Bike repairs on Saturdays" })] });
      lines.push(JSON.stringify(line).length);
    }
    // Only the numbers in it (the line's n, the seq) have more digits.
    expect(Math.abs(lines[1]! - lines[0]!)).toBeLessThan(10);
  });

  it("is the whole market, written as a fresh snapshot, when the command did not say what it changed", async () => {
    const { store, market, journal, snapshot } = await marketWithPosts(3);
    const registry = new MarketRegistry(store, () => new Date());
    await registry.change(market.code, ({ market: live, durableBeforeAnswer }) => {
      live.title = "Renamed";
      live.posts[0]!.text = "Changed in place, unsaid";
      durableBeforeAnswer();
    });
    await expect(stat(journal)).rejects.toThrow(); // compacted: no journal left
    const written = JSON.parse(await readFile(snapshot, "utf8"));
    expect(written.title).toBe("Renamed");
    expect(written.posts[0].text).toBe("Changed in place, unsaid");
  });

  it("is refused under the tests when the command forgot part of what it changed, and nothing of it stays", async () => {
    const { store, market } = await marketWithPosts(3);
    const registry = new MarketRegistry(store, () => new Date());
    const change = registry.change(market.code, ({ market: live, declare, durableBeforeAnswer }) => {
      live.posts[1]!.text = "Edited, and not said";
      declare.nothing();
      durableBeforeAnswer();
    });
    await expect(change).rejects.toThrow(/misses what the command changed in posts/);
    const again = await registry.read(market.code, (loaded) => loaded.market.posts[1]!.text);
    expect(again).toBe("Card 1");
    expect((await store.load(market.id))!.market.posts[1]!.text).toBe("Card 1");
  });

  it("refuses, under the checks, a command that answers without writing what it changed; the next change still carries it, as the whole market", async () => {
    const { dir, store, market } = await marketWithPosts(3);
    const registry = new MarketRegistry(store, () => new Date());
    await expect(
      registry.change(market.code, ({ market: live }) => {
        live.posts[2]!.text = "Changed, not written yet";
      }),
    ).rejects.toThrow(/answered without writing what it changed in posts/);
    await registry.change(market.code, ({ market: live, declare, emit }) => {
      live.title = "Then a said change";
      emit("phase:changed", { phase: live.phase });
      declare.nothing();
    });
    const reopened = await LowdbMarketStore.open(dir);
    const stored = (await reopened.load(market.id))!.market;
    expect(stored.posts[2]!.text).toBe("Changed, not written yet");
    expect(stored.title).toBe("Then a said change");
  });
});
