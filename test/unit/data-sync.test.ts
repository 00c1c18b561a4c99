// The journal's fdatasync blocks the event loop only on a disk where that costs less than a trip
// to the thread pool (server/store/data-sync.ts).
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DataSync, INLINE_SYNC_BELOW_MS } from "../../server/store/data-sync.ts";

/** A disk whose syncs take `ms()` each, on a clock of its own; it counts where each sync ran. */
function diskTaking(ms: () => number) {
  let now = 0;
  const ran = { inline: 0, offLoop: 0 };
  const sync = new DataSync(
    () => {
      ran.inline++;
      now += ms();
    },
    async () => {
      ran.offLoop++;
      now += ms();
    },
    () => now,
  );
  return { sync, ran };
}

describe("the journal's fdatasync", () => {
  it("blocks the event loop on a fast disk: a sync of 0.15 ms costs less than the trip to the thread pool", async () => {
    const { sync, ran } = diskTaking(() => 0.15);
    for (let i = 0; i < 50; i++) await sync.sync(0);
    expect(ran).toEqual({ inline: 50, offLoop: 0 });
  });

  it("moves off the event loop after a few slow syncs, and comes back once the disk is fast again", async () => {
    let ms = 8;
    const { sync, ran } = diskTaking(() => ms);
    await sync.sync(0);
    await sync.sync(0);
    // One slow sync (8 ms) moves the average past the limit: the next ones leave the loop free.
    expect(ran.inline).toBe(1);
    for (let i = 0; i < 20; i++) await sync.sync(0);
    expect(ran.inline).toBe(1);
    expect(sync.inline).toBe(false);
    ms = 0.3;
    for (let i = 0; i < 20; i++) await sync.sync(0);
    expect(sync.inline).toBe(true);
    expect(ran.inline).toBeGreaterThan(10);
    expect(INLINE_SYNC_BELOW_MS).toBeGreaterThan(0.3);
  });

  it("syncs a real file either way", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "data-sync-"));
    try {
      const file = path.join(folder, "journal");
      const fd = openSync(file, "w");
      // A clock on which every sync seems to take 50 ms: the first blocks, the second goes off the loop.
      let now = 0;
      const sync = new DataSync(undefined, undefined, () => (now += 50));
      writeSync(fd, "first\n");
      expect(sync.inline).toBe(true);
      await sync.sync(fd);
      writeSync(fd, "second\n");
      expect(sync.inline).toBe(false);
      await sync.sync(fd);
      closeSync(fd);
      expect(readFileSync(file, "utf8")).toBe("first\nsecond\n");
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
