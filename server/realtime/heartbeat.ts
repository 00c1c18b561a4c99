// The live heartbeat's contract, shared by the server and every screen (no imports: the browser
// bundle takes it as is). Every HEARTBEAT_EVERY_MS the server tells each market's room the last
// seq it sent there. A screen whose state is older than that is behind and reloads a snapshot; a
// screen that hears nothing for two beats treats its connection as dead and opens a new one,
// instead of waiting for socket.io's ping timeout (25 s + 20 s) while it shows a frozen market.
// See docs/decisions/009-no-deaf-phones.md.

export const HEARTBEAT_EVENT = "heartbeat";

export const HEARTBEAT_EVERY_MS = 2000;

export interface Heartbeat {
  /** The last seq the server sent to this market's room (events before a beat are sent first). */
  seq: number;
  /** How long until the next beat, in ms. */
  every: number;
}

/** How long a screen waits without hearing anything before it calls its connection dead: two beats and some slack. */
export const silenceLimitMs = (every: number) => 2 * every + 1000;
