// Adding a kind of card to the table (server/market/kinds.ts) without its cases must not compile:
// the compiler, not a reviewer, finds every place a new kind must answer. This copies the project
// to a temporary folder, adds a fourth row ("wish", a kind that gathers like the dream) there, runs the real `tsc`, and checks that it
// fails, in exactly the files the decision record lists (docs/decisions/007-kinds-of-card-table.md).
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const KINDS_FILE = "server/market/kinds.ts";
const RECORD = "docs/decisions/007-kinds-of-card-table.md";
const NEW_ROW_MARKER = "  // A new kind of card is a new row here";
/** Folders the type check never reads, or that are large. */
const SKIPPED = new Set(["node_modules", ".git", "build", "data", ".cache", "test-results", ".tmp", "public", "docs"]);

// A plausible third row, complete for the table's shape: everything it needs besides the row is
// what the compiler must point at.
const DREAM_ROW = `  wish: {
    plural: "wishes",
    colour: "--dream",
    chartColour: "#c9a7ff",
    icon: "circle",
    descriptors: ["category", "when", "where"],
    openIn: ["write", "hear", "network"],
    notOpen: "needs_not_open",
    words: {
      label: "post.dream",
      plural: "host.dreams",
      count: "screen.dreamsCount",
      pluralInline: "agenda.postsDreams",
      compose: "phone.iDream",
      addHeading: "phone.addDreams",
      placeholder: "phone.dreamPlaceholder",
      postButton: "phone.postDream",
      respond: "phone.imIn",
      chooseMine: "phone.forDream",
      writeMine: "phone.whatDream",
      keptForLater: "phone.keptDream",
      requestToMine: "phone.joinsDream",
      hostSuggestsForMine: "phone.suggestForDream",
      suggestionOfTheirs: "suggest.dreams",
      knowWho: "suggest.knowWhoDreams",
      yourCard: "suggest.yourDream",
      wallEmpty: "screen.noDreams",
      nowSharing: "screen.nowSharingDreams",
      stillOpen: "screen.dreamsOpen",
    },
  },
`;

/** The files the decision record says the compiler points at: the list under "Found by the compiler". */
function filesInRecord(): string[] {
  const text = readFileSync(join(ROOT, RECORD), "utf8");
  const section = text.split("### Found by the compiler")[1]?.split("\n### ")[0] ?? "";
  return [...section.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]!).sort();
}

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

async function typecheckWithDream(): Promise<{ failed: boolean; errorFiles: string[]; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), "kinds-exhaustive-"));
  copies.push(dir);
  cpSync(ROOT, dir, { recursive: true, filter: (src) => !SKIPPED.has(relative(ROOT, src).split("/")[0]!) || relative(ROOT, src) === "" });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  const kinds = readFileSync(join(dir, KINDS_FILE), "utf8");
  expect(kinds).toContain(NEW_ROW_MARKER);
  writeFileSync(join(dir, KINDS_FILE), kinds.replace(NEW_ROW_MARKER, DREAM_ROW + NEW_ROW_MARKER));
  // Asynchronous, so the test worker keeps answering vitest while tsc runs (a minute under load).
  const tsc = await promisify(execFile)(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", join(dir, "tsconfig.json")], { cwd: dir, maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ failed: false, stdout, stderr }),
    (error: { stdout?: string; stderr?: string }) => ({ failed: true, stdout: error.stdout ?? "", stderr: error.stderr ?? "" }),
  );
  const output = `${tsc.stdout}${tsc.stderr}`;
  // Tests' own fixtures (counts typed as literals) answer for a new kind too, but the record counts
  // the product's files only, as the issue does.
  const errorFiles = [...new Set([...output.matchAll(/^(\S+?)\(\d+,\d+\): error TS/gm)].map((m) => m[1]!))].filter((file) => !file.startsWith("test/")).sort();
  return { failed: tsc.failed, errorFiles, output };
}

describe("the kinds of card table", () => {
  it("does not compile with a third kind until every place that must answer does", { timeout: 300_000 }, async () => {
    const { failed, errorFiles, output } = await typecheckWithDream();
    expect(failed, output).toBe(true);
    expect(errorFiles, output).toEqual(filesInRecord());
  });
});
