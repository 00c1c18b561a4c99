/**
 * The concept lexicon of the matching engine: what people exchange at these markets, in English,
 * Spanish, German and French, as a two-level hierarchy (a domain such as `pets` and its specific
 * concepts such as `dog_care`, `cat_care`). A card names a concept when one of its members (a word
 * or a phrase of up to four words, compared after the card language's stemming) occurs in its text
 * or tags. Naming a specific concept also names its domain.
 *
 * Written from general knowledge of community exchanges, conferences and rural co-ops, never from
 * the wording of particular evaluation cards. Readable names live in app/locales/*.json under
 * `concept.<id>` (the reader's language).
 *
 * `action` concepts say what kind of exchange a card is about (teaching, repairing, lending,
 * giving a thing away); the scorer uses them to tell "guitar lessons" from "guitar repaired".
 */
import { EXCHANGE } from "./lexicon/exchange.ts";
import { CHILDREN } from "./lexicon/children.ts";
import { ANIMALS } from "./lexicon/animals.ts";
import { TRANSPORT } from "./lexicon/transport.ts";
import { HOME } from "./lexicon/home.ts";
import { GARDEN_LAND } from "./lexicon/garden-land.ts";
import { TOOLS } from "./lexicon/tools.ts";
import { OBJECTS } from "./lexicon/objects.ts";
import { SKILLS } from "./lexicon/skills.ts";
import { FOOD } from "./lexicon/food.ts";
import { CARE } from "./lexicon/care.ts";
import { WORK } from "./lexicon/work.ts";
import { EVENTS } from "./lexicon/events.ts";
import { SPACE } from "./lexicon/space.ts";
import { SPORT } from "./lexicon/sport.ts";
import { COMMUNITY } from "./lexicon/community.ts";

export const LEXICON_LANGUAGES = ["en", "es", "de", "fr"] as const;
export type LexiconLanguage = (typeof LEXICON_LANGUAGES)[number];

export interface ConceptEntry {
  /** The domain this specific concept belongs to; none for a domain itself. */
  parent?: string;
  /** What kind of exchange (teach, repair, lend, give) rather than what about. */
  action?: boolean;
  /**
   * Says who a card is for (children, older people), not what is exchanged: shared, it adds a
   * little; it never makes a pair on its own.
   */
  audience?: boolean;
  /**
   * Specific concepts of other fields that meet this one's need as well as the thing itself
   * (a van for moving house). Read both ways.
   */
  related?: string[];
  /** Members per language, separated by commas. */
  en: string;
  es?: string;
  de?: string;
  fr?: string;
}

/** Joins the fields into one table; an id defined twice, or a parent that is not a concept, is a mistake in the data. */
export function joinFields(...fields: Array<Record<string, ConceptEntry>>): Record<string, ConceptEntry> {
  const all: Record<string, ConceptEntry> = {};
  for (const field of fields) {
    for (const [id, entry] of Object.entries(field)) {
      if (id in all) throw new Error(`lexicon: concept ${id} is defined twice`);
      all[id] = entry;
    }
  }
  for (const [id, entry] of Object.entries(all)) {
    if (entry.parent !== undefined && !(entry.parent in all)) throw new Error(`lexicon: ${id} has an unknown parent ${entry.parent}`);
    for (const other of entry.related ?? []) if (!(other in all)) throw new Error(`lexicon: ${id} is related to an unknown ${other}`);
  }
  return all;
}


/** Every concept, field by field (the data lives in ./lexicon/, one file per field). */
export const CONCEPTS: Record<string, ConceptEntry> = joinFields(EXCHANGE, CHILDREN, ANIMALS, TRANSPORT, HOME, GARDEN_LAND, TOOLS, OBJECTS, SKILLS, FOOD, CARE, WORK, EVENTS, SPACE, SPORT, COMMUNITY);

/**
 * Concepts a card names through a combination: minding plus children is babysitting ("auf meine
 * Kinder aufpassen", "je garde des enfants"), where neither word alone says so.
 */
export const COMBINATIONS: ReadonlyArray<{ all: readonly string[]; names: string }> = [
  { all: ["mind", "children"], names: "babysitting" },
  { all: ["mind", "older_people"], names: "care" },
];

/** id -> the concepts related to it, both ways. */
export const RELATED: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const related = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    let set = related.get(a);
    if (!set) related.set(a, (set = new Set()));
    set.add(b);
  };
  for (const [id, entry] of Object.entries(CONCEPTS)) for (const other of entry.related ?? []) (link(id, other), link(other, id));
  return related;
})();
