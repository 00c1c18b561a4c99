// The browser scripts run on the phones people bring, old iPhones included: the build targets
// Safari 15 (vite.config.ts), and esbuild lowers syntax for it but adds no missing functions. One
// call to a function Safari 15.0 lacks throws there, and that phone cannot post a card or catch up.
// This reads the built client (`npm test` builds it first) for the ones such code reaches for, and
// the built stylesheet for CSS :has(), which Safari before 15.4, Chrome before 105 and Firefox
// before 121 (the last on Windows 7 and 8 is 115) do not know: a rule using it must only add a
// touch, never carry what someone needs to see.
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

/** Every rule of the stylesheet that uses :has(), and what a browser without it loses (nothing more). */
const HAS_LOSES_ONLY = new Map([
  [".kind-option:has(input:focus-visible)", "the focus ring of the kind buttons"],
  [".agenda-card:has(.edit-stages-toggle:checked) .stage-tools", "Edit stages without JavaScript (with it, React's .editing shows the tools)"],
  [".moderation-list li:has(details[open])", "a moderation line making room as its editor opens"],
  [".moderation-list li:has(details[open])>.button-row", "the same"],
  [".choice:has(input:checked)", "the coloured border of a chosen answer (its radio button shows the choice)"],
]);

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

  it("show what matters without CSS :has(), each :has() rule on its own", () => {
    const assets = path.join(ROOT, "build/client/assets");
    const css = readdirSync(assets).filter((file) => file.endsWith(".css")).map((file) => readFileSync(path.join(assets, file), "utf8")).join("\n");
    // A selector list with one :has() in it is dropped whole by a browser that does not know it.
    const rules = [...css.matchAll(/([^{}]+)\{/g)].map((match) => match[1]!.trim()).filter((selector) => selector.includes(":has("));
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.filter((selector) => !HAS_LOSES_ONLY.has(selector))).toEqual([]);
  });
});
