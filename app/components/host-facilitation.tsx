// The facilitator's controls on the host console: agenda, sharing round, groups, categories,
// what the projector shows, and moderation. Each form posts one intent to the host route's action.
import { useFetcher } from "@remix-run/react";
import type { ReactNode } from "react";
import type { ModerationEntry } from "../../server/market/model.ts";
import { firstName, type MarketSnapshot, type PublicPost } from "../../server/market/views.ts";
import { currentStageOf, RoundCountdown, StageCountdown } from "./facilitation";
import type { ActionResult } from "~/lib/route-helpers.server";
import { Trans } from "react-i18next";
import { useDataText, useT } from "~/lib/i18n";
import { FormError } from "~/components/form-error";
import { refusalOf, useRefusal } from "~/lib/refusal";

function Act({ intent, fields, children, className = "button small secondary", label, disabled }: { intent: string; fields: Record<string, string | number | boolean>; children: ReactNode; className?: string; label?: string; disabled?: boolean }) {
  const fetcher = useFetcher<ActionResult>();
  const failure = useRefusal()(refusalOf(fetcher.data))?.message;
  return (
    <fetcher.Form method="post" className="act">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={String(value)} />
      ))}
      <button type="submit" className={className} aria-label={label} disabled={disabled || fetcher.state !== "idle"}>
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

export function AgendaPanel({ market }: { market: MarketSnapshot }) {
  const { agenda } = market.facilitation;
  const current = currentStageOf(agenda);
  const total = agenda.stages.filter((s) => !s.skipped).reduce((sum, s) => sum + s.minutes, 0);
  const t = useT();
  const dataText = useDataText();
  const titleOf = (stage: { key?: string; title: string; instructions: string }) => dataText.stage(stage).title;
  return (
    <section className="card" aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">{t("agenda.heading", { minutes: total })}</h2>
      {current ? (
        <p>
          <Trans i18nKey="agenda.now" values={{ title: titleOf(current.stage) }} components={{ b: <strong /> }} /> <StageCountdown agenda={agenda} serverNow={market.serverNow} />
        </p>
      ) : (
        <p className="hint">{t("agenda.notStarted")}</p>
      )}
      <div className="button-row">
        {current ? (
          <Act intent="agenda" fields={{ action: "next" }} className="button">
            {t("agenda.next")}
          </Act>
        ) : (
          <Act intent="agenda" fields={{ action: "start" }} className="button">
            {t("agenda.start")}
          </Act>
        )}
        <Act intent="agenda" fields={{ action: "template", template: agenda.template === "standard" ? "short" : "standard" }}>
          {agenda.template === "standard" ? t("agenda.useShort") : t("agenda.useStandard")}
        </Act>
        <Act intent="agenda" fields={{ action: "open-both", open: !market.facilitation.postingOverride }}>
          {market.facilitation.postingOverride ? t("agenda.followStage") : t("agenda.openBoth")}
        </Act>
      </div>
      <ol className="agenda-list">
        {agenda.stages.map((stage, index) => (
          <li key={stage.id} className={`${stage.id === agenda.currentId ? "current" : ""} ${stage.skipped ? "skipped" : ""}`} data-stage-key={stage.key}>
            <div>
              <strong>{titleOf(stage)}</strong>
              <div className="stage-meta">
                {t("agenda.minutes", { count: stage.minutes })} · {stage.posting.length === 2 ? t("agenda.postsBoth") : stage.posting[0] === "offer" ? t("agenda.postsOffers") : stage.posting[0] === "need" ? t("agenda.postsNeeds") : t("agenda.postsNone")}
              </div>
            </div>
            <div className="stage-tools">
              <Act intent="agenda" fields={{ action: "goto", stageId: stage.id }} label={t("agenda.goTo", { title: titleOf(stage) })} disabled={stage.id === agenda.currentId}>
                {t("agenda.go")}
              </Act>
              <Act intent="agenda" fields={{ action: "move", stageId: stage.id, to: Math.max(0, index - 1) }} label={t("agenda.moveUp", { title: titleOf(stage) })} disabled={index === 0}>
                {/* Visible word inside the accessible name (axe: label-content-name-mismatch), so voice control can say "click Up". */}
                <span aria-hidden="true">↑</span> {t("agenda.up")}
              </Act>
              <Act intent="agenda" fields={{ action: "update", stageId: stage.id, skipped: !stage.skipped }} label={t(stage.skipped ? "agenda.restoreStage" : "agenda.skipStage", { title: titleOf(stage) })}>
                {stage.skipped ? t("agenda.restore") : t("agenda.skip")}
              </Act>
            </div>
            <details>
              <summary className="hint">{t("agenda.edit")}</summary>
              <FormWithError intent="agenda">
                <input type="hidden" name="action" value="update" />
                <input type="hidden" name="stageId" value={stage.id} />
                <label>
                  {t("agenda.title")} <input name="title" defaultValue={stage.title} maxLength={60} />
                </label>
                <label>
                  {t("agenda.minutesLabel")} <input name="minutes" type="number" min={1} max={240} defaultValue={stage.minutes} />
                </label>
                <label>
                  {t("agenda.instructions")} <input name="instructions" defaultValue={stage.instructions} maxLength={200} />
                </label>
                <button className="button small" type="submit">
                  {t("phone.save")}
                </button>
              </FormWithError>
            </details>
          </li>
        ))}
      </ol>
    </section>
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
            <Act intent="round" fields={{ action: "next" }} className="button">
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
                <option value="offer">{t("host.offers")}</option>
                <option value="need">{t("host.needs")}</option>
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
  const { tables, groupSize, rotation, projectorView } = market.facilitation;
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
      <h3>{t("groups.projectorShows")}</h3>
      <div className="button-row" role="group" aria-label={t("groups.projectorShows")}>
        {(
          [
            ["wall", t("groups.viewWall")],
            ["tables", t("groups.viewTables")],
            ["still-open", t("groups.viewStillOpen")],
          ] as const
        ).map(([view, label]) => (
          <Act key={view} intent="view" fields={{ view }} className={projectorView === view ? "button small" : "button small secondary"} disabled={projectorView === view || (view === "tables" && tables.length === 0)}>
            {label}
          </Act>
        ))}
      </div>
    </section>
  );
}

export function CategoriesPanel({ market }: { market: MarketSnapshot }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="categories-heading">
      <h2 id="categories-heading">{t("categories.heading")}</h2>
      <FormWithError intent="categories" className="stack">
        <label htmlFor="categories">{t("categories.label")}</label>
        <textarea id="categories" name="categories" rows={3} defaultValue={market.facilitation.categories.join(", ")} />
        <button className="button small" type="submit">
          {t("categories.save")}
        </button>
      </FormWithError>
    </section>
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
