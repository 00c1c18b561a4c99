// The facilitator's controls on the host console: agenda, sharing round, groups, categories,
// what the projector shows, and moderation. Each form posts one intent to the host route's action.
import { useFetcher } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { KINDS, POST_KINDS } from "../../server/market/kinds.ts";
import { PROJECTOR_VIEWS, type ModerationEntry, type ProjectorView } from "../../server/market/model.ts";
import { firstName, type MarketSnapshot, type PublicPost } from "../../server/market/views.ts";
import { followingStage, type Stage } from "../../server/market/agenda.ts";
import { roundTurn } from "../../server/market/round.ts";
import { currentStageOf, RoundCountdown, StageCountdown } from "./facilitation";
import type { ActionResult } from "~/lib/route-helpers.server";
import { Trans } from "react-i18next";
import { useDataText, useT } from "~/lib/i18n";
import { FormError } from "~/components/form-error";
import { phaseHint, phaseLabel } from "~/components/phase";
import { refusalOf, useRefusal } from "~/lib/refusal";

function Act({ intent, fields, children, className = "button small secondary", label, disabled, pressed }: { intent: string; fields: Record<string, string | number | boolean>; children: ReactNode; className?: string; label?: string; disabled?: boolean; pressed?: boolean }) {
  const fetcher = useFetcher<ActionResult>();
  const failure = useRefusal()(refusalOf(fetcher.data))?.message;
  // Busy only while the action runs (a double click must not skip two stages); a press while the
  // page reloads after it is a new press.
  const unavailable = disabled || fetcher.state === "submitting";
  // aria-disabled, not disabled: a disabled button drops the keyboard focus to the page, so a
  // facilitator pressing "Up" three times would lose their place after the first.
  return (
    <fetcher.Form method="post" className="act" onSubmit={(event) => unavailable && event.preventDefault()}>
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={String(value)} />
      ))}
      <button type="submit" className={className} aria-label={label} aria-pressed={pressed} aria-disabled={unavailable || undefined}>
        {children}
      </button>
      {failure && (
        <span className="error" role="alert">
          {failure}
        </span>
      )}
    </fetcher.Form>
  );
}

function FormWithError({ intent, children, className = "inline-form" }: { intent: string; children: ReactNode; className?: string }) {
  const fetcher = useFetcher<ActionResult>();
  return (
    <fetcher.Form method="post" className={className}>
      <input type="hidden" name="intent" value={intent} />
      {children}
      <FormError refusal={refusalOf(fetcher.data)} />
    </fetcher.Form>
  );
}

/**
 * What the room is doing now and the facilitator's next step, readable at a glance from a step
 * away: the stage (or the phase, before the agenda starts), its countdown and one line for the
 * room, and one big button for what comes next.
 */
export function StageNow({ market }: { market: MarketSnapshot }) {
  const { agenda } = market.facilitation;
  const current = currentStageOf(agenda);
  const following = current ? followingStage(agenda) : undefined;
  const t = useT();
  const dataText = useDataText();
  const closed = market.phase === "closed";
  return (
    <div className="now-stage">
      <h2 id="now-heading" className="now-title">
        {current ? <Trans i18nKey="agenda.now" values={{ title: dataText.stage(current.stage).title }} components={{ b: <strong /> }} /> : t("host.phaseNow", { phase: phaseLabel(market.phase, t) })}
      </h2>
      {current && (
        <p className="now-meta">
          <span>{t("host.stageOf", { number: current.number, of: current.of })}</span> · <span>{phaseLabel(market.phase, t)}</span> <StageCountdown agenda={agenda} serverNow={market.serverNow} />
        </p>
      )}
      {current ? (
        <p className="now-instructions">{dataText.stage(current.stage).instructions}</p>
      ) : (
        <p className={closed ? "now-instructions" : "hint"}>{closed ? phaseHint("closed", t) : t("agenda.notStarted")}</p>
      )}
      {!closed && (
        <div className="button-row">
          {!current ? (
            <Act intent="agenda" fields={{ action: "start", from: "" }} className="button big">
              {t("agenda.start")}
            </Act>
          ) : following ? (
            // While a round runs, its "Next person" is the one primary button on the page.
            <Act intent="agenda" fields={{ action: "next", from: market.facilitation.agenda.currentId ?? "" }} className={market.round?.status === "running" ? "button big secondary" : "button big"}>
              {t("agenda.nextTo", { title: dataText.stage(following).title })}
            </Act>
          ) : (
            <p className="hint">{t("agenda.lastStage")}</p>
          )}
        </div>
      )}
    </div>
  );
}

export function AgendaPanel({ market }: { market: MarketSnapshot }) {
  const { agenda } = market.facilitation;
  const total = agenda.stages.filter((s) => !s.skipped).reduce((sum, s) => sum + s.minutes, 0);
  const t = useT();
  const dataText = useDataText();
  const titleOf = (stage: { key?: string; title: string; instructions: string }) => dataText.stage(stage).title;
  return (
    <section className="card agenda-card" aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">{t("agenda.heading", { minutes: total })}</h2>
      <div className="button-row">
        <Act intent="agenda" fields={{ action: "template", template: agenda.template === "standard" ? "short" : "standard" }}>
          {agenda.template === "standard" ? t("agenda.useShort") : t("agenda.useStandard")}
        </Act>
        <Act intent="agenda" fields={{ action: "open-both", open: !market.facilitation.postingOverride }}>
          {market.facilitation.postingOverride ? t("agenda.followStage") : t("agenda.openBoth")}
        </Act>
      </div>
      {/* The stage tools show only in edit mode: during the market the list is an overview.
          A checkbox and CSS (:has), so it works before (or without) JavaScript too. */}
      <label className="check edit-stages-label">
        <input type="checkbox" className="edit-stages-toggle" /> {t("agenda.editStages")}
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
              <Act intent="agenda" fields={{ action: "goto", stageId: stage.id }} label={t("agenda.goTo", { title: titleOf(stage) })} disabled={stage.id === agenda.currentId}>
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
          {t("agenda.title")} <input name={title !== shown.title ? "title" : undefined} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={60} />
        </label>
        <label>
          {t("agenda.minutesLabel")} <input name="minutes" type="number" min={1} max={240} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </label>
        <label>
          {t("agenda.instructions")} <input name={instructions !== shown.instructions ? "instructions" : undefined} value={instructions} onChange={(e) => setInstructions(e.target.value)} maxLength={200} />
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

export function RoundPanel({ market }: { market: MarketSnapshot }) {
  const round = market.round?.status === "running" ? market.round : undefined;
  const people = market.participants;
  const t = useT();
  const name = (id: string | null) => (id ? (people.find((p) => p.id === id)?.name ?? t("stage.someoneWhoLeft")) : "—");
  return (
    <section className="card" aria-labelledby="round-heading">
      <h2 id="round-heading">{t("round.heading")}</h2>
      {round ? (
        <>
          <p data-testid="host-speaker">
            {round.scope === "tables" ? t("round.turnAtTables", { n: round.slot + 1 }) : <Trans i18nKey="round.speaking" values={{ name: name(round.speakerId) }} components={{ b: <strong /> }} />}
          </p>
          <RoundCountdown round={round} serverNow={market.serverNow} />
          <div className="button-row">
            <Act intent="round" fields={{ action: "next", from: roundTurn(round) }} className="button">
              {t("round.next")}
            </Act>
            {round.clock.status === "paused" ? (
              <Act intent="round" fields={{ action: "resume" }}>{t("round.resume")}</Act>
            ) : (
              <Act intent="round" fields={{ action: "pause" }}>{t("round.pause")}</Act>
            )}
            <Act intent="round" fields={{ action: "add", seconds: 30 }}>{t("round.add30")}</Act>
            <Act intent="round" fields={{ action: "skip" }}>{t("agenda.skip")}</Act>
            <Act intent="round" fields={{ action: "end" }} className="button small danger">
              {t("round.end")}
            </Act>
          </div>
          {round.scope === "room" && (
            <FormWithError intent="round">
              <input type="hidden" name="action" value="pick" />
              <label>
                {t("round.pick")}
                <select name="participantId" defaultValue="">
                  <option value="" disabled>
                    {t("round.choose")}
                  </option>
                  {people.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                      {round.heard.includes(p.id) ? t("round.heardMark") : ""}
                    </option>
                  ))}
                </select>
              </label>
              <button className="button small" type="submit">
                {t("round.spotlight")}
              </button>
            </FormWithError>
          )}
          <p className="hint">
            {t("screen.heard", { heard: round.heard.length, total: round.order.length })}
          </p>
        </>
      ) : (
        <FormWithError intent="round" className="stack">
          <input type="hidden" name="action" value="start" />
          <div className="inline-form">
            <label>
              {t("round.cards")}
              <select name="focus" defaultValue={market.facilitation.openKinds.length === 1 ? market.facilitation.openKinds[0] : "both"}>
                {POST_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(KINDS[kind].words.plural)}
                  </option>
                ))}
                <option value="both">{t("round.both")}</option>
              </select>
            </label>
            <label>
              {t("round.seconds")}
              <input name="seconds" type="number" min={10} max={900} defaultValue={60} />
            </label>
            <label>
              {t("round.who")}
              <select name="scope" defaultValue="room">
                <option value="room">{t("round.room")}</option>
                <option value="tables" disabled={market.facilitation.tables.length === 0}>
                  {t("round.tables")}
                </option>
              </select>
            </label>
          </div>
          <button className="button" type="submit">
            {t("round.start")}
          </button>
        </FormWithError>
      )}
    </section>
  );
}

export function GroupsPanel({ market }: { market: MarketSnapshot }) {
  const { tables, groupSize, rotation } = market.facilitation;
  const names = new Map(market.participants.map((p) => [p.id, firstName(p.name)]));
  const t = useT();
  return (
    <section className="card" aria-labelledby="groups-heading">
      <h2 id="groups-heading">{t("groups.heading")}</h2>
      <FormWithError intent="groups">
        <input type="hidden" name="action" value="split" />
        <label>
          {t("groups.size")} <input name="size" type="number" min={2} max={12} defaultValue={groupSize ?? 4} />
        </label>
        <button className="button small" type="submit">
          {tables.length ? t("groups.splitAgain") : t("groups.split")}
        </button>
      </FormWithError>
      {tables.length > 0 && (
        <>
          <div className="button-row">
            <Act intent="groups" fields={{ action: "rotate" }} className="button">
              {t("groups.rotate")}
            </Act>
            <Act intent="groups" fields={{ action: "clear" }}>{t("groups.end")}</Act>
          </div>
          <p className="hint">
            {t("groups.count", { count: tables.length, rotation })}
          </p>
          <ul className="plain-list" data-testid="host-tables">
            {tables.slice(0, 20).map((table) => (
              <li key={table.name}>
                <strong>{table.name}</strong>: {table.participantIds.map((id) => names.get(id) ?? "?").join(", ")}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Each view's name on its button (app/locales); the compiler asks for one when a view is added. */
const PROJECTOR_VIEW_LABELS: Record<ProjectorView, string> = {
  wall: "groups.viewWall",
  tables: "groups.viewTables",
  "still-open": "groups.viewStillOpen",
  overview: "groups.viewOverview",
};

/** What the projector's main area shows when no round runs, and which category. */
export function ProjectorPanel({ market }: { market: MarketSnapshot }) {
  const { tables, projectorView, projectorCategory, categories } = market.facilitation;
  const { value } = useDataText();
  const t = useT();
  return (
    <section className="card" aria-labelledby="projector-heading">
      <h2 id="projector-heading">{t("groups.projectorShows")}</h2>
      <div className="button-row" role="group" aria-labelledby="projector-heading">
        {PROJECTOR_VIEWS.map((view) => (
          <Act key={view} intent="view" fields={{ view }} className={projectorView === view ? "button small" : "button small secondary"} pressed={projectorView === view} disabled={view === "tables" && tables.length === 0}>
            {t(PROJECTOR_VIEW_LABELS[view])}
          </Act>
        ))}
      </div>
      <h3 id="projector-category-heading">{t("groups.showOnly")}</h3>
      {/* Toggle buttons (aria-pressed) rather than a select: one press, and the current choice is visible at a glance. */}
      <div className="button-row" role="group" aria-labelledby="projector-category-heading" data-testid="projector-category">
        {[null, ...categories].map((category) => (
          <Act key={category ?? ""} intent="projector-category" fields={{ category: category ?? "" }} className={projectorCategory === category ? "button small" : "button small secondary"} pressed={projectorCategory === category}>
            {category === null ? t("groups.allCategories") : value(category)}
          </Act>
        ))}
      </div>
      <p className="hint">{t("groups.showOnlyHint")}</p>
    </section>
  );
}

/** The market's categories (the host console shows it folded, under its own heading). */
export function CategoriesPanel({ market }: { market: MarketSnapshot }) {
  const t = useT();
  return (
    <>
      <FormWithError intent="categories" className="stack">
        <label htmlFor="categories">{t("categories.label")}</label>
        <textarea id="categories" name="categories" rows={3} defaultValue={market.facilitation.categories.join(", ")} />
        <button className="button small" type="submit">
          {t("categories.save")}
        </button>
      </FormWithError>
    </>
  );
}

export function ModerationPanel({ market, hiddenPosts, removed, history }: { market: MarketSnapshot; hiddenPosts: PublicPost[]; removed: Array<{ id: string; name: string }>; history: ModerationEntry[] }) {
  const newest = [...market.posts].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 60);
  const t = useT();
  return (
    <section className="card" aria-labelledby="moderation-heading">
      <h2 id="moderation-heading">{t("moderation.heading")}</h2>
      <div className="button-row">
        <Act intent="lock" fields={{ locked: !market.facilitation.joiningLocked }} className={market.facilitation.joiningLocked ? "button small" : "button small secondary"}>
          {market.facilitation.joiningLocked ? t("moderation.unlock") : t("moderation.lock")}
        </Act>
      </div>
      <h3>{t("moderation.posts", { count: newest.length })}</h3>
      <ul className="moderation-list" data-testid="moderation-posts">
        {newest.map((post) => (
          <li key={post.id}>
            <span>
              <strong>{post.authorName}</strong>: {post.text}
            </span>
            <span className="button-row">
              <details>
                <summary className="button small secondary">{t("phone.edit")}</summary>
                <FormWithError intent="edit-post">
                  <input type="hidden" name="postId" value={post.id} />
                  <input name="text" defaultValue={post.text} maxLength={280} aria-label={t("phone.text")} />
                  <button className="button small" type="submit">
                    {t("phone.save")}
                  </button>
                </FormWithError>
              </details>
              <Act intent="hide" fields={{ postId: post.id }} className="button small danger" label={t("moderation.hidePost", { text: post.text.slice(0, 40) })}>
                {t("moderation.hide")}
              </Act>
            </span>
          </li>
        ))}
      </ul>
      <h3>{t("host.people")}</h3>
      <ul className="moderation-list">
        {market.participants.map((p) => (
          <li key={p.id}>
            <span>{p.name}</span>
            <Act intent="remove" fields={{ participantId: p.id }} className="button small danger" label={t("moderation.removeWho", { name: p.name })}>
              {t("moderation.remove")}
            </Act>
          </li>
        ))}
      </ul>
      {hiddenPosts.length > 0 && (
        <>
          <h3>{t("moderation.hidden")}</h3>
          <ul className="moderation-list">
            {hiddenPosts.map((post) => (
              <li key={post.id}>
                <span>
                  {post.authorName}: {post.text}
                </span>
                <Act intent="unhide" fields={{ postId: post.id }}>{t("moderation.unhide")}</Act>
              </li>
            ))}
          </ul>
        </>
      )}
      {removed.length > 0 && <p className="hint">{t("moderation.removed", { names: removed.map((r) => r.name).join(", ") })}</p>}
      {history.length > 0 && (
        <details>
          <summary>{t("moderation.history", { count: history.length })}</summary>
          <ol className="plain-list">
            {history.map((entry, i) => (
              <li key={i}>
                {entry.at.slice(11, 19)} · {t(`moderation.actions.${entry.action}`)}
                {entry.detail ? ` · ${entry.detail}` : ""}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
