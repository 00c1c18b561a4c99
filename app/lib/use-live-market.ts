// Keeps a screen's market snapshot live: a live connection for this market (live-connection.ts)
// whose events are applied as they come, and a fresh snapshot whenever the state is found behind
// (a seq gap, a heartbeat past it, or a new connection's first beat that differs from it). The fresh snapshot comes from
// the API, not from running the page's loaders again: when a venue's Wi-Fi returns, the whole
// room asks at once, and the API serves the room's part of it once for all (decision 018).
import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { fetchJsonWhenBack } from "./reload-when-back.ts";
import { openLiveConnection } from "./live-connection.ts";
import { initialLiveState, liveReducer, type LiveEvent, type MarketSnapshot } from "./market-state.ts";

export type ScreenRole = "host" | "participant" | "viewer";
/** What the screen says about itself: "catching-up" is connected, with a fresh snapshot on its way. */
export type ConnectionStatus = "connecting" | "live" | "catching-up" | "offline";

export interface LiveMarketOptions {
  /** Hears each live event as it comes. */
  onEvent?: (event: LiveEvent) => void;
  /** What else the page reloads once it has caught up (what is only this screen's may have changed while it was away). */
  onCaughtUp?: () => void;
  /**
   * Catches up by running the page's loaders, not from the API's snapshot: for the console, whose
   * page holds more than the room (the strongest pairs, the moderation list), and which is one
   * screen, not a room of phones asking at once.
   */
  byLoaders?: boolean;
}

export function useLiveMarket(loaded: MarketSnapshot, as: ScreenRole, { onEvent, onCaughtUp, byLoaders = false }: LiveMarketOptions = {}) {
  const [state, dispatch] = useReducer(liveReducer, loaded, initialLiveState);
  const [link, setLink] = useState<"connecting" | "connected" | "offline">("connecting");
  const [catchingUp, setCatchingUp] = useState(false);
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const onCaughtUpRef = useRef(onCaughtUp);
  onCaughtUpRef.current = onCaughtUp;
  const catchUp = useRef(async () => {
    setCatchingUp(true);
    // The loaders' data brings the snapshot and ends the catching up (the effect on `loaded`).
    if (byLoaders) return revalidate.current();
    try {
      // The room as this screen sees it, from the API (its role's cookie speaks for it).
      // A server restarting, or Wi-Fi dropping again, is waited out (reload-when-back.ts).
      dispatch({ kind: "snapshot", snapshot: await fetchJsonWhenBack<MarketSnapshot>(`/api/markets/${encodeURIComponent(loaded.code)}/snapshot?as=${as}`) });
    } catch {
      // Refused (removed from the market, the market gone): the page's own loader says what now,
      // and its data ends the catching up.
      revalidate.current();
      return;
    }
    setCatchingUp(false);
    onCaughtUpRef.current?.();
  });
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;

  // A loader run (after an action, or to catch up) brings a fresh snapshot.
  useEffect(() => {
    dispatch({ kind: "snapshot", snapshot: loaded });
    setCatchingUp(false);
  }, [loaded]);

  useEffect(() => {
    if (state.stale) void catchUp.current();
  }, [state.stale]);

  useEffect(() => {
    // Events are applied once per animation frame: a burst of cards is one render, not fifty.
    let queued: LiveEvent[] = [];
    let frame = 0;
    const flush = () => {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      const events = queued;
      queued = [];
      if (events.length) dispatch({ kind: "events", events });
    };
    const connection = openLiveConnection(
      undefined,
      { code: loaded.code, as },
      {
        // Nothing is fetched yet: the first beat says whether anything was missed, so a whole
        // room back from a Wi-Fi blip in which nothing happened fetches nothing.
        connected: () => setLink("connected"),
        disconnected: () => setLink("offline"),
        events: (events) => {
          queued.push(...events);
          if (!frame) frame = requestAnimationFrame(flush);
          for (const event of events) onEventRef.current?.(event);
        },
        beat: (seq, afterConnect) => {
          // The beat counts the events sent before it: apply those first.
          flush();
          dispatch({ kind: "beat", seq, afterConnect });
        },
      },
    );
    return () => {
      if (frame) cancelAnimationFrame(frame);
      connection.close();
    };
  }, [loaded.code, as]);

  const status: ConnectionStatus = link !== "connected" ? link : catchingUp || state.stale ? "catching-up" : "live";
  /** Catches up with the room now (a change this screen hears of only in part). */
  const refresh = useCallback(() => void catchUp.current(), []);
  return { market: state.snapshot, status, refresh };
}
