// The console's Now panel: what the room is doing, the one next step, and what this stage needs
// (the round's controls in a sharing stage, the tables when the room rotates, ...), from the stage
// plan every screen follows (server/market/stage-plan.ts). The other panels live in host-*.tsx.
import { useFetcher } from "@remix-run/react";
import { Trans } from "react-i18next";
import { followingStage, type Agenda } from "../../server/market/agenda.ts";
import type { MarketSnapshot } from "../../server/market/views.ts";
import { currentStageOf, StageCountdown, useStageText } from "./facilitation";
import { Act } from "./host-act";
import { RoundPanel } from "./host-round";
import { GroupsPanel } from "./host-room";
import type { ActionResult } from "~/lib/route-helpers.server";
import { useDataText, useT } from "~/lib/i18n";
import { FormError } from "~/components/form-error";
import { phaseHint, phaseLabel } from "~/components/phase";
import { refusalOf } from "~/lib/refusal";

export { AgendaPanel } from "./host-agenda";
export { ModerationPanel } from "./host-moderation";
export { CategoriesPanel, GroupsPanel, ProjectorPanel } from "./host-room";
export { RoundPanel } from "./host-round";

/** Whether the Now panel holds the round's controls (so the page does not show them twice). */
export const nowHoldsRound = (market: MarketSnapshot) => market.phase !== "closed" && (market.round?.status === "running" || market.facilitation.plan.console === "round");
/** Whether the Now panel holds the tables' controls. */
export const nowHoldsGroups = (market: MarketSnapshot) => market.phase !== "closed" && market.facilitation.plan.console === "groups" && market.round?.status !== "running";

/**
 * What the room is doing now and the facilitator's next step, readable at a glance from a step
 * away: the stage (or the phase, before the agenda starts), its countdown and one line for the
 * room, one big button for what comes next, and below it what this stage needs.
 */
export function StageNow({ market }: { market: MarketSnapshot }) {
  const { agenda, plan } = market.facilitation;
  const current = currentStageOf(agenda);
  const t = useT();
  const text = useStageText(market);
  const closed = market.phase === "closed";
  return (
    <>
      <div className="now-stage">
        <h2 id="now-heading" className="now-title">
          {current && text ? <Trans i18nKey="agenda.now" values={{ title: text.title }} components={{ b: <strong /> }} /> : t("host.phaseNow", { phase: phaseLabel(market.phase, t) })}
        </h2>
        {current && (
          <p className="now-meta">
            <span>{t("host.stageOf", { number: current.number, of: current.of })}</span> · <span>{phaseLabel(market.phase, t)}</span> <StageCountdown agenda={agenda} serverNow={market.serverNow} />
          </p>
        )}
        {current && text ? (
          <p className="now-instructions">{text.instructions}</p>
        ) : (
          <p className={closed ? "now-instructions" : "hint"}>{closed ? phaseHint("closed", t) : t("agenda.notStarted")}</p>
        )}
        {closed ? <ReopenAt agenda={agenda} /> : <NextStep market={market} />}
        {!closed && plan.console === "still-open" && market.facilitation.projectorView !== "still-open" && (
          <div className="button-row">
            <Act intent="view" fields={{ view: "still-open" }} className="button">
              {t("groups.viewStillOpen")}
            </Act>
          </div>
        )}
      </div>
      {/* What this stage needs, beside it: the round's controls, or the tables. */}
      {nowHoldsRound(market) ? <RoundPanel market={market} /> : nowHoldsGroups(market) ? <GroupsPanel market={market} /> : null}
    </>
  );
}

/** Whether the Now panel has a second column (the round or the tables). */
export const nowHasTool = (market: MarketSnapshot) => nowHoldsRound(market) || nowHoldsGroups(market);

/** The one next step: start, the next stage, or the close (which asks first). "Next" only moves forward. */
function NextStep({ market }: { market: MarketSnapshot }) {
  const { agenda } = market.facilitation;
  const current = currentStageOf(agenda);
  const following = current ? followingStage(agenda) : undefined;
  const t = useT();
  const dataText = useDataText();
  // In a sharing stage the round is the next step ("Start round", then "Next person"): the stage's
  // own "Next" steps back to a secondary button.
  const primary = market.round?.status === "running" || market.facilitation.plan.console === "round" ? "button big secondary" : "button big";
  if (!current) {
    return (
      <div className="button-row">
        <Act intent="agenda" fields={{ action: "start", from: "" }} className={primary}>
          {t("agenda.start")}
        </Act>
      </div>
    );
  }
  if (following && following.phase !== "closed") {
    return (
      <div className="button-row">
        <Act intent="agenda" fields={{ action: "next", from: market.facilitation.agenda.currentId ?? "" }} className={primary}>
          {t("agenda.nextTo", { title: dataText.stage(following).title })}
        </Act>
      </div>
    );
  }
  // Into the closing stage, or the close itself after the last stage: both ask first.
  return following ? (
    <ConfirmClose summary={t("agenda.nextCloses", { title: dataText.stage(following).title })} intent="agenda" fields={{ action: "next", from: market.facilitation.agenda.currentId ?? "" }} className={primary} />
  ) : (
    <ConfirmClose summary={t("host.close")} intent="phase" fields={{ phase: "closed", from: market.phase }} className={primary} />
  );
}

/**
 * A step that closes the market for the whole room: the first press only asks. A disclosure, so it
 * works before (or without) JavaScript too.
 */
export function ConfirmClose({ summary, intent, fields, className = "button big" }: { summary: string; intent: string; fields: Record<string, string>; className?: string }) {
  const t = useT();
  return (
    <details className="confirm-close" data-testid="confirm-close">
      <summary className={className}>{summary}</summary>
      <div className="confirm-box" role="group" aria-label={t("host.closeConfirmLabel")}>
        <p>{t("host.closeConfirmBody")}</p>
        <Act intent={intent} fields={fields} className="button danger">
          {t("host.closeConfirmYes")}
        </Act>
      </div>
    </details>
  );
}

/**
 * Reopening a closed market lands on the stage the host picks (by default the last one before the
 * close); a market that never ran its agenda reopens into connecting.
 */
function ReopenAt({ agenda }: { agenda: Agenda }) {
  const fetcher = useFetcher<ActionResult>();
  const t = useT();
  const dataText = useDataText();
  const open = agenda.stages.filter((stage) => stage.phase !== "closed" && !stage.skipped);
  const closedAt = agenda.stages.findIndex((s) => s.id === agenda.currentId);
  // Not Array.at: Safari before 15.4 lacks it (the build does not add it).
  const last = <T,>(list: T[]): T | undefined => list[list.length - 1];
  const landing = (closedAt === -1 ? undefined : last(agenda.stages.slice(0, closedAt).filter((s) => s.phase !== "closed" && !s.skipped))) ?? last(open);
  const byStage = agenda.currentId !== null && landing !== undefined;
  return (
    <fetcher.Form method="post" className="inline-form reopen">
      {byStage ? (
        <>
          <input type="hidden" name="intent" value="agenda" />
          <input type="hidden" name="action" value="goto" />
          <input type="hidden" name="from" value={agenda.currentId ?? ""} />
          <label>
            {t("host.reopenAt")}
            <select name="stageId" defaultValue={landing.id}>
              {open.map((stage) => (
                <option key={stage.id} value={stage.id}>
                  {dataText.stage(stage).title}
                </option>
              ))}
            </select>
          </label>
        </>
      ) : (
        <>
          <input type="hidden" name="phase" value="connecting" />
          <input type="hidden" name="from" value="closed" />
        </>
      )}
      <button type="submit" className="button" disabled={fetcher.state !== "idle"}>
        {t("host.reopen")}
      </button>
      <span className="hint">{t("host.reopenHint")}</span>
      <FormError refusal={refusalOf(fetcher.data)} />
    </fetcher.Form>
  );
}
