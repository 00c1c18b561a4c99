// The timers that must fire: when a sharing turn's deadline passes, tell the market service so it
// marks the time up and every screen shows the cue. Domain stays pure; only this layer owns
// setTimeout. One timer per market, replaced whenever the round changes.
import type { FacilitationService } from "../market/facilitation-service.ts";
import type { MarketService } from "../market/service.ts";

export function scheduleRoundTimeUps(markets: MarketService, facilitation: FacilitationService): () => void {
  const timers = new Map<string, NodeJS.Timeout>();
  const unsubscribe = markets.subscribe((marketId, event) => {
    if (event.type !== "round:changed") return;
    clearTimeout(timers.get(marketId));
    timers.delete(marketId);
    const round = event.round;
    if (!round || round.status !== "running" || round.timeUpAt !== undefined) return;
    if (round.clock.status !== "running" || round.clock.deadline === undefined) return;
    const { id, clock } = round;
    const deadline = clock.deadline!;
    // The service's clock is the one that sets deadlines; event.serverNow is that clock's now.
    const delay = Math.max(0, deadline - event.serverNow);
    timers.set(
      marketId,
      setTimeout(() => {
        timers.delete(marketId);
        markets
          .locate(marketId)
          .then(({ code }) => facilitation.roundTimeUp(code, id, deadline))
          .catch((error: unknown) => console.error("round time-up failed:", error));
      }, delay + 5),
    );
  });
  return () => {
    unsubscribe();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  };
}
