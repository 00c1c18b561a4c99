// Long work in the market service (an import at the caps) done in slices: the caller asks `pause()`
// between items, and once the slice has run for `ms` the event loop gets a turn, so requests for
// other markets are answered meanwhile. Time-based rather than a fixed count of items, so a
// slice stays short on a busy machine too.
import { performance } from "node:perf_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";

export const SLICE_MS = 8;

export function eventLoopBudget(ms = SLICE_MS): { pause(): Promise<void> | undefined } {
  let since = performance.now();
  return {
    pause() {
      if (performance.now() - since < ms) return undefined;
      return nextTurn().then(() => void (since = performance.now()));
    },
  };
}
