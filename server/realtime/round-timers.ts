// The timers that must fire: when a sharing turn's deadline passes, tell the market service so it
// marks the time up and every screen shows the cue. Domain stays pure; only this layer owns
// setTimeout. One timer per market, replaced whenever the round changes.
import type { FacilitationService } from "../market/facilitation-service.ts";
import { pendingTimeUp } from "../market/round.ts";
import type { MarketService } from "../market/service.ts";
import type { MarketStore } from "../market/store-port.ts";

/**
 * Starts the timers and, since timers die with the process, restores those of rounds that were
 * counting down when the server stopped: a turn with time left is scheduled for what is left; a
 * turn whose deadline passed meanwhile is marked before this resolves (so before the server
 * listens, and the first snapshot anyone loads already has the time-up).
 */
export async function scheduleRoundTimeUps(markets: MarketService, facilitation: FacilitationService, store: Pick<MarketStore, "onCommitted"> = {}): Promise<() => void> {
  const timers = new Map<string, NodeJS.Timeout>();
  const markTimeUp = (marketIdOrCode: string, roundId: string, deadline: number) =>
    markets
      .locate(marketIdOrCode)
      .then(({ code }) => facilitation.roundTimeUp(code, roundId, deadline))
      .catch((error: unknown) => console.error("round time-up failed:", error));
  const schedule = (marketId: string, roundId: string, deadline: number, serverNow: number) => {
    clearTimeout(timers.get(marketId));
    // The service's clock is the one that sets deadlines; serverNow is that clock's now.
    const delay = Math.max(0, deadline - serverNow);
    timers.set(
      marketId,
      setTimeout(() => {
        timers.delete(marketId);
        void markTimeUp(marketId, roundId, deadline);
      }, delay + 5),
    );
  };

  const unsubscribe = markets.subscribe((marketId, event) => {
    if (event.type !== "round:changed") return;
    clearTimeout(timers.get(marketId));
    timers.delete(marketId);
    const deadline = pendingTimeUp(event.round);
    if (deadline !== undefined) schedule(marketId, event.round!.id, deadline, event.serverNow);
  });
  // Several nodes: only one runs the timers (server/lease.ts), so it also hears of the rounds that
  // other nodes started or stopped. Nodes' clocks are taken to agree (each sets deadlines by its own).
  const stopHearing = store.onCommitted?.((marketId, _version, timeUp) => {
    if (timeUp) return schedule(marketId, timeUp.roundId, timeUp.deadline, Date.now());
    clearTimeout(timers.get(marketId));
    timers.delete(marketId);
  });

  const { serverNow, rounds } = await markets.roundsCountingDown();
  for (const { marketId, roundId, deadline } of rounds) {
    if (deadline <= serverNow) await markTimeUp(marketId, roundId, deadline);
    else schedule(marketId, roundId, deadline, serverNow);
  }

  return () => {
    unsubscribe();
    stopHearing?.();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  };
}
