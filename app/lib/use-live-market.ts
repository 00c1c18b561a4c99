// Keeps a screen's market snapshot live: a live connection for this market (live-connection.ts)
// whose events are applied as they come, and a fresh snapshot whenever the socket connects afresh
// or the state is found behind (a seq gap, or a heartbeat past it).
import { useRevalidator } from "@remix-run/react";
import { useEffect, useReducer, useRef, useState } from "react";
import { openLiveConnection } from "./live-connection.ts";
import { initialLiveState, liveReducer, type LiveEvent, type MarketSnapshot } from "./market-state.ts";

export type ScreenRole = "host" | "participant" | "viewer";
/** What the screen says about itself: "catching-up" is connected, with a fresh snapshot on its way. */
export type ConnectionStatus = "connecting" | "live" | "catching-up" | "offline";

export function useLiveMarket(loaded: MarketSnapshot, as: ScreenRole, onEvent?: (event: LiveEvent) => void) {
  const [state, dispatch] = useReducer(liveReducer, loaded, initialLiveState);
  const [link, setLink] = useState<"connecting" | "connected" | "offline">("connecting");
  const [catchingUp, setCatchingUp] = useState(false);
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const catchUp = useRef(() => {
    setCatchingUp(true);
    revalidate.current();
  });
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;

  // A loader run (after an action, or to catch up) brings a fresh snapshot.
  useEffect(() => {
    dispatch({ kind: "snapshot", snapshot: loaded });
    setCatchingUp(false);
  }, [loaded]);

  useEffect(() => {
    if (state.stale) catchUp.current();
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
        connected: () => {
          setLink("connected");
          catchUp.current();
        },
        disconnected: () => setLink("offline"),
        events: (events) => {
          queued.push(...events);
          if (!frame) frame = requestAnimationFrame(flush);
          for (const event of events) onEventRef.current?.(event);
        },
        beat: (seq) => {
          // The beat counts the events sent before it: apply those first.
          flush();
          dispatch({ kind: "beat", seq });
        },
      },
    );
    return () => {
      if (frame) cancelAnimationFrame(frame);
      connection.close();
    };
  }, [loaded.code, as]);

  const status: ConnectionStatus = link !== "connected" ? link : catchingUp || state.stale ? "catching-up" : "live";
  return { market: state.snapshot, status };
}
