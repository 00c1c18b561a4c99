// What each phase allows. The service asks these; nothing else decides it.
import { MarketError } from "./errors.ts";
import type { Stage } from "./agenda.ts";
import type { Phase, PostKind } from "./model.ts";

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

// ---- Facilitation: which kinds of post a stage opens, and joining locks ----

const BOTH_KINDS: readonly PostKind[] = ["offer", "need"];

/**
 * The kinds people can post now. Before the agenda starts, the coarse phase decides (both kinds in
 * sharing and connecting). During the agenda, the stage decides: offers in the offers stages, needs
 * in the needs stages, both later; the host may open both at any time.
 */
export function openKinds(phase: Phase, stage: Stage | undefined, override: "both" | undefined): readonly PostKind[] {
  if (!canPost(phase)) return [];
  if (override === "both" || !stage) return BOTH_KINDS;
  return stage.posting;
}

export function requireKindOpen(kind: PostKind, open: readonly PostKind[], stage: Stage | undefined): void {
  if (open.includes(kind)) return;
  const what = kind === "offer" ? "offers" : "needs";
  throw new MarketError("conflict", "stage_closed_for_kind", `${stage ? `During “${stage.title}”` : "Now"} the room is not posting ${what} yet. You cannot post ${what} now.`);
}

export function requireJoiningOpen(locked: boolean | undefined): void {
  if (locked) throw new MarketError("conflict", "joining_locked", "The host has closed this market to new people.");
}
