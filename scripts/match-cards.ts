/**
 * Suggested matches for a paper market: `npx tsx scripts/match-cards.ts cards.csv [--limit N] [--lang xx]`.
 * Reads the typed-up cards (columns name, contact, kind, text, tags) and prints CSV with columns
 * offer_author, offer, need_author, need, score, why: only the pairs that clear the matching
 * threshold, best first; why names the shared concepts in the reader's language (--lang, else the
 * LANG of the shell, else English). Problems go to stderr, exit code 2.
 */
import { readFileSync } from "node:fs";
import { stringify } from "csv-stringify/sync";
import { cardsToPosts, parseCardsCsv } from "../server/market/cards-csv";
import { MatchIndex } from "../server/market/matching";

const USAGE = "usage: npx tsx scripts/match-cards.ts cards.csv [--limit N] [--lang en|es|de|fr]";
const LANGUAGES = ["en", "es", "de", "fr"];

function fail(message: string): never {
  process.stderr.write(`match-cards: ${message}\n`);
  process.exit(2);
}

/** The names of the lexicon's concepts in one language, from the app's own locale file. */
function conceptNames(language: string): Record<string, string> {
  const locale = JSON.parse(readFileSync(new URL(`../app/locales/${language}.json`, import.meta.url), "utf8")) as { concept?: Record<string, string> };
  return locale.concept ?? {};
}

function main(argv: string[]): void {
  let file: string | undefined;
  let limit = 1000;
  let language = (process.env.LANG ?? "").slice(0, 2).toLowerCase();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    if (arg === "--limit") {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) fail(`--limit wants a whole number above 0\n${USAGE}`);
      limit = value;
    } else if (arg === "--lang") {
      language = String(argv[++i] ?? "");
      if (!LANGUAGES.includes(language)) fail(`--lang wants one of ${LANGUAGES.join(", ")}\n${USAGE}`);
    } else if (arg.startsWith("-")) fail(`unknown option ${arg}\n${USAGE}`);
    else if (file === undefined) file = arg;
    else fail(`one file only\n${USAGE}`);
  }
  if (file === undefined) fail(`no file given\n${USAGE}`);
  if (!LANGUAGES.includes(language)) language = "en";

  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === "ENOENT" ? `file not found: ${file}` : `cannot read ${file}: ${(error as Error).message}`);
  }

  const { cards, errors } = parseCardsCsv(text);
  if (errors.length > 0) fail(errors.map((e) => e.message).join("\n"));

  const posts = cardsToPosts(cards);
  const byId = new Map(posts.map((post, i) => [post.id, cards[i]!]));
  const index = new MatchIndex();
  for (const post of posts) index.upsert(post);
  const names = conceptNames(language);

  const rows = index.topPairs(limit).map((pair) => {
    const offer = byId.get(pair.offerId)!;
    const need = byId.get(pair.needId)!;
    const why = pair.sharedTerms.map((term) => names[term] ?? term).join("; ");
    return [offer.name, offer.text, need.name, need.text, pair.score.toFixed(2), why];
  });
  process.stdout.write(stringify([["offer_author", "offer", "need_author", "need", "score", "why"], ...rows]));
}

main(process.argv.slice(2));
