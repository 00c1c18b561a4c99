/**
 * The language layer of the matching engine: reads one card into what the scorer compares.
 *
 *   1. the card's language (en, es, de, fr), detected per card with `tinyld` restricted to those
 *      four (cards carry no language; a phone's locale says nothing about what its owner typed);
 *   2. words: lower case, punctuation and emoji dropped, accents folded (so "velo" finds
 *      "vélo"), stemmed with that language's Snowball stemmer (`@orama/stemmers`);
 *   3. concepts of the lexicon (matching-lexicon.ts) named by a word or a phrase of the card's
 *      language, or of English (loanwords: "babysitting", "laptop" are used everywhere); German
 *      compounds are also split ("Fahrradreparatur" names bike and repair);
 *   4. content words: stems that are neither stop words (`stopword`'s list for the language plus
 *      market filler) nor part of a phrase that named a concept.
 * A concept named only by a generic member of the lexicon ("~move") or in the card's setting
 * ("for your website", matching-setting.ts) is listed in `generic`: the scorer counts it weakly.
 *
 * Deterministic: the same text always gives the same reading.
 */
import { stemmer as englishStemmer } from "@orama/stemmers/english";
import { stemmer as frenchStemmer } from "@orama/stemmers/french";
import { stemmer as germanStemmer } from "@orama/stemmers/german";
import { stemmer as spanishStemmer } from "@orama/stemmers/spanish";
import { deu, eng, fra, spa } from "stopword";
import { detect } from "tinyld";
import { COMBINATIONS, CONCEPTS, LEXICON_LANGUAGES, type LexiconLanguage } from "./matching-lexicon.ts";
import { CUES } from "./matching-cues.ts";
import { CLAUSE_BREAK, SETTING_MARKERS, settingMarkers } from "./matching-setting.ts";

/** What the scorer compares of one card. Every list is sorted and without repeats. */
export interface CardReading {
  language: LexiconLanguage;
  /** Concept ids the card names itself (not their domains). */
  concepts: string[];
  /**
   * The concepts among them named only by a generic word of the lexicon (a member written "~move":
   * "moved" or "feedback" say little on their own), so they count less: see matching-score.ts.
   */
  generic: string[];
  /** Cue ids (when and where) the text names: see matching-cues.ts. */
  cues: string[];
  /** The lexicon members (as compared: keys joined by spaces) that named a topic: the exact thing. */
  members: string[];
  /** Content stems not already read as part of a concept. */
  words: string[];
  /** A readable word for each content stem (the shortest seen in this card). */
  surfaces: Map<string, string>;
}

const STEMMERS: Record<LexiconLanguage, (word: string) => string> = {
  en: englishStemmer,
  es: spanishStemmer,
  de: germanStemmer,
  fr: frenchStemmer,
};

/** Words every card uses, per language: they say nothing about what is offered or needed. */
const MARKET_FILLER: Record<LexiconLanguage, string> = {
  en: "offer offers offering offered need needs needed needing help helping helps helper looking look anyone someone somebody anybody happy please love able available free willing want wanted hi hello thanks etc thing things stuff just really bit little lot lots sometimes time good great nice know will let im ive id dont cant wont isnt doesnt youre theyre lets one two ok okay yes no not us also am can could would should may might much many very get got getting go going gladly enjoy like sure kind maybe perhaps new old year years week weeks day days hour hours mine own people person anything something",
  es: "estoy estar está esta este esto estos estas mis tus sus mi tu su para por con que una uno unos unas del las los mientras cuando donde hay muy más pero como ofrezco ofrece ofrecer oferta necesito necesita necesitamos busco buscamos buscando ayuda ayudar ayudo alguien quien puedo puede puedes podría gustaría encantaría quiero quiere gracias hola cosa cosas poco mucho muy bien bueno buena vez veces tiempo año años semana semanas día días hora horas gratis tengo tiene también algo nada todo",
  de: "biete bieten angebot suche suchen gesucht brauche brauchen benötige hilfe helfen helfe jemand jemanden jemandem kann könnte gerne gern möchte will wollen danke hallo sache sachen bisschen viel sehr gut neu alt jahr jahre woche wochen tag tage stunde stunden kostenlos umsonst habe hat auch etwas mal",
  fr: "propose proposer offre cherche cherchons recherche besoin aide aider aidé quelqu quelqu un quelqu une personne peux peut pourrait pourrais aimerais voudrais veux merci bonjour salut chose choses peu beaucoup très bien bon bonne fois temps an ans année semaine semaines jour jours heure heures gratuit gratuitement ai avez aussi quelque",
};

const STOP_WORDS: Record<LexiconLanguage, Set<string>> = {
  en: new Set([...eng, ...MARKET_FILLER.en.split(" ")]),
  es: new Set([...spa, ...MARKET_FILLER.es.split(" ")]),
  de: new Set([...deu, ...MARKET_FILLER.de.split(" ")]),
  fr: new Set([...fra, ...MARKET_FILLER.fr.split(" ")]),
};

/** Particles that close a German clause when a separable verb is split ("ich passe auf"). */
const SEPARABLE_PARTICLES = new Set(["bei", "auf", "aus", "mit", "vor", "an", "ab", "ein", "zu", "um", "vorbei", "zusammen"]);

/** Letters that are one word piece in German or French but two letters elsewhere. */
const SPECIAL_LETTERS: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l" };

/** Accents off, for comparing stems typed with and without them. */
export function fold(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[ßæœøł]/g, (ch) => SPECIAL_LETTERS[ch] ?? ch);
}

/**
 * Lower-cased words of a text, accents kept (the stemmers want them), punctuation, symbols and
 * emoji dropped. An apostrophe joins English words ("don't" -> "dont") and splits French and
 * Spanish ones ("l'école" -> "l", "école").
 */
export function words(text: string, language: LexiconLanguage): string[] {
  const withTech = text
    // "IT" in capitals is information technology; lower-case "it" is a pronoun.
    .replace(/\bI\.?T\b\.?/g, " infotech ")
    .replace(/\bPA\b/g, " pa ");
  const apostrophe = language === "en" || language === "de" ? "" : " ";
  const plain = withTech
    .normalize("NFC")
    .toLowerCase()
    .replace(/(\p{L})['’‘`´](?=\p{L}|\s|$)/gu, `$1${apostrophe}`)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  return plain === "" ? [] : plain.split(" ");
}

interface PhraseTrie {
  ids: string[];
  /** The ids this phrase names only generically (members written with a leading "~"). */
  generic: Set<string>;
  next: Map<string, PhraseTrie>;
}

/**
 * The commonest short words of each language: on a 60-character card they say more than letter
 * statistics, and they make the choice stable where tinyld hesitates ("derailleurs" reads French).
 */
const FUNCTION_WORDS: Record<LexiconLanguage, Set<string>> = {
  en: new Set("the and to of a my your for with on in is i you it at me some can need have will would im ive or an our this that any from who could".split(" ")),
  es: new Set("el la los las y de del en para con mi mis tu un una que por es necesito busco ofrezco puedo alguien al se lo me te".split(" ")),
  de: new Set("der die das und zu mit für ein eine einen ich mein meine dein bei von auf im ist suche biete kann brauche jemand den dem nicht".split(" ")),
  fr: new Set("le la les et de du des pour avec un une mon ma mes ton je en au aux est cherche propose peux besoin quelqu qui à sur vos votre".split(" ")),
};

/** Detects a card's language among the four the lexicon knows; English when unsure. */
export function detectLanguage(text: string): LexiconLanguage {
  const tokens = words(text, "fr");
  const hits = LEXICON_LANGUAGES.map((language) => ({
    language,
    hits: tokens.filter((w) => FUNCTION_WORDS[language].has(w)).length,
  })).sort((a, b) => b.hits - a.hits);
  const [first, second] = hits as [{ language: LexiconLanguage; hits: number }, { language: LexiconLanguage; hits: number }];
  if (first.hits >= 2 * second.hits + 1) return first.language;
  const found = detect(text, { only: [...LEXICON_LANGUAGES] });
  if ((LEXICON_LANGUAGES as readonly string[]).includes(found)) return found as LexiconLanguage;
  return first.hits > second.hits ? first.language : "en";
}

/** What reading one card has found so far (readPart adds to it part by part). */
interface Found {
  concepts: Set<string>;
  /** The concepts some specific (not generic) member named. */
  named: Set<string>;
  cues: Set<string>;
  contentWords: Map<string, string>;
  members: Set<string>;
}

/** Records a concept or cue the card names; `generic`: only weakly (see CardReading.generic). */
function name({ concepts, named, cues }: Found, id: string, generic: boolean): void {
  if (id.startsWith("@")) {
    cues.add(id);
    return;
  }
  concepts.add(id);
  if (!generic) named.add(id);
}

/** A concept that says what a card is about, not a cue, a kind of exchange or who it is for. */
function isTopic(id: string): boolean {
  return !id.startsWith("@") && !CONCEPTS[id]?.action && !CONCEPTS[id]?.audience;
}

/** Reads cards; builds its phrase tables once, caches stems. One per market index is plenty. */
export class CardReader {
  private readonly stemCaches: Record<LexiconLanguage, Map<string, string>> = { en: new Map(), es: new Map(), de: new Map(), fr: new Map() };
  private readonly keyCaches: Record<LexiconLanguage, Map<string, string>> = { en: new Map(), es: new Map(), de: new Map(), fr: new Map() };
  private readonly phrases: Record<LexiconLanguage, PhraseTrie>;
  private readonly stopStems: Record<LexiconLanguage, Set<string>>;
  /** The keys (see key()) of the stop words: a lexicon member with one of them would name its concept on every card. */
  private readonly stopKeys: Record<LexiconLanguage, Set<string>>;
  /** German single words of the lexicon (folded stems, 4 letters or more), for splitting compounds. */
  private readonly germanParts = new Map<string, string[]>();
  private maxPhrase = 1;

  constructor() {
    this.stopStems = {
      en: this.stemSet("en"),
      es: this.stemSet("es"),
      de: this.stemSet("de"),
      fr: this.stemSet("fr"),
    };
    this.stopKeys = { en: this.keySet("en"), es: this.keySet("es"), de: this.keySet("de"), fr: this.keySet("fr") };
    this.phrases = { en: this.trie(), es: this.trie(), de: this.trie(), fr: this.trie() };
    for (const id of Object.keys(CONCEPTS).sort()) {
      const entry = CONCEPTS[id]!;
      for (const language of LEXICON_LANGUAGES) this.addMembers(language, entry[language], id);
    }
    for (const id of Object.keys(CUES).sort()) {
      const entry = CUES[id]!;
      for (const language of LEXICON_LANGUAGES) this.addMembers(language, entry[language], id);
    }
  }

  read(text: string, tags: readonly string[] = []): CardReading {
    const all = [text, ...tags].join(" . ");
    const language = detectLanguage(all);
    const concepts = new Set<string>();
    const named = new Set<string>();
    const cues = new Set<string>();
    const contentWords = new Map<string, string>();
    const members = new Set<string>();
    const found: Found = { concepts, named, cues, contentWords, members };
    this.readPart(text, language, found, false);
    // A tag is its author saying what the card is about: what it names is never weak.
    for (const tag of tags) this.readPart(tag, language, found, true);
    for (const { all, names } of COMBINATIONS) {
      if (all.every((id) => concepts.has(id))) {
        concepts.add(names);
        if (all.every((id) => named.has(id) || CONCEPTS[id]?.action || CONCEPTS[id]?.audience)) named.add(names);
      }
    }
    const sortedWords = [...contentWords.keys()].sort();
    return {
      language,
      concepts: [...concepts].sort(),
      generic: [...concepts].filter((id) => !named.has(id)).sort(),
      cues: [...cues].sort(),
      members: [...members].sort(),
      words: sortedWords,
      surfaces: contentWords,
    };
  }

  private readPart(text: string, language: LexiconLanguage, into: Found, isTag: boolean): void {
    const { contentWords, members } = into;
    const raw = words(text, language);
    const covered = new Array<boolean>(raw.length).fill(false);
    // What the lexicon named, and where: a thing named after "for"/"bring" once the card has said
    // what it is about is the setting, not the thing ("headshots for your website").
    const hits: Array<{ start: number; id: string; generic: boolean }> = [];
    // The card's language first, then English for loanwords.
    const languages: LexiconLanguage[] = language === "en" ? ["en"] : [language, "en"];
    for (const lang of languages) {
      const stems = raw.map((w) => this.key(w, lang));
      // Longest phrase first: "ride a bike" is about bikes, not about a ride.
      const found: Array<{ start: number; end: number; ids: string[]; node: PhraseTrie }> = [];
      for (let start = 0; start < stems.length; start++) {
        let node: PhraseTrie | undefined = this.phrases[lang];
        for (let end = start; end < stems.length && end - start < this.maxPhrase; end++) {
          node = node.next.get(stems[end]!);
          if (!node) break;
          if (node.ids.length > 0) found.push({ start, end, ids: node.ids, node });
        }
      }
      found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
      const claimed = new Array<boolean>(raw.length).fill(false);
      for (const match of found) {
        let free = false;
        for (let i = match.start; i <= match.end; i++) free ||= !claimed[i];
        // English loanwords only where the card's own language read nothing: French "chat" is a cat.
        if (lang !== language) for (let i = match.start; i <= match.end; i++) free &&= !covered[i];
        if (!free) continue;
        for (const id of match.ids) if (lang === language || !id.startsWith("@")) hits.push({ start: match.start, id, generic: match.node.generic.has(id) });
        if (match.ids.some((id) => !id.startsWith("@") && !CONCEPTS[id]?.action)) members.add(`${lang}:${stems.slice(match.start, match.end + 1).join(" ")}`);
        for (let i = match.start; i <= match.end; i++) claimed[i] = covered[i] = true;
      }
    }
    let firstTopic = Infinity;
    for (const hit of hits) if (isTopic(hit.id)) firstTopic = Math.min(firstTopic, hit.start);
    // Only a card with a topic and a marker after it has a setting to find (most cards have none).
    const markers = SETTING_MARKERS[language];
    let marked = false;
    for (let i = firstTopic + 1; i < raw.length && !marked; i++) marked = markers.has(raw[i]!);
    const markerOf = marked ? settingMarkers(text.split(CLAUSE_BREAK).map((clause) => words(clause, language)), raw, language) : undefined;
    for (const hit of hits) {
      const marker = markerOf?.[hit.start] ?? Infinity;
      name(into, hit.id, !isTag && (hit.generic || (isTopic(hit.id) && marker !== Infinity && firstTopic < marker)));
    }
    if (language === "de") {
      // Separable verbs: "ich bringe Kindern das Radfahren bei" is beibringen, "passe auf" aufpassen.
      for (const [i, ids] of this.separableVerbs(text, raw)) {
        for (const id of ids) name(into, id, false);
        covered[i] = true;
      }
      for (let i = 0; i < raw.length; i++) {
        if (covered[i]) continue;
        const found = this.splitCompound(fold(raw[i]!));
        for (const id of found) name(into, id, false);
        if (found.length > 0) covered[i] = true;
      }
    }
    for (let i = 0; i < raw.length; i++) {
      const word = raw[i]!;
      if (covered[i] || word.length < 2 || /^\d+$/.test(word)) continue;
      const stem = this.key(word, language);
      if (STOP_WORDS[language].has(word) || this.stopStems[language].has(this.stem(word, language))) continue;
      const surface = contentWords.get(stem);
      if (surface === undefined || word.length < surface.length || (word.length === surface.length && word < surface)) {
        contentWords.set(stem, word);
      }
    }
  }

  /**
   * German separable verbs whose particle closes the clause ("bringe … bei", "passe … auf", "leihe
   * … aus"): the particle joined to each earlier word of the clause, looked up as one word. Returns
   * the index (in `raw`) of each verb found, with the concepts it names.
   */
  private separableVerbs(text: string, raw: readonly string[]): Array<[number, string[]]> {
    const found: Array<[number, string[]]> = [];
    let offset = 0;
    for (const clause of text.split(/[,.;:!?()\n]+/)) {
      const clauseWords = words(clause, "de");
      const last = clauseWords[clauseWords.length - 1];
      if (last !== undefined && SEPARABLE_PARTICLES.has(last)) {
        for (let j = 0; j < clauseWords.length - 1; j++) {
          const ids = this.phrases.de.next.get(this.key(last + clauseWords[j]!, "de"))?.ids;
          if (ids && ids.length > 0 && raw[offset + j] === clauseWords[j]) found.push([offset + j, ids]);
        }
      }
      offset += clauseWords.length;
    }
    return found;
  }

  /** Concepts named by the parts of a German compound: its head ("…reparatur") and its first part. */
  private splitCompound(word: string): string[] {
    if (word.length < 8) return [];
    const found = new Set<string>();
    for (let cut = 4; cut <= word.length - 4; cut++) {
      const head = this.germanParts.get(word.slice(cut)) ?? this.germanParts.get(this.stem(word.slice(cut), "de"));
      if (!head) continue;
      const first = word.slice(0, cut);
      let modifier = this.germanParts.get(first);
      // Linking letters: Kinder-betreuung, Garten-s-…, Hund-e-…
      for (const link of ["s", "n", "en", "er", "e"]) {
        if (modifier) break;
        if (first.endsWith(link)) modifier = this.germanParts.get(first.slice(0, -link.length)) ?? this.germanParts.get(this.stem(first.slice(0, -link.length), "de"));
      }
      modifier ??= this.germanParts.get(this.stem(first, "de"));
      for (const id of head) found.add(id);
      for (const id of modifier ?? []) found.add(id);
      break;
    }
    return [...found].sort();
  }

  private trie(): PhraseTrie {
    return { ids: [], generic: new Set(), next: new Map() };
  }

  private addMembers(language: LexiconLanguage, members: string | undefined, id: string): void {
    if (!members) return;
    for (const written of members.split(",")) {
      const generic = written.trim().startsWith("~");
      const member = generic ? written.trim().slice(1) : written;
      const raw = words(member, language);
      if (raw.length === 0) continue;
      const stems = raw.map((w) => this.key(w, language));
      // A one-word member that is filler ("ayudas" stems like "ayuda", help) would name its concept on every card.
      if (raw.length === 1 && (STOP_WORDS[language].has(raw[0]!) || this.stopKeys[language].has(stems[0]!))) continue;
      this.maxPhrase = Math.max(this.maxPhrase, stems.length);
      let node = this.phrases[language];
      for (const stem of stems) {
        let child = node.next.get(stem);
        if (!child) {
          child = this.trie();
          node.next.set(stem, child);
        }
        node = child;
      }
      if (!node.ids.includes(id)) {
        node.ids.push(id);
        if (generic) node.generic.add(id);
      } else if (!generic) node.generic.delete(id);
      // German single words, cues too: "mittwochnachmittags" is Wednesday and afternoon.
      if (language === "de" && raw.length === 1 && !generic) {
        for (const key of new Set([fold(raw[0]!), stems[0]!])) {
          if (key.length < 4) continue;
          const ids = this.germanParts.get(key) ?? [];
          if (!ids.includes(id)) ids.push(id);
          this.germanParts.set(key, ids);
        }
      }
    }
  }

  private keySet(language: LexiconLanguage): Set<string> {
    return new Set([...STOP_WORDS[language]].map((w) => this.key(w, language)));
  }

  private stemSet(language: LexiconLanguage): Set<string> {
    return new Set([...STOP_WORDS[language]].map((w) => this.stem(w, language)));
  }

  /**
   * What a word is compared by: its stem, unless the stemmer cut a short word down to three
   * letters or fewer by two or more (Spanish "meses" and "mesa" both stem to "mes"): then the
   * folded word itself, so months are not tables.
   */
  key(word: string, language: LexiconLanguage): string {
    const cache = this.keyCaches[language];
    let key = cache.get(word);
    if (key === undefined) {
      key = this.stem(word, language);
      if (key.length <= 3) {
        const folded = fold(word);
        if (folded.length - key.length >= 2) key = folded;
      }
      cache.set(word, key);
    }
    return key;
  }

  /** Snowball stem of a lower-case word, accents folded. */
  stem(word: string, language: LexiconLanguage): string {
    const cache = this.stemCaches[language];
    let stem = cache.get(word);
    if (stem === undefined) {
      // Accents off first: a word typed without them ("velo") must stem like the one with them.
      stem = STEMMERS[language](fold(word));
      cache.set(word, stem);
    }
    return stem;
  }
}
