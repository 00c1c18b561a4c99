// Which language a phone sees: its `lang` cookie (set by the switch), else the browser's
// Accept-Language (negotiator), else English. The projector and the host console do not use
// this: they follow the market's language, set by the host.
import { parse, serialize } from "cookie";
import Negotiator from "negotiator";
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from "./i18n";

export const LANGUAGE_COOKIE = "lang";

export function phoneLanguage(request: Request): Language {
  const chosen = parse(request.headers.get("Cookie") ?? "")[LANGUAGE_COOKIE];
  if (isLanguage(chosen)) return chosen;
  const header = request.headers.get("Accept-Language");
  if (!header) return DEFAULT_LANGUAGE;
  const best = new Negotiator({ headers: { "accept-language": header } }).language([...LANGUAGES]);
  return isLanguage(best) ? best : DEFAULT_LANGUAGE;
}

export function languageCookie(language: Language, secure: boolean): string {
  return serialize(LANGUAGE_COOKIE, language, { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax", httpOnly: false, secure });
}
