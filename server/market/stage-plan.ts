// What each stage of the evening shows and allows on every screen: the one table the stage texts,
// the phone's buttons, the console's Now panel and the server's rules are read from. A screen that
// tells people to do something finds it allowed here, and the server accepts it.
// Pure: no I/O. The stage seeds in agenda.ts take their phase and the kinds they open from here;
// which kinds a stage opens is the kinds table's answer (kinds.ts `openIn`).
import { EVERYDAY_KINDS, KINDS, kindsOpenIn, POST_KINDS, type PostKind } from "./kinds.ts";
import type { Phase, ProjectorView } from "./model.ts";
import type { RoundFocus } from "./round.ts";

/**
 * What a phone offers:
 * - `post`: write cards of the kinds the stage opens (they go on the wall at once);
 * - `prepare`: write cards before they open (kept as drafts, posted when their kind opens);
 * - `react`: "I'm interested" on an offer, "I can help" on a need. With a card of the other kind
 *   that is open, it is a request to connect at once; when that kind is not open yet, the card
 *   written for it waits as a draft and the request goes with it when the kind opens;
 * - `suggest`: "I know who could help" (pair someone's offer with someone else's need);
 * - `star`: star the one need that matters most;
 * - `respond`: answer the requests that arrive;
 * - `follow-ups`: the accepted connections with contacts (after the close).
 */
export type PhoneAction = "post" | "prepare" | "react" | "suggest" | "star" | "respond" | "follow-ups";

/** What the console's Now panel holds besides the next step. */
export type ConsoleTool = "round" | "groups" | "still-open" | "harvest";

export interface StagePlan {
  phase: Phase;
  /** The kinds of card people post now; the others wait as drafts. */
  opens: readonly PostKind[];
  phone: readonly PhoneAction[];
  console: ConsoleTool | null;
  /** What the projector's main area shows when the stage begins. */
  wall: ProjectorView | "harvest";
  /** The cards a sharing round in this stage spotlights by default. */
  roundFocus?: RoundFocus;
}

const NONE: readonly PostKind[] = [];

const WRITING: readonly PhoneAction[] = ["post", "react", "respond"];
const NETWORKING: readonly PhoneAction[] = ["post", "react", "suggest", "respond"];
const CLOSED: StagePlan = { phase: "closed", opens: NONE, phone: ["follow-ups"], console: "harvest", wall: "harvest" };

/** A stage's row; the kinds it opens are the kinds table's answer (kinds.ts `openIn`). */
type StageRow = Omit<StagePlan, "opens">;

const ROWS = {
  // The ten-stage agenda (after the format's published process: offers first, then needs).
  "explore-offers": { phase: "sharing", phone: WRITING, console: null, wall: "wall" },
  "hear-offers": { phase: "sharing", phone: WRITING, console: "round", wall: "wall", roundFocus: "offer" },
  "network-offers": { phase: "connecting", phone: WRITING, console: null, wall: "wall" },
  "explore-needs": { phase: "sharing", phone: WRITING, console: null, wall: "wall" },
  "hear-needs": { phase: "sharing", phone: WRITING, console: "round", wall: "wall", roundFocus: "need" },
  // Optional (skipped until the host un-skips it): dreams go up, people gather around them.
  "share-dreams": { phase: "sharing", phone: WRITING, console: null, wall: "wall" },
  "network-rotate": { phase: "connecting", phone: NETWORKING, console: "groups", wall: "tables" },
  prioritise: { phase: "connecting", phone: [...NETWORKING, "star"], console: null, wall: "wall" },
  "still-open": { phase: "connecting", phone: [...NETWORKING, "star"], console: "still-open", wall: "still-open" },
  "final-networking": { phase: "connecting", phone: NETWORKING, console: null, wall: "wall" },
  celebrate: CLOSED,
  // The one-hour agenda.
  write: { phase: "sharing", phone: WRITING, console: null, wall: "wall" },
  hear: { phase: "sharing", phone: WRITING, console: "round", wall: "wall", roundFocus: "both" },
  network: { phase: "connecting", phone: NETWORKING, console: "groups", wall: "wall" },
} as const satisfies Record<string, StageRow>;

export type PlannedStageKey = keyof typeof ROWS;

/** Every stage of the format's agendas, by key, with the kinds it opens. */
export const STAGE_PLANS: Readonly<Record<PlannedStageKey, StagePlan>> = (() => {
  const plans = {} as Record<PlannedStageKey, StagePlan>;
  for (const key of Object.keys(ROWS) as PlannedStageKey[]) plans[key] = { ...ROWS[key], opens: kindsOpenIn(key) };
  return plans;
})();

/** Before the agenda starts (or for a stage of the host's own): the phase decides. */
export const PHASE_PLANS: Record<Phase, StagePlan> = {
  lobby: { phase: "lobby", opens: NONE, phone: ["prepare"], console: null, wall: "wall" },
  sharing: { phase: "sharing", opens: EVERYDAY_KINDS, phone: WRITING, console: "round", wall: "wall", roundFocus: "both" },
  connecting: { phase: "connecting", opens: EVERYDAY_KINDS, phone: [...NETWORKING, "star"], console: null, wall: "wall" },
  closed: CLOSED,
};

export function stagePlan(key: string): StagePlan | undefined {
  return Object.hasOwn(ROWS, key) ? STAGE_PLANS[key as PlannedStageKey] : undefined;
}

/** What the room does now, as every screen shows it and the server allows it. */
export interface RoomPlan extends StagePlan {
  /** The current stage's key, or null before the agenda starts. */
  stageKey: string | null;
}

/**
 * The plan in force: the current stage's row (with the kinds that stage opens as stored in the
 * agenda), or the phase's row before the agenda starts (the market's everyday kinds). The host's
 * "open offers and needs" opens the everyday kinds whatever the stage, and "open dreams" adds the
 * optional kinds (kinds.ts) to what is open; a closed market opens nothing.
 */
export function roomPlan(
  phase: Phase,
  stage: { key: string; posting: readonly PostKind[] } | undefined,
  override: "both" | undefined,
  dreamsOpen?: boolean,
): RoomPlan {
  if (phase === "closed") return { ...CLOSED, stageKey: stage?.key ?? null };
  const row = (stage && stagePlan(stage.key)) ?? PHASE_PLANS[phase];
  const stageOpens = stage ? stage.posting : row.opens;
  const base = override === "both" ? EVERYDAY_KINDS : stageOpens;
  // "Open dreams" adds the optional kinds to what is open (in the table's order).
  const opens = phase === "lobby" ? NONE : dreamsOpen ? POST_KINDS.filter((kind) => base.includes(kind) || KINDS[kind].optional) : base;
  return { ...row, phase, opens, stageKey: stage?.key ?? null };
}

/** Whether a phone may do something now. */
export const allows = (plan: Pick<StagePlan, "phone">, action: PhoneAction) => plan.phone.includes(action);
