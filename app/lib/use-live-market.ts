// Keeps a screen's market snapshot live: connect a socket for this market, apply each event,
// and load a fresh snapshot whenever the socket (re)connects without recovering what it missed.
import { useRevalidator } from "@remix-run/react";
import { useEffect, useReducer, useRef, useState } from "react";
import { io } from "socket.io-client";
import { initialLiveState, liveReducer, type MarketEvent, type MarketSnapshot } from "./market-state.ts";

/**
 * The one place the wire format is unpacked (docs/performance.md, "Live events"): a `batch`
 * message carries { events: [{ type, seq, ... }] } in seq order; any other message is one event
 * whose socket event name is its type.
 */
export function liveEventsOf(name: string, payload: unknown): MarketEvent[] {
  if (name === "batch") return (payload as { events: MarketEvent[] }).events;
  return [{ type: name, ...(payload as object) } as MarketEvent];
}

export type ScreenRole = "host" | "participant" | "viewer";
export type ConnectionStatus = "connecting" | "live" | "offline";

export function useLiveMarket(loaded: MarketSnapshot, as: ScreenRole, onEvent?: (event: MarketEvent) => void) {
  const [state, dispatch] = useReducer(liveReducer, loaded, initialLiveState);
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;

  // A loader run (after an action, or on reconnect) brings a fresh snapshot.
  useEffect(() => dispatch({ kind: "snapshot", snapshot: loaded }), [loaded]);

  useEffect(() => {
    if (state.stale) revalidate.current();
  }, [state.stale]);

  useEffect(() => {
    const socket = io({ auth: { code: loaded.code, as } });
    socket.on("connect", () => {
      setStatus("live");
      if (!socket.recovered) revalidate.current();
    });
    socket.on("disconnect", () => setStatus("offline"));
    socket.on("connect_error", () => setStatus("offline"));
    socket.onAny((name: string, payload: unknown) => {
      const events = liveEventsOf(name, payload);
      // One dispatch for the whole batch: one reducer pass, one render.
      dispatch({ kind: "events", events });
      for (const event of events) onEventRef.current?.(event);
    });
    return () => {
      socket.disconnect();
    };
  }, [loaded.code, as]);

  return { market: state.snapshot, status };
}
