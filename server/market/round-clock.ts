// A countdown that can be paused, resumed and extended. Pure: every function takes `now` (ms since
// the epoch, the server's clock) so the same clock can be shown in sync on every screen: screens get
// the deadline and the server's now, and count down against their own offset to it.

export type ClockStatus = "idle" | "running" | "paused";

export interface Clock {
  status: ClockStatus;
  /** The time each turn starts with. */
  durationMs: number;
  /** When running: the server time (ms) at which the time is up. */
  deadline?: number;
  /** When paused: what was left. */
  remainingMs?: number;
}

export const idleClock = (durationMs: number): Clock => ({ status: "idle", durationMs });

export function startClock(durationMs: number, now: number): Clock {
  return { status: "running", durationMs, deadline: now + durationMs };
}

export function remainingMs(clock: Clock, now: number): number {
  if (clock.status === "running") return Math.max(0, (clock.deadline ?? now) - now);
  if (clock.status === "paused") return Math.max(0, clock.remainingMs ?? 0);
  return clock.durationMs;
}

export function isTimeUp(clock: Clock, now: number): boolean {
  return clock.status !== "idle" && remainingMs(clock, now) === 0;
}

export function pauseClock(clock: Clock, now: number): Clock {
  if (clock.status !== "running") return clock;
  return { status: "paused", durationMs: clock.durationMs, remainingMs: remainingMs(clock, now) };
}

export function resumeClock(clock: Clock, now: number): Clock {
  if (clock.status !== "paused") return clock;
  return { status: "running", durationMs: clock.durationMs, deadline: now + (clock.remainingMs ?? 0) };
}

/** Adds time to the current turn; a turn whose time was up starts counting again from now. */
export function addTime(clock: Clock, ms: number, now: number): Clock {
  if (clock.status === "running") return { ...clock, deadline: Math.max(clock.deadline ?? now, now) + ms };
  if (clock.status === "paused") return { ...clock, remainingMs: (clock.remainingMs ?? 0) + ms };
  return clock;
}

/** What a screen uses to show the clock: its own `Date.now()` plus this offset is the server's time. */
export function clockOffset(serverNow: number, localNow: number): number {
  return serverNow - localNow;
}
