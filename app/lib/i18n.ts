// The one translation layer: i18next instances (one per language) and the hooks components use.
// Each language's translations are a file of their own (app/locales/<language>.json, served as a
// hashed asset): the server holds all of them in memory (app/lib/translations.server.ts) and
// renders synchronously; a browser fetches only the language its page is in, before hydrating
// (app/entry.client.tsx), and another one only when the page's language changes.
// Which language a page uses is decided on the server (app/lib/language.server.ts) and read in
// app/root.tsx; see docs/languages.md and docs/decisions/004-one-language-per-page.md.
import { createInstance, type i18n, type TFunction } from "i18next";
import { useContext, useEffect, useMemo, useSyncExternalStore } from "react";
import { I18nContext } from "react-i18next";
// Only these two small parts of English ship with every page (useDataText compares against them).
import { stages as englishStages, values as englishValues } from "../locales/en.json";
import { FIELD_NAMES, REFUSALS } from "../../server/market/refusals.ts";

export const LANGUAGES = ["en", "es", "de", "fr"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";
/** Each language's name in itself, for the switch. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: "English", es: "Español", de: "Deutsch", fr: "Français" };

export const isLanguage = (value: unknown): value is Language => typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);

/** A language's translations: its JSON file, parsed. */
export type Translations = { [key: string]: unknown };

/** A language's resource as i18next gets it, assembled in this one place for the server and the browser. */
export function resourceOf(language: Language, translations: Translations): Translations {
  // English refusals are the server's own catalogue; the other languages translate it by code.
  return language === "en" ? { ...translations, refusals: REFUSALS, refusalFields: FIELD_NAMES } : translations;
}

// The address of each language's file (content-hashed, the same in the server's and the browser's
// build), so the server can tell the browser to fetch it early (<link rel="preload"> in root.tsx).
const TRANSLATION_FILES = import.meta.glob<string>("../locales/*.json", { query: "?url", import: "default", eager: true });

export function translationsUrl(language: Language): string {
  const url = TRANSLATION_FILES[`../locales/${language}.json`];
  if (!url) throw new Error(`No translations file for ${language}`);
  return url;
}

const resources = new Map<Language, Translations>();
const loading = new Map<Language, Promise<void>>();
const listeners = new Set<() => void>();

/** Makes a language's resource (see resourceOf) available; the server adds all of them at start-up. */
export function addTranslations(language: Language, resource: Translations): void {
  resources.set(language, resource);
  for (const listener of listeners) listener();
}

/** Fetches a language's translations once (in the browser); a failed fetch can be tried again. */
export function loadTranslations(language: Language): Promise<void> {
  if (resources.has(language)) return Promise.resolve();
  let pending = loading.get(language);
  if (!pending) {
    pending = fetch(translationsUrl(language))
      .then((response) => {
        if (!response.ok) throw new Error(`Translations for ${language}: HTTP ${response.status}`);
        return response.json() as Promise<Translations>;
      })
      .then((translations) => addTranslations(language, resourceOf(language, translations)))
      .finally(() => loading.delete(language));
    loading.set(language, pending);
  }
  return pending;
}

/** Starts fetching a language the page is about to switch to (errors surface in useShownLanguage). */
export function preloadTranslations(language: unknown): void {
  if (isLanguage(language)) loadTranslations(language).catch(() => undefined);
}

const instances = new Map<Language, i18n>();

/** The (cached) i18next instance for a language whose translations are here. */
export function i18nFor(language: Language): i18n {
  let instance = instances.get(language);
  if (!instance) {
    const resource = resources.get(language);
    if (!resource) throw new Error(`The ${language} translations are not loaded`);
    instance = createInstance();
    void instance.init({
      lng: language,
      // No fallback to English: a browser holds only its page's language, so the server must not
      // render anything the browser could not (test/unit/locales.test.ts keeps every language complete).
      fallbackLng: false,
      resources: { [language]: { translation: resource } },
      initAsync: false,
      interpolation: { escapeValue: false }, // React escapes.
      react: { useSuspense: false },
    });
    instances.set(language, instance);
  }
  return instance;
}

// The language the page showed last (browser only: on the server every language is here).
let lastShown: Language | undefined;

/**
 * `wanted` if its translations are here, else the language the page shows now (before the first
 * render has settled: the language the page was loaded in, the one the browser has).
 */
function shownLanguage(wanted: Language): Language {
  if (resources.has(wanted)) return wanted;
  return lastShown ?? resources.keys().next().value ?? wanted;
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/**
 * The language to render the page in: the page's language once its translations are here; while
 * they are being fetched (the phone switched, or the host changed the market's language) the page
 * stays in the language it was in — never a flash of English or of bare keys.
 */
export function useShownLanguage(wanted: Language): Language {
  const ready = useSyncExternalStore(subscribe, () => resources.has(wanted), () => resources.has(wanted));
  useEffect(() => {
    if (ready) lastShown = wanted;
    else loadTranslations(wanted).catch((error: unknown) => console.error(error));
  }, [wanted, ready]);
  return shownLanguage(wanted);
}

/**
 * The page's i18next instance, as root.tsx provides it. Not react-i18next's useTranslation: its
 * version 17 copies the instance for every component the first time it renders, and a phone's
 * wall of 30 cards made that some thousand copies a page, a third of drawing it on the server.
 * The instance never changes language (another language is another instance), so nothing here
 * has to follow it.
 */
export function usePageI18n(): i18n {
  const instance = (useContext(I18nContext) as { i18n?: i18n } | undefined)?.i18n;
  if (!instance) throw new Error("No page language: the page renders outside root.tsx's I18nextProvider");
  return instance;
}

const fixedTs = new WeakMap<i18n, TFunction>();

/** The translate function for the page's language. */
export function useT(): TFunction {
  const instance = usePageI18n();
  let t = fixedTs.get(instance);
  if (!t) {
    t = instance.getFixedT(instance.language);
    fixedTs.set(instance, t);
  }
  return t;
}

/** Numbers, dates and times in the page's language (Intl). */
export function useFormat() {
  const language = usePageI18n().language;
  return useMemo(() => formatFor(language), [language]);
}

export function formatFor(language: string) {
  // The app's English is British (as the dates it printed before): 25 November 2026.
  const locale = language === "en" ? "en-GB" : language;
  const number = new Intl.NumberFormat(locale);
  // In UTC, so the server's render and the browser's agree (a market's day is what matters).
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  const toDate = (value: string | number | Date) => (value instanceof Date ? value : new Date(value));
  return {
    language,
    number: (n: number) => number.format(n),
    date: (value: string | number | Date) => date.format(toDate(value)),
  };
}

type Texts = Record<string, string>;
const englishData = { stages: englishStages as Record<string, Texts>, values: englishValues as Texts };

/**
 * Text the app wrote into a market (a stage's default title and instructions, the default
 * categories, descriptor values) shown in the page's language — but only while it is still the
 * app's English default: whatever a host typed is shown as typed.
 */
export function useDataText() {
  const t = useT();
  return useMemo(() => {
    const translate = (group: Texts | undefined, prefix: string, text: string) => {
      const field = group && Object.keys(group).find((key) => group[key] === text);
      return field ? t(`${prefix}.${field}`) : text;
    };
    return {
      stage: (stage: { key?: string; title: string; instructions: string }) => ({
        title: stage.key ? translate(englishData.stages[stage.key], `stages.${stage.key}`, stage.title) : stage.title,
        instructions: stage.key ? translate(englishData.stages[stage.key], `stages.${stage.key}`, stage.instructions) : stage.instructions,
      }),
      /** A category, an exchange or an urgency value. */
      value: (text: string) => translate(englishData.values, "values", text),
    };
  }, [t]);
}

/** For `meta` functions (no hooks there): the translate function of the page's language. */
export function metaT(matches: ReadonlyArray<{ data?: unknown } | undefined>): TFunction {
  let language: Language = DEFAULT_LANGUAGE;
  for (const match of matches) {
    const candidate = (match?.data as { language?: unknown } | undefined)?.language;
    if (isLanguage(candidate)) language = candidate;
  }
  return i18nFor(shownLanguage(language)).t;
}
