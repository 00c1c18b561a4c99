// The browser scripts run on the phones people bring, old iPhones included: the build targets
// Safari 15 (vite.config.ts), and esbuild lowers syntax for it but adds no missing functions. One
// call to a function Safari 15.0 lacks throws there, and that phone cannot post a card or catch up.
// This reads the built client (`npm test` builds it first) for the ones such code reaches for.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../server/root.ts";

/** Calls Safari 15.0 does not know, with the version that brought them. */
const NEWER_THAN_SAFARI_15 = [
  ["Object.hasOwn(", "15.4"],
  ["structuredClone(", "15.4"],
  [".findLast(", "15.4"],
  [".findLastIndex(", "15.4"],
  [".at(-", "15.4"],
  ["crypto.randomUUID(", "15.4"],
  ["AbortSignal.timeout(", "16"],
  ["AbortSignal.any(", "17.4"],
  [".toSorted(", "16"],
  [".toReversed(", "16"],
  [".toSpliced(", "16"],
  ["Promise.withResolvers(", "17.4"],
  ["Object.groupBy(", "17.4"],
  ["Array.fromAsync(", "16.4"],
] as const;

describe("the phone's scripts on old phones", () => {
  it("call nothing that Safari 15.0 lacks", () => {
    const assets = path.join(ROOT, "build/client/assets");
    const scripts = readdirSync(assets).filter((file) => file.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    const found = scripts.flatMap((file) => {
      const code = readFileSync(path.join(assets, file), "utf8");
      return NEWER_THAN_SAFARI_15.filter(([call]) => code.includes(call)).map(([call, since]) => `${file}: ${call} (Safari ${since})`);
    });
    expect(found).toEqual([]);
  });
});
