// A market in brief: what the retention sweep and the round timers need to know about every stored
// market without loading any of them. The store keeps one per market beside the market itself (a
// catalog for lowdb, columns for PostgreSQL); one function here decides what goes in it.
import type { Market } from "./model.ts";
import { pendingTimeUp } from "./round.ts";

export interface MarketListing {
  id: string;
  code: string;
  phase: Market["phase"];
  closedAt?: string;
  restoredAt?: string;
  /** A sharing turn counting down: the time-up the server owes it. */
  timeUp?: { roundId: string; deadline: number };
}

export function listingOf(market: Market): MarketListing {
  const deadline = pendingTimeUp(market.round);
  return {
    id: market.id,
    code: market.code,
    phase: market.phase,
    ...(market.closedAt ? { closedAt: market.closedAt } : {}),
    ...(market.restoredAt ? { restoredAt: market.restoredAt } : {}),
    ...(deadline !== undefined ? { timeUp: { roundId: market.round!.id, deadline } } : {}),
  };
}
