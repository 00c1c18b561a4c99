// The host's report on dreams: the circles (names and what, never contacts: a printout travels
// further than a file) and the market's follow-through share (the room, never a person).
import { useFormat, useT } from "~/lib/i18n";
import type { FollowThroughShare } from "../../server/market/circles.ts";

interface CircleLine {
  id: string;
  dreamText: string;
  members: Array<{ name: string; role: string; text?: string }>;
}

export function CirclesSummary({ circles, followThrough }: { circles: CircleLine[]; followThrough: FollowThroughShare }) {
  const t = useT();
  const { number } = useFormat();
  const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 0 }).format(followThrough.share);
  return (
    <>
      <section aria-labelledby="circles-heading">
        <h2 id="circles-heading">
          {t("screen.circles")} ({number(circles.length)})
        </h2>
        <ul>
          {circles.map((c) => (
            <li key={c.id} data-testid="summary-circle">
              <strong>{c.dreamText}</strong> ({number(c.members.length)}): {c.members.map((m) => m.name).join(", ")}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="follow-through-heading">
        <h2 id="follow-through-heading">{t("followThrough.question")}</h2>
        <p data-testid="follow-through-share">{t("followThrough.share", { percent })}</p>
        <p className="hint">{t("followThrough.answered", { answered: number(followThrough.answered), total: number(followThrough.relations) })}</p>
      </section>
    </>
  );
}
