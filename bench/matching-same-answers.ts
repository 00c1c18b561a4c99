/**
 * What the matching engine answers, as plain lines to compare: a speed-up must not change one
 * ranked id, score or why. `npx tsx bench/matching-same-answers.ts --write FILE` saves the answers on
 * every evaluation set and on the bench's synthetic 2,000 × 2,000 market (with its edits);
 * `--check FILE` recomputes them and prints the first lines that differ.
 * test/unit/matching-same-answers.test.ts compares the tuning sets to a committed reference.
 *
 * Only ids and numbers: the why's concept ids are the lexicon's; a shared word (card text) is
 * written as a hash, so a dump never shows the cards of a reported set.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { MatchIndex, type MatchablePost, type MatchSuggestion } from "../server/market/matching.ts";
import { CONCEPTS } from "../server/market/matching-lexicon.ts";
import { loadSets } from "./matching-quality.ts";
import { syntheticEdits, syntheticMarket } from "./matching.ts";

/** FNV-1a: a short stable name for a shared word. */
function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

function whyOf(terms: readonly string[]): string {
  return terms.map((t) => (t in CONCEPTS ? t : `#${hashOf(t)}`)).join(",");
}

/** One line per post: its suggestions, best first, as `otherId score why`. */
export function answerLine(postId: string, suggestions: readonly MatchSuggestion[]): string {
  const shown = suggestions.map((s) => `${s.offerId === postId ? s.needId : s.offerId} ${s.score.toFixed(4)} ${whyOf(s.sharedTerms)}`);
  return `${postId}: ${shown.join(" | ")}`;
}

function indexOf(posts: readonly MatchablePost[]): MatchIndex {
  const index = new MatchIndex();
  for (const { id, kind, text, tags, participantId, category, when, where } of posts) index.upsert({ id, kind, text, tags, participantId, category, when, where });
  return index;
}

/**
 * A set's answers as "For you" shows them: each need's suggestions, asked of a fresh index; then
 * asked again after topPairs filled every list from the pairs it scored (the path of a room
 * loaded from scratch), which must agree line for line.
 */
export function setAnswers(posts: readonly MatchablePost[]): { direct: string[]; afterTopPairs: string[] } {
  const needs = posts.filter((p) => p.kind === "need").map((p) => p.id).sort();
  const direct = indexOf(posts);
  const loaded = indexOf(posts);
  loaded.topPairs(50);
  return {
    direct: needs.map((id) => answerLine(id, direct.suggestionsForPost(id, 10))),
    afterTopPairs: needs.map((id) => answerLine(id, loaded.suggestionsForPost(id, 10))),
  };
}

/** The synthetic market: topPairs, every post's list, each edit's list, every list again, and by participant. */
function syntheticAnswers(): string[] {
  const posts = syntheticMarket();
  const ids = posts.map((p) => p.id).sort();
  const index = indexOf(posts);
  const lines = index.topPairs(50).map((s) => `top: ${s.offerId} ${s.needId} ${s.score.toFixed(4)} ${whyOf(s.sharedTerms)}`);
  for (const id of ids) lines.push(answerLine(id, index.suggestionsForPost(id, 10)));
  for (const edit of syntheticEdits(posts)) {
    index.upsert(edit);
    lines.push(`edit ${answerLine(edit.id, index.suggestionsForPost(edit.id, 10))}`);
  }
  for (const id of ids) lines.push(`after ${answerLine(id, index.suggestionsForPost(id, 10))}`);
  for (let p = 0; p < 1500; p += 37) lines.push(`participant p-${p}: ${index.suggestionsForParticipant(`p-${p}`, 20).map((s) => `${s.offerId}>${s.needId} ${s.score.toFixed(4)}`).join(" | ")}`);
  // A fresh index asked post by post, without topPairs first: the same lists.
  const fresh = indexOf(posts);
  for (const id of ids) lines.push(`fresh ${answerLine(id, fresh.suggestionsForPost(id, 10))}`);
  return lines;
}

export function allAnswers(): string[] {
  const lines: string[] = [];
  for (const set of loadSets()) {
    const { direct, afterTopPairs } = setAnswers(set.posts);
    lines.push(`== ${set.name}`, ...direct, `== ${set.name} after topPairs`, ...afterTopPairs);
  }
  lines.push("== synthetic 2000 x 2000", ...syntheticAnswers());
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, file] = process.argv.slice(2);
  if ((mode !== "--write" && mode !== "--check") || !file) {
    console.error("usage: npx tsx bench/matching-same-answers.ts --write FILE | --check FILE");
    process.exit(2);
  }
  const lines = allAnswers();
  if (mode === "--write") {
    writeFileSync(file, `${lines.join("\n")}\n`);
    console.log(`${lines.length} lines written to ${file}`);
  } else {
    const reference = readFileSync(file, "utf8").trimEnd().split("\n");
    const differing: string[] = [];
    for (let i = 0; i < Math.max(lines.length, reference.length); i++) {
      if (lines[i] !== reference[i]) differing.push(`line ${i + 1}\n  was: ${reference[i] ?? "(none)"}\n  now: ${lines[i] ?? "(none)"}`);
    }
    console.log(differing.length === 0 ? `same answers (${lines.length} lines)` : `${differing.length} lines differ:\n${differing.slice(0, 20).join("\n")}`);
    process.exit(differing.length === 0 ? 0 : 1);
  }
}
