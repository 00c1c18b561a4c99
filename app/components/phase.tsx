import type { Phase } from "../../server/market/model.ts";

export const PHASE_STEPS: Array<{ phase: Phase; label: string; hint: string }> = [
  { phase: "lobby", label: "Lobby", hint: "People join with the QR code." },
  { phase: "sharing", label: "Sharing", hint: "Everyone posts offers and needs." },
  { phase: "connecting", label: "Connecting", hint: "Browse and ask to connect." },
  { phase: "closed", label: "Closed", hint: "Posting stops; follow-ups appear." },
];

export const phaseLabel = (phase: Phase) => PHASE_STEPS.find((step) => step.phase === phase)?.label ?? phase;
