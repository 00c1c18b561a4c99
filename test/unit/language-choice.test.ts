// Which language a phone gets, and numbers and dates in each language.
import { describe, expect, it } from "vitest";
import { formatFor } from "../../app/lib/i18n.ts";
import { phoneLanguage } from "../../app/lib/language.server.ts";

const request = (headers: Record<string, string>) => new Request("http://x/join/ABCDEF", { headers });

describe("the phone's language", () => {
  it("follows the browser's Accept-Language among the shipped languages", () => {
    expect(phoneLanguage(request({ "Accept-Language": "es-ES,es;q=0.9,en;q=0.8" }))).toBe("es");
    expect(phoneLanguage(request({ "Accept-Language": "de-AT" }))).toBe("de");
    expect(phoneLanguage(request({ "Accept-Language": "fr-CA,fr;q=0.9" }))).toBe("fr");
    expect(phoneLanguage(request({ "Accept-Language": "it-IT,it;q=0.9,de;q=0.5" }))).toBe("de");
  });

  it("falls back to English for an unshipped language, a missing header or nonsense", () => {
    expect(phoneLanguage(request({ "Accept-Language": "ja-JP" }))).toBe("en");
    expect(phoneLanguage(request({}))).toBe("en");
    expect(phoneLanguage(request({ "Accept-Language": ";;;q=x" }))).toBe("en");
  });

  it("prefers the switch's cookie over the browser, and ignores an unknown cookie value", () => {
    expect(phoneLanguage(request({ Cookie: "lang=de", "Accept-Language": "es" }))).toBe("de");
    expect(phoneLanguage(request({ Cookie: "lang=xx", "Accept-Language": "es" }))).toBe("es");
  });
});

describe("numbers and dates", () => {
  it("are written the way each language writes them", () => {
    expect(formatFor("en").number(12345)).toBe("12,345");
    expect(formatFor("de").number(12345)).toBe("12.345");
    expect(formatFor("es").number(12345)).toBe("12.345");
    const day = "2026-11-25T23:30:00Z";
    expect(formatFor("en").date(day)).toBe("25 November 2026");
    expect(formatFor("es").date(day)).toBe("25 de noviembre de 2026");
    expect(formatFor("de").date(day)).toBe("25. November 2026");
    expect(formatFor("fr").date(day)).toBe("25 novembre 2026");
  });
});
