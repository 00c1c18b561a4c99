// The server's clock as seen from this device: every round and stage countdown is computed against
// it, so every screen shows the same remaining time whatever its own clock says.
import { useEffect, useRef, useState } from "react";

/**
 * The server's `now` each time it arrives gives an offset to this device's clock; `tick` re-renders
 * every `intervalMs` while `running`. Returns the current server time in ms.
 */
export function useServerNow(serverNow: number, running: boolean, intervalMs = 250): number {
  const offset = useRef(0);
  const [, setTick] = useState(0);
  // Measured when a new server time arrives (a snapshot or an event), not during render.
  const seen = useRef<number | null>(null);
  if (seen.current !== serverNow && typeof window !== "undefined") {
    seen.current = serverNow;
    offset.current = serverNow - Date.now();
  }
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setTick((n) => n + 1), intervalMs);
    return () => clearInterval(timer);
  }, [running, intervalMs]);
  return typeof window === "undefined" ? serverNow : Date.now() + offset.current;
}

/** "1:05", "0:09", "-0:30" for a stage that runs over. */
export function formatCountdown(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  const total = Math.ceil(Math.abs(ms) / 1000);
  return `${sign}${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}
