import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { cardsToPosts, parseCardsCsv } from "../../server/market/cards-csv";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const sample = fileURLToPath(new URL("../fixtures/cards-sample.csv", import.meta.url));

async function matchCards(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "scripts/match-cards.ts", ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

function tempCsv(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "match-cards-")), "cards.csv");
  writeFileSync(file, content);
  return file;
}

describe("scripts/match-cards.ts", () => {
  it("prints the matches that clear the threshold as CSV, best first, with why in the reader's language", async () => {
    const { code, stdout } = await matchCards(sample, "--lang", "es");
    expect(code).toBe(0);
    const rows = parse(stdout) as string[][];
    expect(rows[0]).toEqual(["offer_author", "offer", "need_author", "need", "score", "why"]);
    const body = rows.slice(1);
    expect(body.length).toBeGreaterThan(0);
    expect(body).toContainEqual([
      "Ben Okafor", "I can look after your kids for an afternoon",
      "Amira Haddad", "Babysitting on Saturday afternoons", expect.stringMatching(/^0\.\d\d$/), expect.stringContaining("cuidar niños"),
    ]);
    const scores = body.map((row) => Number(row[4]));
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const score of scores) expect(score).toBeGreaterThanOrEqual(0.5);
    // Same person (name and contact) on both sides never pairs.
    expect(body.some((row) => row[0] === row[2])).toBe(false);
  });

  it("exits with 2 and says why when the file is missing", async () => {
    const { code, stderr } = await matchCards("no-such-cards.csv");
    expect(code).toBe(2);
    expect(stderr).toContain("file not found: no-such-cards.csv");
  });

  it("exits with 2 on missing columns and on a bad kind, naming the line", async () => {
    const missing = await matchCards(tempCsv("name,kind\nAna,offer\n"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing column text");
    const badKind = await matchCards(tempCsv("name,contact,kind,text,tags\nAna,a@x,offer,guitar lessons,\nBo,b@x,wish,a guitar,\n"));
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain('bad kind "wish" on line 3');
  });
});

describe("parseCardsCsv", () => {
  it("reads kinds case-insensitively, splits tags on ; and , and keeps multi-line text", () => {
    const { cards, errors } = parseCardsCsv(
      '\uFEFFName, Contact ,KIND,Text,Tags\nAna,a@x,Offer,"Guitar, piano",music; lessons\n\nBo,,NEED,"line one\nline two","a,b"\n',
    );
    expect(errors).toEqual([]);
    expect(cards.map((c) => [c.name, c.kind, c.text, c.tags])).toEqual([
      ["Ana", "offer", "Guitar, piano", ["music", "lessons"]],
      ["Bo", "need", "line one\nline two", ["a", "b"]],
    ]);
  });

  it("accepts semicolon-separated files and optional contact/tags columns", () => {
    const { cards, errors } = parseCardsCsv("name;kind;text\nAna;need;a ladder\n");
    expect(errors).toEqual([]);
    expect(cards[0]).toMatchObject({ name: "Ana", contact: "", kind: "need", text: "a ladder", tags: [] });
  });

  it("reports every bad row and an empty file", () => {
    const { errors } = parseCardsCsv("name,kind,text\nA,gift,x\nB,offer,\n");
    expect(errors.map((e) => e.line)).toEqual([2, 3]);
    expect(parseCardsCsv("").errors[0]?.message).toMatch(/empty/);
  });

  it("gives one participant id per name and contact", () => {
    const { cards } = parseCardsCsv("name,contact,kind,text\nAna,a@x,offer,x\nana ,A@X,need,y\nAna,other,need,z\n,,need,w\n");
    const ids = cardsToPosts(cards).map((p) => p.participantId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(ids[3]).toMatch(/^anonymous/);
  });
});
