import type { Phase } from "../../server/market/model.ts";
import type { TFunction } from "i18next";

export const PHASE_STEPS: Array<{ phase: Phase; label: string; hint: string }> = [
  { phase: "lobby", label: "Lobby", hint: "People join with the QR code." },
  { phase: "sharing", label: "Sharing", hint: "Everyone posts offers and needs." },
  { phase: "connecting", label: "Connecting", hint: "Browse and ask to connect." },
  { phase: "closed", label: "Closed", hint: "Posting stops; follow-ups appear." },
];

/** A phase's name in the page's language. */
export const phaseLabel = (phase: Phase, t: TFunction) => t(`phase.${phase}`);
/** What a phase is for, in the page's language. */
export const phaseHint = (phase: Phase, t: TFunction) => t(`phase.${phase}Hint`);
