// Why two cards are suggested together, in the reader's language: the engine gives the shared
// concepts as ids of its lexicon (named in app/locales under `concept.<id>`) and then the words
// both cards use, which are shown as they were written.
import type { TFunction } from "i18next";

export function whyOf(t: TFunction, sharedTerms: readonly string[]): string {
  return sharedTerms.map((term) => t(`concept.${term}`, { defaultValue: term })).join(", ");
}
