// The server renders any page in any language, synchronously: every language's translations are
// in memory from start-up (entry.server.tsx imports this module). Browsers fetch only their page's
// language (app/lib/i18n.ts).
import de from "../locales/de.json";
import en from "../locales/en.json";
import es from "../locales/es.json";
import fr from "../locales/fr.json";
import { addTranslations, LANGUAGES, resourceOf, type Language, type Translations } from "./i18n";

const FILES: Record<Language, Translations> = { en, es, de, fr };

/** Every language's resource, as i18next gets it. */
export const RESOURCES = Object.fromEntries(LANGUAGES.map((language) => [language, resourceOf(language, FILES[language])])) as Record<Language, Translations>;

for (const language of LANGUAGES) addTranslations(language, RESOURCES[language]);
