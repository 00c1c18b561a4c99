// What each phase allows. The service asks these; nothing else decides it.
import { MarketError } from "./errors.ts";
import type { Phase } from "./model.ts";

const OPEN_FOR_POSTING: readonly Phase[] = ["sharing", "connecting"];

export const canJoin = (phase: Phase) => phase !== "closed";
export const canPost = (phase: Phase) => OPEN_FOR_POSTING.includes(phase);
export const canConnect = (phase: Phase) => OPEN_FOR_POSTING.includes(phase);
export const canChangeAnything = (phase: Phase) => phase !== "closed";

export function requirePhase(allowed: boolean, phase: Phase, action: string): void {
  if (allowed) return;
  const why =
    phase === "closed"
      ? "The market is closed."
      : phase === "lobby"
        ? "The market has not opened for posting yet."
        : `Not possible during ${phase}.`;
  throw new MarketError("conflict", `phase_${phase}`, `${why} You cannot ${action} now.`);
}
