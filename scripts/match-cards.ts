/**
 * Suggested matches for a paper market: `npx tsx scripts/match-cards.ts cards.csv [--limit N]`.
 * Reads the typed-up cards (columns name, contact, kind, text, tags) and prints CSV with columns
 * offer_author, offer, need_author, need, score, best first. Problems go to stderr, exit code 2.
 */
import { readFileSync } from "node:fs";
import { stringify } from "csv-stringify/sync";
import { cardsToPosts, parseCardsCsv } from "../server/market/cards-csv";
import { MatchIndex } from "../server/market/matching";

const USAGE = "usage: npx tsx scripts/match-cards.ts cards.csv [--limit N]";

function fail(message: string): never {
  process.stderr.write(`match-cards: ${message}\n`);
  process.exit(2);
}

function main(argv: string[]): void {
  let file: string | undefined;
  let limit = 1000;
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
    } else if (arg.startsWith("-")) fail(`unknown option ${arg}\n${USAGE}`);
    else if (file === undefined) file = arg;
    else fail(`one file only\n${USAGE}`);
  }
  if (file === undefined) fail(`no file given\n${USAGE}`);

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

  const rows = index.topPairs(limit).map((pair) => {
    const offer = byId.get(pair.offerId)!;
    const need = byId.get(pair.needId)!;
    return [offer.name, offer.text, need.name, need.text, pair.score.toFixed(2)];
  });
  process.stdout.write(stringify([["offer_author", "offer", "need_author", "need", "score"], ...rows]));
}

main(process.argv.slice(2));
