// The projector and the host console speak the market's language. When the host changes it, the
// live `facilitation:changed` event carries the new one; reloading the route's data then re-renders
// the whole page (and <html lang>) in it, see app/root.tsx.
import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

export function useFollowMarketLanguage(live: string | undefined, loaded: string) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (live && live !== loaded && state === "idle") revalidate();
  }, [live, loaded, state, revalidate]);
}
