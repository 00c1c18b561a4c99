// The one filter for text from outside (live writes, imports, paper cards): what it strips, what it
// refuses, through the same zod schemas every command uses.
import { describe, expect, it } from "vitest";
import { MarketError } from "../../server/market/errors.ts";
import { createMarketInput, createPostInput, joinInput, parseInput } from "../../server/market/schemas.ts";
import { cleanText, hasVisibleCharacter } from "../../server/market/text-input.ts";

function refusalOf(run: () => unknown): MarketError {
  try {
    run();
  } catch (error) {
    if (error instanceof MarketError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

const BIDI = ["\u061C", "\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"];
const ZERO_WIDTH = ["\u200B", "\u200C", "\u200D", "\u2060", "\u2061", "\u2062", "\u2063", "\u2064", "\uFEFF", "\u180E"];
const CONTROLS = ["\u0000", "\u0007", "\u001B", "\u007F", "\u0085", "\u009B"];

describe("text input", () => {
  it("strips every bidi control, zero-width and control character, in every kind of field", () => {
    for (const bad of [...BIDI, ...ZERO_WIDTH, ...CONTROLS]) {
      expect(cleanText(`Ana${bad} Lopez`), JSON.stringify(bad)).toBe("Ana Lopez");
      expect(parseInput(joinInput, { name: `Ana${bad}`, contact: `a${bad}@x.org` })).toMatchObject({ name: "Ana", contact: "a@x.org" });
      expect(parseInput(createMarketInput, { title: `Spring${bad} market` }).title).toBe("Spring market");
      expect(parseInput(createPostInput, { kind: "offer", text: `Bike${bad} repair`, tags: [`bi${bad}kes`] })).toMatchObject({ text: "Bike repair", tags: ["bikes"] });
    }
  });

  it("keeps one-line fields on one line and post texts' own line breaks", () => {
    expect(parseInput(joinInput, { name: "Ana\nLopez", contact: "a@x.org\r\n=1+1" })).toMatchObject({ name: "Ana Lopez", contact: "a@x.org =1+1" });
    expect(parseInput(createPostInput, { kind: "need", text: "Two things:\r\n- a ladder\u2028- a drill" }).text).toBe("Two things:\n- a ladder\n- a drill");
  });

  it("refuses a name, title or text with no visible character, with its own code", () => {
    for (const invisible of ["\u3164", "\u00AD", "\u200B", "\u3164\u3164 \u00AD", "\u115F", "\uFFA0", "\u2800", "\u0301", "\uFE0F"]) {
      expect(hasVisibleCharacter(invisible), JSON.stringify(invisible)).toBe(false);
      const error = refusalOf(() => parseInput(joinInput, { name: invisible, contact: "a@x.org" }));
      expect(error.fieldRefusals?.name, JSON.stringify(invisible)).toMatchObject({ code: "field_not_visible" });
      expect(refusalOf(() => parseInput(createPostInput, { kind: "offer", text: invisible })).fieldRefusals?.text).toMatchObject({ code: "field_not_visible" });
    }
    for (const visible of ["Ana", "李", "🙂", "👨‍👩‍👧", "é", "-"]) expect(hasVisibleCharacter(visible), visible).toBe(true);
  });
});
