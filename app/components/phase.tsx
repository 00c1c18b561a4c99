import type { Phase } from "../../server/market/model.ts";
import type { TFunction } from "i18next";

/** The phases in order; their names and hints are in app/locales (phase.<phase>, phase.<phase>Hint). */
export const PHASE_STEPS: Array<{ phase: Phase }> = [{ phase: "lobby" }, { phase: "sharing" }, { phase: "connecting" }, { phase: "closed" }];

/** A phase's name in the page's language. */
export const phaseLabel = (phase: Phase, t: TFunction) => t(`phase.${phase}`);
/** What a phase is for, in the page's language. */
export const phaseHint = (phase: Phase, t: TFunction) => t(`phase.${phase}Hint`);
