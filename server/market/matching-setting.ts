/**
 * The setting of a card: what a thing is for or where, not the thing ("headshots for your website",
 * "social media for small shops", "bring a laptop"). matching-language.ts reads a concept named in
 * a setting weakly when the card has already named something before it, as it does a generic word.
 */
import type { LexiconLanguage } from "./matching-lexicon.ts";

/** Words after which a clause says what something is for or where. */
export const SETTING_MARKERS: Record<LexiconLanguage, ReadonlySet<string>> = {
  en: new Set(["for", "bring", "at"]),
  es: new Set(["para", "trae", "traed", "traer"]),
  de: new Set(["für", "mitbringen"]),
  fr: new Set(["pour", "apportez", "apporter"]),
};

/** ...unless the word before asks for what follows: "looking for a cofounder" is the thing itself. */
const ASKING_BEFORE_MARKER = new Set(["looking", "look", "search", "searching", "ask", "asking", "apply", "applying", "care", "caring", "pay", "paying", "wait", "waiting", "alguien", "un", "une", "jemand", "jemanden"]);

/** Punctuation that ends a clause: a setting runs to the end of its clause. */
export const CLAUSE_BREAK = /[,.;:!?()\n+&/–—-]+/;

/**
 * For each word of a part (`raw`), the index of the marker opening the setting it stands in, or
 * Infinity when it stands in none. `clauses` are the same words, clause by clause; if they do not
 * line up with `raw` (a tokenising corner case) the rest reads as no setting.
 */
export function settingMarkers(clauses: ReadonlyArray<readonly string[]>, raw: readonly string[], language: LexiconLanguage): number[] {
  const markerOf = new Array<number>(raw.length).fill(Infinity);
  const markers = SETTING_MARKERS[language];
  let offset = 0;
  for (const clause of clauses) {
    let marker = Infinity;
    for (let j = 0; j < clause.length; j++) {
      const i = offset + j;
      if (raw[i] !== clause[j]) return markerOf;
      if (marker === Infinity && markers.has(clause[j]!) && !ASKING_BEFORE_MARKER.has(clause[j - 1] ?? "")) marker = i;
      else if (marker !== Infinity) markerOf[i] = marker;
    }
    offset += clause.length;
  }
  return markerOf;
}
