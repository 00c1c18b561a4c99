// The projector and the host console speak the market's language. When the host changes it, the
// live `facilitation:changed` event carries the new one; reloading the route's data then re-renders
// the whole page (and <html lang>) in it, see app/root.tsx. The new language's translations are
// fetched at the same time as the data, so the page turns in one step.
import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { preloadTranslations } from "./i18n";

export function useFollowMarketLanguage(live: string | undefined, loaded: string) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (live && live !== loaded && state === "idle") {
      preloadTranslations(live);
      revalidate();
    }
  }, [live, loaded, state, revalidate]);
}
