// The market's agenda: the format's stages in order, each belonging to one of the coarse phases
// (lobby / sharing / connecting / closed), with a suggested duration and one line for the room.
// Pure: the service persists an Agenda and publishes it; `now` is the server's clock in ms.
import type { Phase, PostKind } from "./model.ts";
import { STAGE_PLANS, type PlannedStageKey } from "./stage-plan.ts";

export const STAGE_KEYS = [
  "explore-offers",
  "hear-offers",
  "network-offers",
  "explore-needs",
  "hear-needs",
  "share-dreams",
  "network-rotate",
  "prioritise",
  "still-open",
  "final-networking",
  "celebrate",
  "write",
  "hear",
  "network",
  "custom",
] as const;
export type StageKey = (typeof STAGE_KEYS)[number];

export interface Stage {
  id: string;
  key: StageKey;
  title: string;
  instructions: string;
  minutes: number;
  phase: Phase;
  /** Which kinds of post people can make during this stage. */
  posting: PostKind[];
  skipped: boolean;
}

export type AgendaTemplate = "standard" | "short";

export interface Agenda {
  template: AgendaTemplate;
  stages: Stage[];
  /** The stage the room is in; null before the host starts the agenda (the lobby). */
  currentId: string | null;
  /** Server time (ms) when the current stage began. */
  stageStartedAt?: number;
}

/** A stage as the agenda's templates write it: its phase and the kinds it opens come from its plan. */
type StageSeed = Pick<Stage, "title" | "minutes" | "instructions"> & { key: PlannedStageKey };

// After the format's published process: offers first, then needs, in small rotating groups.
const STANDARD: StageSeed[] = [
  { key: "explore-offers", title: "Explore your offers", minutes: 5, instructions: "In silence, write what you can offer: skills, things, time, knowledge, space." },
  { key: "hear-offers", title: "Hear the offers", minutes: 15, instructions: "Rapid fire: one minute each to share your offers. Tap “I'm interested” as you listen." },
  { key: "network-offers", title: "Network", minutes: 10, instructions: "Find the people whose offers caught your ear and tap “I'm interested”: your request goes out when needs open." },
  { key: "explore-needs", title: "Explore your needs", minutes: 5, instructions: "In silence, write what you need. Big or small, everything counts." },
  { key: "hear-needs", title: "Hear the needs", minutes: 15, instructions: "Rapid fire: one minute each to share your needs. Tap “I can help” as you listen." },
  { key: "network-rotate", title: "Network and rotate groups", minutes: 15, instructions: "Meet your new table, match offers with needs, then rotate when the host calls it." },
  { key: "prioritise", title: "Prioritise", minutes: 5, instructions: "Star the one need that matters most to you right now." },
  { key: "still-open", title: "What is still open", minutes: 10, instructions: "We re-read only what has no connection yet, starred needs first. Who can help?" },
  { key: "final-networking", title: "Final networking", minutes: 10, instructions: "Last chance: answer your requests and make your connections." },
  { key: "celebrate", title: "Celebrate", minutes: 5, instructions: "Look at what this room made together. Your follow-ups are on your phone." },
];

// A one-hour meetup: both kinds at once, one round, one networking block.
const SHORT: StageSeed[] = [
  { key: "write", title: "Write offers and needs", minutes: 7, instructions: "In silence, write at least one offer and one need." },
  { key: "hear", title: "Hear everyone", minutes: 20, instructions: "Rapid fire: one minute each for your offers and needs. Tap as you listen." },
  { key: "network", title: "Network", minutes: 20, instructions: "Browse, match and ask to connect." },
  { key: "still-open", title: "What is still open", minutes: 8, instructions: "We re-read only what has no connection yet. Who can help?" },
  { key: "celebrate", title: "Celebrate", minutes: 5, instructions: "Look at what this room made together. Your follow-ups are on your phone." },
];

export function agendaFromTemplate(template: AgendaTemplate): Agenda {
  const seeds = template === "short" ? SHORT : STANDARD;
  // A stage's phase and the kinds it opens come from its plan (stage-plan.ts, which reads the kinds table).
  return {
    template,
    stages: seeds.map((seed, index) => stageFrom(seed, `s${index + 1}`)),
    currentId: null,
  };
}

const stageFrom = (seed: StageSeed, id: string): Stage => ({ ...seed, phase: STAGE_PLANS[seed.key].phase, posting: [...STAGE_PLANS[seed.key].opens], id, skipped: false });

export const defaultAgenda = (): Agenda => agendaFromTemplate("standard");

/** The optional stage the host adds when the room will share dreams (issue 18). */
const DREAMS_STAGE: StageSeed = {
  key: "share-dreams",
  title: "Share your dreams",
  minutes: 10,
  instructions: "What are you dreaming of? Post it; others say “I'm in”, “I can help” or “I need this too”.",
};

/**
 * Adds the "Share your dreams" stage after the last stage where the room writes and hears its
 * cards (before the networking that follows), or un-skips it when the agenda has it already. Its
 * id is new, so the other stages keep theirs.
 */
export function addDreamsStage(agenda: Agenda): Agenda {
  const existing = agenda.stages.find((stage) => stage.key === DREAMS_STAGE.key);
  if (existing) return updateStage(agenda, existing.id, { skipped: false });
  const taken = new Set(agenda.stages.map((stage) => stage.id));
  let n = agenda.stages.length + 1;
  while (taken.has(`s${n}`)) n++;
  const lastSharing = agenda.stages.map((stage) => stage.phase).lastIndexOf("sharing");
  const closing = agenda.stages.findIndex((stage) => stage.phase === "closed");
  const at = lastSharing !== -1 ? lastSharing + 1 : closing !== -1 ? closing : agenda.stages.length;
  const stages = agenda.stages.slice();
  stages.splice(at, 0, stageFrom(DREAMS_STAGE, `s${n}`));
  return { ...agenda, stages };
}

export function currentStage(agenda: Agenda | undefined): Stage | undefined {
  if (!agenda?.currentId) return undefined;
  return agenda.stages.find((stage) => stage.id === agenda.currentId);
}

export function goToStage(agenda: Agenda, stageId: string, now: number): Agenda {
  if (!agenda.stages.some((stage) => stage.id === stageId)) throw new RangeError(`no stage ${stageId}`);
  return { ...agenda, currentId: stageId, stageStartedAt: now };
}

/** The next stage that is not skipped, or undefined at the end of the agenda. */
export function followingStage(agenda: Agenda): Stage | undefined {
  const index = agenda.currentId ? agenda.stages.findIndex((stage) => stage.id === agenda.currentId) : -1;
  return agenda.stages.slice(index + 1).find((stage) => !stage.skipped);
}

export function nextStage(agenda: Agenda, now: number): Agenda {
  const next = followingStage(agenda);
  return next ? goToStage(agenda, next.id, now) : agenda;
}

/** Moves a stage by some places: up (negative) or down (positive), stopping at either end. */
export function shiftStage(agenda: Agenda, stageId: string, by: number): Agenda {
  const from = agenda.stages.findIndex((stage) => stage.id === stageId);
  if (from === -1) throw new RangeError(`no stage ${stageId}`);
  return moveStage(agenda, stageId, Math.max(0, from + by));
}

/** Moves a stage to a new position (0-based); the current stage stays current. */
export function moveStage(agenda: Agenda, stageId: string, toIndex: number): Agenda {
  const from = agenda.stages.findIndex((stage) => stage.id === stageId);
  if (from === -1) throw new RangeError(`no stage ${stageId}`);
  const stages = agenda.stages.slice();
  const [stage] = stages.splice(from, 1);
  stages.splice(Math.max(0, Math.min(stages.length, toIndex)), 0, stage!);
  return { ...agenda, stages };
}

export type StageChange = Partial<Pick<Stage, "title" | "instructions" | "minutes" | "skipped">>;

export function updateStage(agenda: Agenda, stageId: string, change: StageChange): Agenda {
  if (!agenda.stages.some((stage) => stage.id === stageId)) throw new RangeError(`no stage ${stageId}`);
  return { ...agenda, stages: agenda.stages.map((stage) => (stage.id === stageId ? { ...stage, ...change } : stage)) };
}

/** The first stage (not skipped) that belongs to a phase: where a plain phase change lands. */
export function firstStageOfPhase(agenda: Agenda, phase: Phase): Stage | undefined {
  return agenda.stages.find((stage) => stage.phase === phase && !stage.skipped);
}

/** Time left in the current stage (ms, may be negative when it runs over). */
export function stageRemainingMs(agenda: Agenda, now: number): number | undefined {
  const stage = currentStage(agenda);
  if (!stage || agenda.stageStartedAt === undefined) return undefined;
  return agenda.stageStartedAt + stage.minutes * 60_000 - now;
}

export function totalMinutes(agenda: Agenda): number {
  return agenda.stages.filter((stage) => !stage.skipped).reduce((sum, stage) => sum + stage.minutes, 0);
}
