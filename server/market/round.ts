// A sharing round: people speak one at a time (or one per table at the same time), each with the
// same time. Pure state transitions over plain data; the server layer fires the time-up.
import type { PostKind } from "./model.ts";
import { addTime, idleClock, pauseClock, resumeClock, startClock, type Clock } from "./round-clock.ts";

export type RoundFocus = PostKind | "both";
export type RoundScope = "room" | "tables";

export interface Round {
  id: string;
  /** Whose posts the spotlight shows: offers, needs or both. */
  focus: RoundFocus;
  /** "room": one speaker for everyone; "tables": at each table, the member at `slot` speaks. */
  scope: RoundScope;
  perSpeakerMs: number;
  /** Speaking order (participant ids) for the room. */
  order: string[];
  heard: string[];
  skipped: string[];
  speakerId: string | null;
  /** Tables scope: the turn number (0-based) at every table. */
  slot: number;
  clock: Clock;
  status: "running" | "ended";
  /** Server time (ms) when the current turn's time ran out, set by the server's timer. */
  timeUpAt?: number;
}

/** Which turn a round is at, as a console saw it: a move made from an older turn is refused. */
export const roundTurn = (round: Round): string => `${round.id}:${round.speakerId ?? ""}:${round.slot}:${round.heard.length}`;

export const DEFAULT_SPEAKER_MS = 60_000;
export const ADD_TIME_MS = 30_000;

export function startRound(options: { id: string; focus: RoundFocus; scope: RoundScope; perSpeakerMs: number; order: string[] }, now: number): Round {
  const round: Round = {
    id: options.id,
    focus: options.focus,
    scope: options.scope,
    perSpeakerMs: options.perSpeakerMs,
    order: [...options.order],
    heard: [],
    skipped: [],
    speakerId: null,
    slot: -1,
    clock: idleClock(options.perSpeakerMs),
    status: "running",
  };
  return nextSpeaker(round, now);
}

function turn(round: Round, change: Partial<Round>, now: number): Round {
  const { timeUpAt: _done, ...rest } = round;
  return { ...rest, ...change, clock: startClock(round.perSpeakerMs, now) };
}

/** Who speaks after the current speaker: the next in order not yet heard nor skipped. */
export function upNext(round: Round): string | null {
  const done = new Set([...round.heard, ...round.skipped, ...(round.speakerId ? [round.speakerId] : [])]);
  return round.order.find((id) => !done.has(id)) ?? null;
}

/** "Next": the current speaker has been heard; the next in order takes the floor. */
export function nextSpeaker(round: Round, now: number, tableSizes: number[] = []): Round {
  if (round.status === "ended") return round;
  if (round.scope === "tables") {
    const slot = round.slot + 1;
    if (slot >= Math.max(0, ...tableSizes) && round.slot >= 0) return endRound(round);
    return turn(round, { slot }, now);
  }
  const heard = round.speakerId && !round.heard.includes(round.speakerId) ? [...round.heard, round.speakerId] : round.heard;
  const after = { ...round, heard };
  const next = upNext(after);
  if (!next) return endRound(after);
  return turn(after, { speakerId: next, skipped: round.skipped.filter((id) => id !== next) }, now);
}

/** The host picks anyone (also someone skipped or already heard) to speak now. */
export function pickSpeaker(round: Round, participantId: string, now: number): Round {
  if (round.status === "ended") return round;
  const heard = round.speakerId && round.speakerId !== participantId && !round.heard.includes(round.speakerId) ? [...round.heard, round.speakerId] : round.heard;
  const order = round.order.includes(participantId) ? round.order : [...round.order, participantId];
  return turn(round, { order, heard: heard.filter((id) => id !== participantId), skipped: round.skipped.filter((id) => id !== participantId), speakerId: participantId }, now);
}

/** "Skip": the current speaker passes for now (not counted as heard) and the next one speaks. */
export function skipSpeaker(round: Round, now: number, tableSizes: number[] = []): Round {
  if (round.status === "ended") return round;
  if (round.scope === "tables") return nextSpeaker(round, now, tableSizes);
  const skipped = round.speakerId ? [...round.skipped, round.speakerId] : round.skipped;
  const after: Round = { ...round, skipped, speakerId: null };
  const next = upNext(after);
  if (!next) return endRound(after);
  return turn(after, { speakerId: next }, now);
}

export function pauseRound(round: Round, now: number): Round {
  return { ...round, clock: pauseClock(round.clock, now) };
}

export function resumeRound(round: Round, now: number): Round {
  return { ...round, clock: resumeClock(round.clock, now) };
}

export function addRoundTime(round: Round, ms: number, now: number): Round {
  const { timeUpAt: _done, ...rest } = round;
  return { ...rest, clock: addTime(round.clock, ms, now) };
}

/**
 * The deadline the server's timer must mark, or undefined when there is none to wait for: the
 * round ended, the clock is paused or idle, or the time-up is already marked.
 */
export function pendingTimeUp(round: Round | null | undefined): number | undefined {
  if (!round || round.status !== "running" || round.timeUpAt !== undefined) return undefined;
  if (round.clock.status !== "running") return undefined;
  return round.clock.deadline;
}

export function endRound(round: Round): Round {
  const heard = round.speakerId && !round.heard.includes(round.speakerId) ? [...round.heard, round.speakerId] : round.heard;
  return { ...round, heard, speakerId: null, status: "ended", clock: idleClock(round.perSpeakerMs) };
}
