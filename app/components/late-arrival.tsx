// Late and early: someone who joins mid-evening sees at once where the room is and what to do
// now (the stage card below says the stage's instructions; this says how far along the room is,
// what they can still do, and where they sit if tables are running).
import { currentStageOf } from "~/components/facilitation";
import { useDataText, useT } from "~/lib/i18n";
import type { MarketSnapshot } from "../../server/market/views.ts";

export function LateArrival({ market, meId }: { market: MarketSnapshot; meId: string }) {
  const t = useT();
  const dataText = useDataText();
  const current = currentStageOf(market.facilitation.agenda);
  // Only for someone new to a room that is already under way (nothing posted yet, past stage 1).
  if (!current || current.number < 2 || market.phase === "closed" || market.posts.some((p) => p.participantId === meId)) return null;
  const table = market.facilitation.tables.find((candidate) => candidate.participantIds.includes(meId));
  return (
    <section className="card late-arrival" aria-labelledby="late-heading" data-testid="late-arrival">
      <h2 id="late-heading">{t("late.heading", { number: current.number, of: current.of, title: dataText.stage(current.stage).title })}</h2>
      <p>{market.facilitation.openKinds.length > 0 ? t("late.canPost") : t("late.waitToPost")}</p>
      {table && <p>{t("late.table", { name: table.name })}</p>}
    </section>
  );
}
