// How long a market is kept: RETENTION_DAYS after it closed (or after it was restored from an
// export, whichever is later). A market that is still open is never purged automatically.
import type { Market } from "./model.ts";

type Closing = Pick<Market, "phase" | "closedAt" | "restoredAt">;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The moment a market may be purged, or undefined while it is open. */
export function purgeDueAt(market: Closing, retentionDays: number): Date | undefined {
  if (market.phase !== "closed" || !market.closedAt) return undefined;
  const from = Math.max(Date.parse(market.closedAt), market.restoredAt ? Date.parse(market.restoredAt) : 0);
  return new Date(from + retentionDays * DAY_MS);
}

export function isDueForPurge(market: Closing, retentionDays: number, now: Date): boolean {
  const due = purgeDueAt(market, retentionDays);
  return due !== undefined && due.getTime() <= now.getTime();
}
