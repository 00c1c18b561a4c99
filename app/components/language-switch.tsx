import { Form, useLocation } from "@remix-run/react";
import { LANGUAGE_NAMES, LANGUAGES, preloadTranslations, usePageI18n, useT } from "~/lib/i18n";

/**
 * The phone's language switch: one button per language, a plain form. Without JavaScript it posts
 * and the page comes back in the new language; with it, the page stays (a half-typed form too) and
 * re-renders in the new language, whose translations start loading on the tap.
 */
export function LanguageSwitch() {
  const t = useT();
  const i18n = usePageI18n();
  const location = useLocation();
  return (
    <Form method="post" action="/language" className="language-switch" aria-label={t("language.switch")} preventScrollReset>
      <input type="hidden" name="back" value={location.pathname + location.search} />
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="submit"
          name="lang"
          value={language}
          lang={language}
          className="link-button"
          aria-current={i18n.language === language ? "true" : undefined}
          disabled={i18n.language === language}
          onClick={() => preloadTranslations(language)}
        >
          {LANGUAGE_NAMES[language]}
        </button>
      ))}
    </Form>
  );
}
