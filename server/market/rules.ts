// What each phase allows. The service asks these; nothing else decides it.
import { conflict } from "./errors.ts";
import { currentStage, type Stage } from "./agenda.ts";
import { KINDS, type PostKind } from "./kinds.ts";
import { roomPlan } from "./stage-plan.ts";
import type { Market, Phase } from "./model.ts";

const OPEN_FOR_POSTING: readonly Phase[] = ["sharing", "connecting"];

export const canJoin = (phase: Phase) => phase !== "closed";
export const canPost = (phase: Phase) => OPEN_FOR_POSTING.includes(phase);
export const canConnect = (phase: Phase) => OPEN_FOR_POSTING.includes(phase);
export const canChangeAnything = (phase: Phase) => phase !== "closed";

export function requirePhase(allowed: boolean, phase: Phase): void {
  if (!allowed) throw conflict(`phase_${phase}`);
}

// ---- Facilitation: which kinds of post a stage opens, and joining locks ----

/**
 * The kinds people can post now, from the plan in force (stage-plan.ts): before the agenda starts,
 * the coarse phase decides (both kinds in sharing and connecting); during the agenda, the stage:
 * offers in the offers stages, needs in the needs stages, both later. The host may open both at
 * any time.
 */
export function openKinds(phase: Phase, stage: Stage | undefined, override: "both" | undefined, dreamsOpen?: boolean): readonly PostKind[] {
  return roomPlan(phase, stage, override, dreamsOpen).opens;
}

/** The kinds the room posts now in this market (its stage, or its phase before the agenda starts). */
export function kindsOpenNow(market: Pick<Market, "phase" | "agenda" | "postingOverride" | "dreamsOpen">): readonly PostKind[] {
  const stage = market.agenda?.currentId ? currentStage(market.agenda) : undefined;
  return openKinds(market.phase, stage, market.postingOverride, market.dreamsOpen);
}

export function requireKindOpen(kind: PostKind, open: readonly PostKind[]): void {
  if (!open.includes(kind)) throw conflict(KINDS[kind].notOpen);
}

export function requireJoiningOpen(locked: boolean | undefined): void {
  if (locked) throw conflict("joining_locked");
}
