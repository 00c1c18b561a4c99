// The agenda on the console: an overview of the stages, with Go / Up / Down / Skip / Edit shown in
// edit mode, the template switch and "open offers and needs".
import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { Stage } from "../../server/market/agenda.ts";
import { KINDS, POST_KINDS } from "../../server/market/kinds.ts";
import type { MarketSnapshot } from "../../server/market/views.ts";
import type { ActionResult } from "~/lib/route-helpers.server";
import { useDataText, useT } from "~/lib/i18n";
import { FormError } from "~/components/form-error";
import { refusalOf } from "~/lib/refusal";
import { Act } from "./host-act";
import { LIMITS } from "../../server/market/field-limits.ts";

export function AgendaPanel({ market }: { market: MarketSnapshot }) {
  const { agenda } = market.facilitation;
  const total = agenda.stages.filter((s) => !s.skipped).reduce((sum, s) => sum + s.minutes, 0);
  const t = useT();
  const dataText = useDataText();
  const titleOf = (stage: { key?: string; title: string; instructions: string }) => dataText.stage(stage).title;
  const [editing, setEditing] = useState(false);
  return (
    <section className={`card agenda-card${editing ? " editing" : ""}`} aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">{t("agenda.heading", { minutes: total })}</h2>
      <div className="button-row">
        <Act intent="agenda" fields={{ action: "template", template: agenda.template === "standard" ? "short" : "standard" }}>
          {agenda.template === "standard" ? t("agenda.useShort") : t("agenda.useStandard")}
        </Act>
        <Act intent="agenda" fields={{ action: "open-both", open: !market.facilitation.postingOverride }}>
          {market.facilitation.postingOverride ? t("agenda.followStage") : t("agenda.openBoth")}
        </Act>
        {/* Dreams open beside what the stage opens, at any time; the "Share your dreams" stage is the host's to add. */}
        <Act intent="agenda" fields={{ action: "open-dreams", open: !market.facilitation.dreamsOpen }}>
          {market.facilitation.dreamsOpen ? t("agenda.closeDreams") : t("agenda.openDreams")}
        </Act>
        {!agenda.stages.some((stage) => stage.key === "share-dreams" && !stage.skipped) && (
          <Act intent="agenda" fields={{ action: "add-dreams-stage" }}>
            {t("agenda.addDreamsStage")}
          </Act>
        )}
      </div>
      {/* The stage tools show only in edit mode: during the market the list is an overview.
          A checkbox: React marks the card (any browser), and CSS :has() reads the box before (or
          without) JavaScript where the browser knows it. */}
      <label className="check edit-stages-label">
        <input type="checkbox" className="edit-stages-toggle" onChange={(event) => setEditing(event.currentTarget.checked)} /> {t("agenda.editStages")}
      </label>
      <ol className="agenda-list">
        {agenda.stages.map((stage, index) => (
          <li key={stage.id} className={`${stage.id === agenda.currentId ? "current" : ""} ${stage.skipped ? "skipped" : ""}`} data-stage-key={stage.key} aria-current={stage.id === agenda.currentId ? "step" : undefined}>
            <div className="stage-line">
              <strong>{titleOf(stage)}</strong>
              <div className="stage-meta">
                {t("agenda.minutes", { count: stage.minutes })} · {stage.posting.length === POST_KINDS.length ? t("agenda.postsBoth") : stage.posting.length === 0 ? t("agenda.postsNone") : stage.posting.map((kind) => t(KINDS[kind].words.pluralInline)).join(" + ")}
              </div>
            </div>
            <div className="stage-tools">
              <Act intent="agenda" fields={{ action: "goto", stageId: stage.id, from: agenda.currentId ?? "" }} label={t("agenda.goTo", { title: titleOf(stage) })} disabled={stage.id === agenda.currentId}>
                {t("agenda.go")}
              </Act>
              <Act intent="agenda" fields={{ action: "move", stageId: stage.id, by: -1 }} label={t("agenda.moveUp", { title: titleOf(stage) })} disabled={index === 0}>
                {/* Visible word inside the accessible name (axe: label-content-name-mismatch), so voice control can say "click Up". */}
                <span aria-hidden="true">↑</span> {t("agenda.up")}
              </Act>
              <Act intent="agenda" fields={{ action: "move", stageId: stage.id, by: 1 }} label={t("agenda.moveDown", { title: titleOf(stage) })} disabled={index === agenda.stages.length - 1}>
                <span aria-hidden="true">↓</span> {t("agenda.down")}
              </Act>
              <Act intent="agenda" fields={{ action: "update", stageId: stage.id, skipped: !stage.skipped }} label={t(stage.skipped ? "agenda.restoreStage" : "agenda.skipStage", { title: titleOf(stage) })}>
                {stage.skipped ? t("agenda.restore") : t("agenda.skip")}
              </Act>
              <StageEditor stage={stage} shown={dataText.stage(stage)} />
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * Rename, re-time and re-word one stage. The fields start from what the room sees (a default
 * title in the console's language), and only the texts the host changed are sent: saving new
 * minutes must not turn a translated default title into fixed text in one language.
 */
function StageEditor({ stage, shown }: { stage: Stage; shown: { title: string; instructions: string } }) {
  const fetcher = useFetcher<ActionResult>();
  const t = useT();
  const [title, setTitle] = useState(shown.title);
  const [instructions, setInstructions] = useState(shown.instructions);
  // A change saved here or on another device refreshes the fields (the inputs stay, and so does the focus).
  useEffect(() => setTitle(shown.title), [shown.title]);
  useEffect(() => setInstructions(shown.instructions), [shown.instructions]);
  const [minutes, setMinutes] = useState(String(stage.minutes));
  useEffect(() => setMinutes(String(stage.minutes)), [stage.minutes]);
  const saved = fetcher.state === "idle" && fetcher.data?.ok;
  return (
    <details className="stage-editor">
      <summary className="button small secondary">
        {t("agenda.edit")}
        <span className="visually-hidden">: {shown.title}</span>
      </summary>
      <fetcher.Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="agenda" />
        <input type="hidden" name="action" value="update" />
        <input type="hidden" name="stageId" value={stage.id} />
        <label>
          {t("agenda.title")} <input name={title !== shown.title ? "title" : undefined} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={LIMITS.stageTitle} />
        </label>
        <label>
          {t("agenda.minutesLabel")} <input name="minutes" type="number" min={1} max={240} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </label>
        <label>
          {t("agenda.instructions")} <input name={instructions !== shown.instructions ? "instructions" : undefined} value={instructions} onChange={(e) => setInstructions(e.target.value)} maxLength={LIMITS.stageInstructions} />
        </label>
        <button className="button small" type="submit">
          {t("phone.save")}
        </button>
        <span role="status" className="hint">
          {saved ? t("agenda.saved") : ""}
        </span>
        <FormError refusal={refusalOf(fetcher.data)} />
      </fetcher.Form>
    </details>
  );
}

