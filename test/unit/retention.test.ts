// Markets are kept RETENTION_DAYS after closing, then purged: a fake clock over the real store.
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { MarketService } from "../../server/market/service.ts";
import { newStorePlace } from "../support/test-store.ts";

const DAY = 24 * 60 * 60 * 1000;
const host = { role: "host" } as const;

describe("retention", () => {
  it("purges a market RETENTION_DAYS after it closed, and nothing that is open, reopened or younger", async () => {
    const place = await newStorePlace();
    let now = new Date("2025-05-01T10:00:00.000Z");
    let store = await place.open();
    const service = new MarketService(store, { now: () => now });
    const events: string[] = [];
    service.subscribe((_id, event) => events.push(event.type));

    const old = (await service.createMarket({ title: "Closed on day 0" })).market;
    await service.joinMarket(old.code, { name: "Ana", contact: "ana@example.org" });
    await service.changePhase(old.code, host, { phase: "closed" });
    const open = (await service.createMarket({ title: "Still open" })).market;
    const reopened = (await service.createMarket({ title: "Closed, then reopened" })).market;
    await service.changePhase(reopened.code, host, { phase: "closed" });
    await service.changePhase(reopened.code, host, { phase: "connecting" });

    now = new Date(now.getTime() + 10 * DAY);
    const younger = (await service.createMarket({ title: "Closed on day 10" })).market;
    await service.changePhase(younger.code, host, { phase: "closed" });
    const stored = async () => (await store.listings()).map((listing) => listing.id).sort();
    // On lowdb, a market's files go with it too.
    const fileOf = (id: string) => path.join(place.dataDir!, "markets", `${id}.json`);

    // One millisecond short of 30 days: everything stays.
    now = new Date(Date.parse("2025-05-01T10:00:00.000Z") + 30 * DAY - 1);
    expect(await service.purgeExpired(30)).toEqual([]);
    expect(await stored()).toContain(old.id);
    if (place.dataDir) expect(existsSync(fileOf(old.id))).toBe(true);

    now = new Date(Date.parse("2025-05-01T10:00:00.000Z") + 30 * DAY);
    expect(await service.purgeExpired(30)).toEqual([old.code]);
    expect(await stored()).not.toContain(old.id);
    if (place.dataDir) expect(existsSync(fileOf(old.id))).toBe(false);
    expect(events).toContain("market:deleted");
    await expect(service.summary(old.code)).rejects.toMatchObject({ code: "market_not_found" });
    for (const kept of [open, reopened, younger]) expect((await service.summary(kept.code)).title).toBe(kept.title);

    // A restart does not bring it back.
    store = await place.open();
    const restarted = new MarketService(store, { now: () => now });
    await expect(restarted.summary(old.code)).rejects.toMatchObject({ code: "market_not_found" });
    expect(await stored()).toEqual([open.id, reopened.id, younger.id].sort());
    if (place.dataDir) expect((await readdir(path.join(place.dataDir, "markets"))).sort()).toEqual([open.id, reopened.id, younger.id].map((id) => `${id}.json`).sort());

    // Ten days later the younger one goes too.
    now = new Date(now.getTime() + 10 * DAY);
    expect(await restarted.purgeExpired(30)).toEqual([younger.code]);
  });

  it("reads RETENTION_DAYS from the environment: 30 by default, a clear error when it is not a whole number of days", () => {
    const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;
    expect(loadConfig(env({})).retentionDays).toBe(30);
    expect(loadConfig(env({ RETENTION_DAYS: "7" })).retentionDays).toBe(7);
    expect(() => loadConfig(env({ RETENTION_DAYS: "soon" }))).toThrow(/RETENTION_DAYS/);
    expect(() => loadConfig(env({ RETENTION_DAYS: "0" }))).toThrow(/RETENTION_DAYS/);
  });
});
