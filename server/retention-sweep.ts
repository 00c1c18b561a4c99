// Deletes markets past their retention time: once at start-up, then every few minutes. The rule
// and the clock live in the market service (purgeExpired); this only schedules it.
import type { Config } from "./config.ts";
import type { MarketService } from "./market/service.ts";

export async function startRetentionSweep(service: MarketService, config: Pick<Config, "retentionDays" | "retentionSweepMinutes">): Promise<() => void> {
  let running: Promise<void> | undefined;
  const sweep = () =>
    (running ??= service
      .purgeExpired(config.retentionDays)
      .then((codes) => {
        if (codes.length) console.log(`Retention: deleted ${codes.length} market(s) closed over ${config.retentionDays} days ago (${codes.join(", ")}).`);
      })
      .catch((error: unknown) => console.error("Retention sweep failed:", error))
      .finally(() => (running = undefined)));
  // The start-up sweep finishes before the server listens: nothing expired is ever served.
  await sweep();
  const timer = setInterval(sweep, config.retentionSweepMinutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
