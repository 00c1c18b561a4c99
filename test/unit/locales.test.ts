// Every shipped language has every key of English (and no key English lacks), with the plural
// forms its language needs and the same {{placeholders}}: a missing key fails here, not on a phone.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { i18nFor, LANGUAGES } from "../../app/lib/i18n.ts";
// Every language in memory, as on the server.
import "../../app/lib/translations.server.ts";
import { englishRefusal, FIELD_NAMES, REFUSALS, type RefusalCode } from "../../server/market/refusals.ts";

type Tree = { [key: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** A language's texts; English refusals come from the server's catalogue (as in app/lib/i18n.ts). */
function load(language: string): Tree {
  const tree = JSON.parse(readFileSync(new URL(`../../app/locales/${language}.json`, import.meta.url), "utf8")) as Tree;
  return language === "en" ? { ...tree, refusals: { ...REFUSALS }, refusalFields: { ...FIELD_NAMES } } : tree;
}

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]).sort();

/** What is wrong with a translation, compared with English: one line per problem. */
export function problems(reference: Tree, translation: Tree, language: string): string[] {
  const ref = flatten(reference);
  const got = flatten(translation);
  const base = (key: string) => key.replace(PLURAL, "");
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const found: string[] = [];
  const expected = new Set<string>();
  for (const key of ref.keys()) {
    if (PLURAL.test(key)) for (const form of categories) expected.add(`${base(key)}_${form}`);
    else expected.add(key);
  }
  for (const key of expected) if (!got.has(key)) found.push(`${language}: missing ${key}`);
  for (const key of got.keys()) if (!expected.has(key)) found.push(`${language}: extra ${key}`);
  for (const [key, text] of got) {
    const english = ref.get(key) ?? ref.get(`${base(key)}_other`);
    if (english === undefined) continue;
    const need = placeholders(english).filter((p) => p !== "count");
    const have = placeholders(text);
    for (const p of need) if (!have.includes(p)) found.push(`${language}: ${key} lacks {{${p}}}`);
    if (text.trim() === "") found.push(`${language}: ${key} is empty`);
  }
  return found;
}

describe("shipped languages", () => {
  const english = load("en");

  it("ships exactly the languages the app offers", () => {
    const files = readdirSync(new URL("../../app/locales/", import.meta.url)).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, ""));
    expect(files.sort()).toEqual([...LANGUAGES].sort());
  });

  it.each(LANGUAGES.filter((l) => l !== "en"))("%s has every English key, its plural forms and placeholders", (language) => {
    expect(problems(english, load(language), language)).toEqual([]);
  });

  it("English itself has both plural forms wherever it has one", () => {
    expect(problems(english, english, "en")).toEqual([]);
  });

  it("the check catches a missing key, a missing plural form and a lost placeholder", () => {
    const spanish = structuredClone(load("es"));
    delete (spanish.join as Tree).submit;
    delete (spanish.screen as Tree).here_many;
    (spanish.join as Tree).title = "Entrar";
    expect(problems(english, spanish, "es")).toEqual(expect.arrayContaining(["es: missing join.submit", "es: missing screen.here_many", "es: join.title lacks {{title}}"]));
  });
});

describe("app-written market text", () => {
  it("English stage texts are exactly the server's default agendas, so their translations are found", async () => {
    const { agendaFromTemplate } = await import("../../server/market/agenda.ts");
    const stages = (load("en").stages ?? {}) as Record<string, Tree>;
    for (const template of ["standard", "short"] as const) {
      for (const stage of agendaFromTemplate(template).stages) {
        const texts = Object.values(stages[stage.key] ?? {});
        expect(texts, stage.key).toContain(stage.title);
        expect(texts, stage.key).toContain(stage.instructions);
      }
    }
  });

  it("English values cover the default categories, exchanges and urgencies", async () => {
    const { DEFAULT_CATEGORIES, EXCHANGES, URGENCIES } = await import("../../server/market/model.ts");
    const values = Object.values(load("en").values as Tree);
    for (const value of [...DEFAULT_CATEGORIES, ...EXCHANGES, ...URGENCIES]) expect(values).toContain(value);
  });
});

describe("refusals", () => {
  // Values for every placeholder a refusal may carry.
  const params = { field: "text", max: 280, min: 1, seconds: 12, choices: "offer, need", names: "colour", code: "K7Q2XM", problems: "Line 3: empty text.", problem: "post p1 appears twice.", stage: "Hear the offers" };

  it("an English page shows exactly the text the API sends", () => {
    const t = i18nFor("en").t;
    for (const code of Object.keys(REFUSALS) as RefusalCode[]) {
      expect(t(`refusals.${code}`, { ...params, field: t(`refusalFields.${params.field}`) }), code).toBe(englishRefusal(code, params));
    }
  });

  it.each(LANGUAGES.filter((l) => l !== "en"))("%s translates every refusal, with its values filled in", (language) => {
    const t = i18nFor(language).t;
    for (const code of Object.keys(REFUSALS) as RefusalCode[]) {
      const text = t(`refusals.${code}`, { ...params, field: t(`refusalFields.text`) });
      expect(text, `${language} ${code}`).not.toBe(englishRefusal(code, params));
      expect(text, `${language} ${code}`).not.toMatch(/\{\{/);
      expect(text, `${language} ${code}`).not.toBe(`refusals.${code}`); // no fallback: a missing text would show its key
    }
  });
});
