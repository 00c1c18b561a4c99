// What the facilitator steers, as every screen shows it: the stage with its countdown, the sharing
// round's clock, the category colours and the harvest chart.
import type { Agenda, Stage } from "../../server/market/agenda.ts";
import type { Round } from "../../server/market/round.ts";
import { remainingMs } from "../../server/market/round-clock.ts";
import { harvestShows, type HarvestStats } from "../../server/market/still-open.ts";
import { KINDS, pluralOf } from "../../server/market/kinds.ts";
import { formatCountdown, useServerNow } from "~/lib/server-clock";
import { useDataText, useFormat, useT } from "~/lib/i18n";
import type { MarketSnapshot } from "../../server/market/views.ts";

// Eight colours that stay apart for common colour blindness (Okabe-Ito, plus two), on white text.
const PALETTE = ["#0b6e99", "#b35900", "#2d7d46", "#8e3b8e", "#9a6b00", "#3b4cc0", "#a3313f", "#4f5d57"];

/** A category's colour: its place in the market's list, so every screen agrees. */
export function categoryColor(categories: string[], category: string | undefined): string | undefined {
  if (!category) return undefined;
  let index = categories.indexOf(category);
  if (index === -1) index = [...category].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  return PALETTE[index % PALETTE.length];
}

export function currentStageOf(agenda: Agenda): { stage: Stage; number: number; of: number } | undefined {
  const active = agenda.stages.filter((s) => !s.skipped || s.id === agenda.currentId);
  const index = active.findIndex((s) => s.id === agenda.currentId);
  if (index === -1) return undefined;
  return { stage: active[index]!, number: index + 1, of: active.length };
}

/**
 * The current stage's title and line for the room in the page's language, as every screen shows
 * it. A default line that speaks of tables, while the host has not made any, says what to do
 * without them instead (a text the host wrote is shown as written).
 */
export function useStageText(market: Pick<MarketSnapshot, "facilitation">): { title: string; instructions: string } | undefined {
  const dataText = useDataText();
  const t = useT();
  const current = currentStageOf(market.facilitation.agenda);
  if (!current) return undefined;
  const text = dataText.stage(current.stage);
  const key = current.stage.key;
  if (key === "network-rotate" && market.facilitation.tables.length === 0 && text.instructions === t(`stages.${key}.instructions`)) {
    return { ...text, instructions: t(`stages.${key}.instructionsNoTables`) };
  }
  return text;
}

/** The stage's countdown against the server's clock; negative when the stage runs over. */
export function StageCountdown({ agenda, serverNow }: { agenda: Agenda; serverNow: number }) {
  const stage = currentStageOf(agenda)?.stage;
  const now = useServerNow(serverNow, Boolean(stage), 1000);
  const t = useT();
  if (!stage || agenda.stageStartedAt === undefined) return null;
  const left = agenda.stageStartedAt + stage.minutes * 60_000 - now;
  return (
    <span className={`stage-countdown${left < 0 ? " over" : ""}`} data-testid="stage-countdown" aria-label={t("countdown.stageLeft", { time: formatCountdown(left) })}>
      {formatCountdown(left)}
    </span>
  );
}

/** One sharing turn's countdown, the same on every screen; a clear cue when the time is up. */
export function RoundCountdown({ round, serverNow, className = "" }: { round: Round; serverNow: number; className?: string }) {
  const t = useT();
  const running = round.status === "running" && round.clock.status === "running";
  const now = useServerNow(serverNow, running, 200);
  const left = remainingMs(round.clock, now);
  const up = round.status === "running" && (left === 0 || round.timeUpAt !== undefined) && round.clock.status !== "idle";
  return (
    <div className={`round-countdown ${className}${up ? " time-up" : ""}${round.clock.status === "paused" ? " paused" : ""}`} data-testid="round-countdown" data-remaining-ms={left} role="timer" aria-live="off">
      <span className="round-countdown-digits">{formatCountdown(left)}</span>
      {up ? <span className="round-countdown-cue">{t("countdown.timeUp")}</span> : round.clock.status === "paused" ? <span className="round-countdown-cue">{t("countdown.paused")}</span> : null}
    </div>
  );
}

/** A bar chart of the room's harvest and the share of people who made a connection. Never a ranking. */
export function HarvestChart({ stats }: { stats: HarvestStats }) {
  const t = useT();
  const { number } = useFormat();
  const shows = harvestShows(stats);
  const bars = [
    { label: t("screen.people"), value: stats.people, color: "#7ee0b5" },
    ...shows.kinds.map((kind) => ({ label: t(KINDS[kind].words.count), value: stats[pluralOf(kind)], color: KINDS[kind].chartColour })),
    { label: t("screen.connections"), value: stats.connections, color: "#f2c14e" },
    ...(shows.circles ? [{ label: t("screen.circlesCount"), value: stats.circles.length, color: "#f29ac4" }] : []),
  ];
  // Four bars fill the chart as before; more share its width (the projector's labels stay at 20 px or more).
  const slot = Math.min(95, 560 / bars.length);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const share = Math.round(stats.connectedShare * 100);
  return (
    <figure className="harvest-chart" aria-label={t("harvest.figures")}>
      <svg viewBox={`0 0 ${Math.max(400, 40 + bars.length * slot)} 220`} role="img" aria-label={bars.map((b) => `${number(b.value)} ${b.label}`).join(", ")}>
        {bars.map((bar, i) => {
          const h = Math.round((bar.value / max) * 150);
          return (
            <g key={bar.label} transform={`translate(${20 + i * slot}, 0)`}>
              <rect x="0" y={175 - h} width="70" height={h} rx="6" fill={bar.color} />
              <text x="35" y={168 - h} textAnchor="middle" fill="#fff" fontSize="22" fontWeight="800">
                {number(bar.value)}
              </text>
              <text x="35" y="205" textAnchor="middle" fill="#c5d3cd" fontSize={bars.length > 4 ? 17 : 16}>
                {bar.label}
              </text>
            </g>
          );
        })}
      </svg>
      <div className="share" data-testid="connected-share">
        <div className="share-bar" aria-hidden="true">
          <span style={{ width: `${share}%` }} />
        </div>
        <p>
          <strong>{number(share)}%</strong> {t(shows.circles ? "harvest.shareWithCircles" : "harvest.share", { connected: number(stats.connectedPeople), count: stats.people, people: number(stats.people) })}
        </p>
      </div>
    </figure>
  );
}
