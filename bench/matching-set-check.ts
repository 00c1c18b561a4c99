/**
 * Checks an evaluation set written by hand (test/fixtures/matching-sets/NAME.json) and computes what
 * must not be guessed: `npx tsx bench/matching-set-check.ts NAME [--write | --shared]`.
 *   - every id in gold and nearMisses exists, the needId is a need and the offerId an offer, no pair
 *     joins a person's own cards, no pair is both gold and a near-miss;
 *   - sharesNoWord per gold pair: no shared content word after lower-casing, dropping accents, the
 *     en/es/de/fr stop words and the words every card uses (need, help, busco, brauche, cherche...),
 *     a word and its extension (plant/plants) and two words with the same first five letters counting
 *     as shared, tags included (test/unit/matching-sets.test.ts also checks the flags with a plainer
 *     rule in which generic words such as "help" or "into" count: run it after --write);
 *   - --shared prints the words each gold pair shares (to write the set, not to tune the engine);
 *   - the counts, which --write puts at the end of the description ("Counts: ...") with the flags.
 * It reads only the named set: run it on a set you wrote, never to look at a set you report on.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { deu, eng, fra, spa } from "stopword";
import type { EvaluationSet } from "./matching-quality.ts";

const [name, flag] = process.argv.slice(2);
if (!name) throw new Error("usage: npx tsx bench/matching-set-check.ts NAME [--write | --shared]");
const file = new URL(`../test/fixtures/matching-sets/${name}.json`, import.meta.url);
const set = JSON.parse(readFileSync(file, "utf8")) as EvaluationSet & { description: string; languages: string[] };

/** Words that say a card is an offer or a need, not what it is about. */
const CARD_WORDS = [
  "need", "needs", "help", "someone", "anyone", "anybody", "can", "could", "would", "want", "looking", "offer", "happy", "glad", "pls", "please", "lol", "im", "ur",
  "necesito", "necesitamos", "busco", "buscamos", "ayuda", "ayudo", "alguien", "puedo", "quiero", "tengo", "soy", "estoy",
  "brauche", "brauchen", "suche", "hilfe", "helfe", "jemand", "jemanden", "kann", "biete", "mochte",
  "cherche", "besoin", "aide", "aider", "quelqu", "peux", "voudrais", "veux",
];
const fold = (w: string) => w.toLowerCase().normalize("NFKD").replace(/\p{M}+/gu, "");
const STOP = new Set([...eng, ...spa, ...deu, ...fra, ...CARD_WORDS].map(fold));
const contentWords = (text: string) => [...new Set(fold(text).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1 && !STOP.has(w)))];
const alike = (a: string, b: string) =>
  a === b || (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a))) || (a.length >= 5 && b.length >= 5 && a.slice(0, 5) === b.slice(0, 5));

const byId = new Map(set.posts.map((p) => [p.id, p]));
const problems: string[] = [];
if (byId.size !== set.posts.length) problems.push("duplicate post ids");
const names = new Map<string, string>();
for (const p of set.posts) {
  if (names.has(p.participantId) && names.get(p.participantId) !== p.authorName) problems.push(`${p.participantId} has two names`);
  names.set(p.participantId, p.authorName);
  if (p.id[0] !== p.kind[0]) problems.push(`${p.id} is a ${p.kind}`);
}
const checkPair = (pair: { needId: string; offerId: string }, what: string) => {
  const need = byId.get(pair.needId);
  const offer = byId.get(pair.offerId);
  if (need?.kind !== "need") problems.push(`${what} ${pair.needId}: not a need`);
  if (offer?.kind !== "offer") problems.push(`${what} ${pair.offerId}: not an offer`);
  if (need && offer && need.participantId === offer.participantId) problems.push(`${what} ${pair.needId}-${pair.offerId}: one person's own cards`);
};
const key = (p: { needId: string; offerId: string }) => `${p.needId}-${p.offerId}`;
const goldKeys = new Set(set.gold.map(key));
if (goldKeys.size !== set.gold.length) problems.push("duplicate gold pairs");
for (const g of set.gold) checkPair(g, "gold");
for (const m of set.nearMisses) {
  checkPair(m, "near-miss");
  if (goldKeys.has(key(m))) problems.push(`near-miss ${key(m)} is also gold`);
  if (!m.why) problems.push(`near-miss ${key(m)} has no why`);
}
if (problems.length > 0) throw new Error(`${name}: ${problems.join("; ")}`);

const words = (id: string) => {
  const p = byId.get(id)!;
  return contentWords([p.text, ...p.tags].join(" "));
};
for (const g of set.gold) {
  const offerWords = words(g.offerId);
  const shared = words(g.needId).filter((w) => offerWords.some((o) => alike(w, o)));
  if (flag === "--shared" && shared.length > 0) console.log(`${g.needId} ${g.offerId} share ${shared.join(", ")}`);
  if (shared.length > 0) delete g.sharesNoWord;
  else g.sharesNoWord = true;
}

const needs = set.posts.filter((p) => p.kind === "need");
const needsWithGold = new Set(set.gold.map((g) => g.needId));
const perLanguage = set.languages.map((l) => `${l} ${set.posts.filter((p) => p.lang === l).length}`).join(", ");
const noWord = set.gold.filter((g) => g.sharesNoWord).length;
const crossLanguage = set.gold.filter((g) => byId.get(g.needId)!.lang !== byId.get(g.offerId)!.lang).length;
const severalGold = [...needsWithGold].filter((n) => set.gold.filter((g) => g.needId === n).length > 1).length;
const counts =
  `${names.size} people, ${set.posts.length} cards (${set.posts.length - needs.length} offers, ${needs.length} needs; ${perLanguage}), ` +
  `${set.gold.length} gold pairs (${noWord} sharing no content word, ${crossLanguage} across languages) over ${needsWithGold.size} needs ` +
  `(${severalGold} with 2-3 fitting offers), ${needs.length - needsWithGold.size} needs with no fitting offer, ${set.nearMisses.length} near-misses.`;
console.log(`${name}: ${counts}`);

if (flag === "--write") {
  set.description = set.description.replace(/ Counts: .*$/s, "") + ` Counts: ${counts}`;
  writeFileSync(file, JSON.stringify(set, null, 2) + "\n");
}
