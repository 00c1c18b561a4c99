// The facilitator's controls on the host console: agenda, sharing round, groups, categories,
// what the projector shows, and moderation. Each form posts one intent to the host route's action.
import { useFetcher } from "@remix-run/react";
import type { ReactNode } from "react";
import type { ModerationEntry } from "../../server/market/model.ts";
import { firstName, type MarketSnapshot, type PublicPost } from "../../server/market/views.ts";
import { currentStageOf, RoundCountdown, StageCountdown } from "./facilitation";
import type { ActionResult } from "~/lib/route-helpers.server";

function Act({ intent, fields, children, className = "button small secondary", label, disabled }: { intent: string; fields: Record<string, string | number | boolean>; children: ReactNode; className?: string; label?: string; disabled?: boolean }) {
  const fetcher = useFetcher<ActionResult>();
  const failure = fetcher.data && !fetcher.data.ok ? fetcher.data.error.message : undefined;
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
  const failure = fetcher.data && !fetcher.data.ok ? fetcher.data.error.message : undefined;
  return (
    <fetcher.Form method="post" className={className}>
      <input type="hidden" name="intent" value={intent} />
      {children}
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
    </fetcher.Form>
  );
}

export function AgendaPanel({ market }: { market: MarketSnapshot }) {
  const { agenda } = market.facilitation;
  const current = currentStageOf(agenda);
  const total = agenda.stages.filter((s) => !s.skipped).reduce((sum, s) => sum + s.minutes, 0);
  return (
    <section className="card" aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">Agenda · {total} min</h2>
      {current ? (
        <p>
          Now: <strong>{current.stage.title}</strong> <StageCountdown agenda={agenda} serverNow={market.serverNow} />
        </p>
      ) : (
        <p className="hint">The agenda starts with its first stage; posting follows the stages from then on.</p>
      )}
      <div className="button-row">
        {current ? (
          <Act intent="agenda" fields={{ action: "next" }} className="button">
            Next stage →
          </Act>
        ) : (
          <Act intent="agenda" fields={{ action: "start" }} className="button">
            Start the agenda
          </Act>
        )}
        <Act intent="agenda" fields={{ action: "template", template: agenda.template === "standard" ? "short" : "standard" }}>
          {agenda.template === "standard" ? "Use the one-hour agenda" : "Use the full ten-stage agenda"}
        </Act>
        <Act intent="agenda" fields={{ action: "open-both", open: !market.facilitation.postingOverride }}>
          {market.facilitation.postingOverride ? "Posting follows the stage" : "Open offers and needs"}
        </Act>
      </div>
      <ol className="agenda-list">
        {agenda.stages.map((stage, index) => (
          <li key={stage.id} className={`${stage.id === agenda.currentId ? "current" : ""} ${stage.skipped ? "skipped" : ""}`} data-stage-key={stage.key}>
            <div>
              <strong>{stage.title}</strong>
              <div className="stage-meta">
                {stage.minutes} min · {stage.posting.length === 2 ? "offers and needs" : stage.posting.length ? `${stage.posting[0]}s` : "no posting"}
              </div>
            </div>
            <div className="stage-tools">
              <Act intent="agenda" fields={{ action: "goto", stageId: stage.id }} label={`Go to ${stage.title}`} disabled={stage.id === agenda.currentId}>
                Go
              </Act>
              <Act intent="agenda" fields={{ action: "move", stageId: stage.id, to: Math.max(0, index - 1) }} label={`Move ${stage.title} up`} disabled={index === 0}>
                {/* Visible word inside the accessible name (axe: label-content-name-mismatch), so voice control can say "click Up". */}
                <span aria-hidden="true">↑</span> Up
              </Act>
              <Act intent="agenda" fields={{ action: "update", stageId: stage.id, skipped: !stage.skipped }} label={`${stage.skipped ? "Restore" : "Skip"} ${stage.title}`}>
                {stage.skipped ? "Restore" : "Skip"}
              </Act>
            </div>
            <details>
              <summary className="hint">Rename, re-time</summary>
              <FormWithError intent="agenda">
                <input type="hidden" name="action" value="update" />
                <input type="hidden" name="stageId" value={stage.id} />
                <label>
                  Title <input name="title" defaultValue={stage.title} maxLength={60} />
                </label>
                <label>
                  Minutes <input name="minutes" type="number" min={1} max={240} defaultValue={stage.minutes} />
                </label>
                <label>
                  Instructions <input name="instructions" defaultValue={stage.instructions} maxLength={200} />
                </label>
                <button className="button small" type="submit">
                  Save
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
  const name = (id: string | null) => (id ? (people.find((p) => p.id === id)?.name ?? "someone who left") : "—");
  return (
    <section className="card" aria-labelledby="round-heading">
      <h2 id="round-heading">Round with spotlight</h2>
      {round ? (
        <>
          <p data-testid="host-speaker">
            {round.scope === "tables" ? `Turn ${round.slot + 1} at every table` : <>Speaking: <strong>{name(round.speakerId)}</strong></>}
          </p>
          <RoundCountdown round={round} serverNow={market.serverNow} />
          <div className="button-row">
            <Act intent="round" fields={{ action: "next" }} className="button">
              Next person
            </Act>
            {round.clock.status === "paused" ? (
              <Act intent="round" fields={{ action: "resume" }}>Resume</Act>
            ) : (
              <Act intent="round" fields={{ action: "pause" }}>Pause</Act>
            )}
            <Act intent="round" fields={{ action: "add", seconds: 30 }}>+30 s</Act>
            <Act intent="round" fields={{ action: "skip" }}>Skip</Act>
            <Act intent="round" fields={{ action: "end" }} className="button small danger">
              End round
            </Act>
          </div>
          {round.scope === "room" && (
            <FormWithError intent="round">
              <input type="hidden" name="action" value="pick" />
              <label>
                Pick anyone
                <select name="participantId" defaultValue="">
                  <option value="" disabled>
                    Choose…
                  </option>
                  {people.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                      {round.heard.includes(p.id) ? " (heard)" : ""}
                    </option>
                  ))}
                </select>
              </label>
              <button className="button small" type="submit">
                Spotlight
              </button>
            </FormWithError>
          )}
          <p className="hint">
            {round.heard.length} of {round.order.length} heard
          </p>
        </>
      ) : (
        <FormWithError intent="round" className="stack">
          <input type="hidden" name="action" value="start" />
          <div className="inline-form">
            <label>
              Cards
              <select name="focus" defaultValue={market.facilitation.openKinds.length === 1 ? market.facilitation.openKinds[0] : "both"}>
                <option value="offer">Offers</option>
                <option value="need">Needs</option>
                <option value="both">Both</option>
              </select>
            </label>
            <label>
              Seconds each
              <input name="seconds" type="number" min={10} max={900} defaultValue={60} />
            </label>
            <label>
              Who
              <select name="scope" defaultValue="room">
                <option value="room">The whole room</option>
                <option value="tables" disabled={market.facilitation.tables.length === 0}>
                  At every table
                </option>
              </select>
            </label>
          </div>
          <button className="button" type="submit">
            Start round
          </button>
        </FormWithError>
      )}
    </section>
  );
}

export function GroupsPanel({ market }: { market: MarketSnapshot }) {
  const { tables, groupSize, rotation, projectorView } = market.facilitation;
  const names = new Map(market.participants.map((p) => [p.id, firstName(p.name)]));
  return (
    <section className="card" aria-labelledby="groups-heading">
      <h2 id="groups-heading">Small groups</h2>
      <FormWithError intent="groups">
        <input type="hidden" name="action" value="split" />
        <label>
          People per table <input name="size" type="number" min={2} max={12} defaultValue={groupSize ?? 4} />
        </label>
        <button className="button small" type="submit">
          {tables.length ? "Split again" : "Split into tables"}
        </button>
      </FormWithError>
      {tables.length > 0 && (
        <>
          <div className="button-row">
            <Act intent="groups" fields={{ action: "rotate" }} className="button">
              Rotate
            </Act>
            <Act intent="groups" fields={{ action: "clear" }}>End groups</Act>
          </div>
          <p className="hint">
            {tables.length} tables · rotation {rotation}
          </p>
          <ul className="plain-list" data-testid="host-tables">
            {tables.slice(0, 20).map((t) => (
              <li key={t.name}>
                <strong>{t.name}</strong>: {t.participantIds.map((id) => names.get(id) ?? "?").join(", ")}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>The projector shows</h3>
      <div className="button-row" role="group" aria-label="The projector shows">
        {(
          [
            ["wall", "The wall"],
            ["tables", "The tables"],
            ["still-open", "What is still open"],
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
  return (
    <section className="card" aria-labelledby="categories-heading">
      <h2 id="categories-heading">Categories</h2>
      <FormWithError intent="categories" className="stack">
        <label htmlFor="categories">One per line or separated by commas</label>
        <textarea id="categories" name="categories" rows={3} defaultValue={market.facilitation.categories.join(", ")} />
        <button className="button small" type="submit">
          Save categories
        </button>
      </FormWithError>
    </section>
  );
}

export function ModerationPanel({ market, hiddenPosts, removed, history }: { market: MarketSnapshot; hiddenPosts: PublicPost[]; removed: Array<{ id: string; name: string }>; history: ModerationEntry[] }) {
  const newest = [...market.posts].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 60);
  return (
    <section className="card" aria-labelledby="moderation-heading">
      <h2 id="moderation-heading">Moderation</h2>
      <div className="button-row">
        <Act intent="lock" fields={{ locked: !market.facilitation.joiningLocked }} className={market.facilitation.joiningLocked ? "button small" : "button small secondary"}>
          {market.facilitation.joiningLocked ? "Open joining again" : "Lock joining"}
        </Act>
      </div>
      <h3>Posts (newest {newest.length})</h3>
      <ul className="moderation-list" data-testid="moderation-posts">
        {newest.map((post) => (
          <li key={post.id}>
            <span>
              <strong>{post.authorName}</strong>: {post.text}
            </span>
            <span className="button-row">
              <details>
                <summary className="button small secondary">Edit</summary>
                <FormWithError intent="edit-post">
                  <input type="hidden" name="postId" value={post.id} />
                  <input name="text" defaultValue={post.text} maxLength={280} aria-label="Text" />
                  <button className="button small" type="submit">
                    Save
                  </button>
                </FormWithError>
              </details>
              <Act intent="hide" fields={{ postId: post.id }} className="button small danger" label={`Hide “${post.text.slice(0, 40)}”`}>
                Hide
              </Act>
            </span>
          </li>
        ))}
      </ul>
      <h3>People</h3>
      <ul className="moderation-list">
        {market.participants.map((p) => (
          <li key={p.id}>
            <span>{p.name}</span>
            <Act intent="remove" fields={{ participantId: p.id }} className="button small danger" label={`Remove ${p.name}`}>
              Remove
            </Act>
          </li>
        ))}
      </ul>
      {hiddenPosts.length > 0 && (
        <>
          <h3>Hidden</h3>
          <ul className="moderation-list">
            {hiddenPosts.map((post) => (
              <li key={post.id}>
                <span>
                  {post.authorName}: {post.text}
                </span>
                <Act intent="unhide" fields={{ postId: post.id }}>Show again</Act>
              </li>
            ))}
          </ul>
        </>
      )}
      {removed.length > 0 && <p className="hint">Removed: {removed.map((r) => r.name).join(", ")}</p>}
      {history.length > 0 && (
        <details>
          <summary>History ({history.length})</summary>
          <ol className="plain-list">
            {history.map((entry, i) => (
              <li key={i}>
                {entry.at.slice(11, 19)} · {entry.action.replace(/_/g, " ")}
                {entry.detail ? ` · ${entry.detail}` : ""}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
