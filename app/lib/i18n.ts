// The one translation layer: i18next instances (one per shipped language, resources bundled, so
// rendering is synchronous on the server and in the browser) and the hooks components use.
// Which language a page uses is decided on the server (app/lib/language.server.ts) and read in
// app/root.tsx; see docs/languages.md.
import { createInstance, type i18n, type TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import de from "../locales/de.json";
import en from "../locales/en.json";
import es from "../locales/es.json";
import fr from "../locales/fr.json";
import { FIELD_NAMES, REFUSALS } from "../../server/market/refusals.ts";

export const LANGUAGES = ["en", "es", "de", "fr"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";
/** Each language's name in itself, for the switch. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: "English", es: "Español", de: "Deutsch", fr: "Français" };

// English refusals are the server's own catalogue; the other languages translate it by code.
const english = { ...en, refusals: REFUSALS, refusalFields: FIELD_NAMES };
export const RESOURCES = { en: english, es, de, fr } as const;

export const isLanguage = (value: unknown): value is Language => typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);

const instances = new Map<Language, i18n>();

/** The (cached) i18next instance for a language. */
export function i18nFor(language: Language): i18n {
  let instance = instances.get(language);
  if (!instance) {
    instance = createInstance();
    void instance.init({
      lng: language,
      fallbackLng: DEFAULT_LANGUAGE,
      resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: RESOURCES[l] }])),
      initAsync: false,
      interpolation: { escapeValue: false }, // React escapes.
      react: { useSuspense: false },
    });
    instances.set(language, instance);
  }
  return instance;
}

/** The translate function for the page's language. */
export function useT(): TFunction {
  return useTranslation().t;
}

/** Numbers, dates and times in the page's language (Intl). */
export function useFormat() {
  const { i18n } = useTranslation();
  const language = i18n.language;
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
const englishData = RESOURCES.en as unknown as { stages: Record<string, Texts>; values: Texts };

/**
 * Text the app wrote into a market (a stage's default title and instructions, the default
 * categories, descriptor values) shown in the page's language — but only while it is still the
 * app's English default: whatever a host typed is shown as typed.
 */
export function useDataText() {
  const { t } = useTranslation();
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
  return i18nFor(language).t;
}
