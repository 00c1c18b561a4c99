// Keeps a screen's market snapshot live: connect a socket for this market, apply each event,
// and load a fresh snapshot whenever the socket (re)connects without recovering what it missed.
import { useRevalidator } from "@remix-run/react";
import { useEffect, useReducer, useRef, useState } from "react";
import { io } from "socket.io-client";
import { receiveLiveEvents, type LiveSocket } from "../../server/realtime/live-events.ts";
import { initialLiveState, liveReducer, type MarketEvent, type MarketSnapshot } from "./market-state.ts";

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
    const socket: LiveSocket = io({ auth: { code: loaded.code, as } });
    socket.on("connect", () => {
      setStatus("live");
      if (!socket.recovered) revalidate.current();
    });
    socket.on("disconnect", () => setStatus("offline"));
    socket.on("connect_error", () => setStatus("offline"));
    // Events are applied once per animation frame: a burst of cards is one render, not fifty.
    let queued: MarketEvent[] = [];
    let frame = 0;
    const flush = () => {
      frame = 0;
      const events = queued;
      queued = [];
      dispatch({ kind: "events", events });
    };
    receiveLiveEvents(socket, (events) => {
      queued.push(...events);
      if (!frame) frame = requestAnimationFrame(flush);
      for (const event of events) onEventRef.current?.(event);
    });
    return () => {
      if (frame) cancelAnimationFrame(frame);
      socket.disconnect();
    };
  }, [loaded.code, as]);

  return { market: state.snapshot, status };
}
