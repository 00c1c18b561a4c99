// The four phases on the console. While the agenda runs, the stages move the phase (one timeline:
// "Next" in the Now panel, or Go on a stage), so the phases only show where the room is. Before the
// agenda starts the host may steer by phase alone; the close asks first.
import { useFetcher } from "@remix-run/react";
import type { MarketSnapshot } from "../../server/market/views.ts";
import { ConfirmClose } from "./host-facilitation";
import type { ActionResult } from "~/lib/route-helpers.server";
import { useT } from "~/lib/i18n";
import { FormError } from "~/components/form-error";
import { PHASE_STEPS, phaseHint, phaseLabel } from "~/components/phase";
import { refusalOf } from "~/lib/refusal";

export function PhaseSteps({ market }: { market: MarketSnapshot }) {
  const t = useT();
  const phaseFetcher = useFetcher<ActionResult>();
  const currentIndex = PHASE_STEPS.findIndex((step) => step.phase === market.phase);
  const byStages = market.facilitation.agenda.currentId !== null;
  return (
    <div className="card phase-card">
      <h2>{t("host.phase")}</h2>
      <ol className="phase-steps">
        {PHASE_STEPS.map((step, index) => {
          const state = index === currentIndex ? "current" : index < currentIndex ? "done" : "";
          const label =
            index === currentIndex
              ? t("host.phaseNow", { phase: phaseLabel(step.phase, t) })
              : step.phase === "closed"
                ? t("host.close")
                : index < currentIndex
                  ? t("host.phaseBack", { phase: phaseLabel(step.phase, t) })
                  : t(`host.phaseStart.${step.phase}`);
          return (
            <li key={step.phase} className={state} aria-current={index === currentIndex ? "step" : undefined}>
              {byStages || market.phase === "closed" || index === currentIndex ? (
                <span className={`phase-label ${state}`}>{phaseLabel(step.phase, t)}</span>
              ) : step.phase === "closed" ? (
                <ConfirmClose summary={label} intent="phase" fields={{ phase: "closed", from: market.phase }} className="button secondary" />
              ) : (
                <phaseFetcher.Form method="post">
                  <input type="hidden" name="phase" value={step.phase} />
                  <input type="hidden" name="from" value={market.phase} />
                  <button type="submit" className={index === currentIndex + 1 ? "button" : "button secondary"} disabled={phaseFetcher.state !== "idle"}>
                    {label}
                  </button>
                </phaseFetcher.Form>
              )}
              <span className="hint">{phaseHint(step.phase, t)}</span>
            </li>
          );
        })}
      </ol>
      {byStages && market.phase !== "closed" && <p className="hint">{t("host.phasesFollowStages")}</p>}
      <FormError refusal={refusalOf(phaseFetcher.data)} />
    </div>
  );
}
