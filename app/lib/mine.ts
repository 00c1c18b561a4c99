// A phone action that changes only what is this person's own (their drafts) does not run the
// page's loaders again, which would draw the whole room for one phone (decision 018); the form
// re-reads the personal part when its answer comes (m.$code.tsx, AFTER_ACTION).
import { useFetcher } from "@remix-run/react";
import { nanoid } from "nanoid";
import { createContext, useContext, useEffect, useState } from "react";

/** Re-reads what only this phone shows (its drafts, circles, follow-ups); given by the phone page. */
export const ReloadMine = createContext<() => void>(() => {});

/** A fetcher for an action on what is mine: what is mine is re-read when its answer comes. */
export function useFetcherForMine<T>() {
  const fetcher = useFetcher<T>();
  const reloadMine = useContext(ReloadMine);
  const answer = fetcher.data;
  useEffect(() => {
    if (answer !== undefined) reloadMine();
  }, [answer, reloadMine]);
  return fetcher;
}

/**
 * The id a form sends with the card it writes, so that a form resent on bad Wi-Fi posts nothing
 * twice: the same until an answer comes, then a new one for the next card (the page's loader,
 * which gave the first, does not run again after these actions).
 */
export function useNextClientId(first: string, answer: unknown): string {
  const [clientId, setClientId] = useState(first);
  useEffect(() => {
    if (answer !== undefined) setClientId(nanoid(16));
  }, [answer]);
  return clientId;
}
