import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { LiveBadge } from "~/components/connection-badge";
import { AgendaPanel, CategoriesPanel, GroupsPanel, ModerationPanel, RoundPanel } from "~/components/host-facilitation";
import { PHASE_STEPS, phaseLabel } from "~/components/phase";
import { requireHost } from "~/lib/host.server";
import { attempt, field, isHttps, orRespond, type ActionResult } from "~/lib/route-helpers.server";
import { reloadWhenBack } from "~/lib/reload-when-back";
import { useLiveMarket } from "~/lib/use-live-market";
import { parseCardsCsv } from "../../server/market/cards-csv.ts";
import type { Suggestion } from "../../server/market/service.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Host · ${data?.market.title ?? "Market"}` }, { name: "robots", content: "noindex" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { id, code } = await orRespond(context, () => context.market.locate(params.marketId ?? ""));
  const url = new URL(request.url);
  const key = url.searchParams.get("key");
  if (key) {
    // The host link carries the key once; from here on it lives in an httpOnly cookie.
    const actor = await context.market.authenticate(code, key).catch(() => undefined);
    if (actor?.role !== "host") throw new Response("That host link is not valid.", { status: 403 });
    return redirect(`/host/${id}`, { headers: { "Set-Cookie": context.sessions.setCookie("host", code, key, isHttps(request)) } });
  }
  await requireHost(context, request, code);
  const origin = context.publicOrigin(request);
  return {
    market: await context.market.snapshot(code, { role: "host" }),
    suggestions: await context.market.suggestions(code, { role: "host" }, { limit: 10 }),
    moderation: await context.facilitation.moderationView(code, { role: "host" }),
    joinUrl: `${origin}/join/${code}`,
    screenPath: `/screen/${code}`,
    hostUrl: `${origin}/host/${id}?key=${encodeURIComponent(context.sessions.readCookie(request.headers.get("Cookie"), "host", code) ?? "")}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { code } = await orRespond(context, () => context.market.locate(params.marketId ?? ""));
  const host = await requireHost(context, request, code);
  const form = await request.formData();
  if (field(form, "intent") === "delete") {
    if (field(form, "confirm").toUpperCase().replace(/[^A-Z0-9]/g, "") !== code) {
      return data<ActionResult>(
        { ok: false, intent: "delete", error: { code: "not_confirmed", message: `Type the join code ${code} to confirm.` } },
        { status: 400 },
      );
    }
    const result = await attempt(context, "delete", () => context.market.deleteMarket(code, host));
    if (!result.data.ok) return result;
    throw redirect("/?deleted=1", { headers: { "Set-Cookie": context.sessions.clearCookie("host", code) } });
  }
  const intent = field(form, "intent") || "phase";
  if (intent === "propose") {
    return attempt(context, intent, () => context.market.requestConnection(code, host, { offerId: field(form, "offerId"), needId: field(form, "needId") }));
  }
  if (intent === "import") {
    const file = form.get("cards");
    const text = file instanceof Blob ? await file.text() : "";
    const { cards, errors } = parseCardsCsv(text);
    if (errors.length) {
      const message = errors.slice(0, 5).map((e) => (e.line ? `Line ${e.line}: ${e.message}` : e.message)).join(" ");
      return data<ActionResult>({ ok: false, intent, error: { code: "invalid_cards", message: `Nothing was imported. ${message}` } }, { status: 400 });
    }
    let imported = "";
    const result = await attempt(context, intent, async () => {
      const counts = await context.market.importCards(code, host, cards);
      imported = `Imported ${counts.posts} cards from ${counts.participants} people.`;
    });
    return imported ? data<ActionResult & { message: string }>({ ok: true, intent, message: imported }) : result;
  }
  if (intent !== "phase") return attempt(context, intent, () => facilitationAction(context, code, host, intent, form));
  return attempt(context, "phase", () => context.market.changePhase(code, host, { phase: field(form, "phase") }));
}

/** The host console's facilitation forms, as commands: strings from the form become typed input. */
async function facilitationAction(context: ActionFunctionArgs["context"], code: string, host: { role: "host" }, intent: string, form: FormData): Promise<unknown> {
  const f = context.facilitation;
  const text = (name: string) => (form.has(name) ? field(form, name) : undefined);
  const num = (name: string) => (form.has(name) && field(form, name) !== "" ? Number(field(form, name)) : undefined);
  const bool = (name: string) => (form.has(name) ? field(form, name) === "true" : undefined);
  const input = (entries: Record<string, unknown>) => Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
  switch (intent) {
    case "agenda":
      return f.agenda(code, host, input({ action: text("action"), template: text("template"), stageId: text("stageId"), to: num("to"), title: text("title"), instructions: text("instructions"), minutes: num("minutes"), skipped: bool("skipped"), open: bool("open") }));
    case "round":
      return f.round(code, host, input({ action: text("action"), focus: text("focus"), scope: text("scope"), seconds: num("seconds"), participantId: text("participantId") }));
    case "groups":
      return f.groups(code, host, input({ action: text("action"), size: num("size") }));
    case "categories":
      return f.setCategories(code, host, { categories: field(form, "categories").split(/[,\n]+/).map((c) => c.trim()).filter(Boolean) });
    case "view":
      return f.setProjectorView(code, host, { view: text("view") });
    case "language":
      return f.setLanguage(code, host, { language: text("language") });
    case "hide":
      return f.hidePost(code, host, field(form, "postId"));
    case "unhide":
      return f.unhidePost(code, host, field(form, "postId"));
    case "edit-post":
      return context.market.updatePost(code, host, field(form, "postId"), { text: field(form, "text") });
    case "remove":
      return f.removeParticipant(code, host, field(form, "participantId"));
    case "lock":
      return f.lockJoining(code, host, { locked: bool("locked") });
    default:
      throw new Response("Unknown action", { status: 400 });
  }
}

/** Snapshot reloads (reconnects, after actions) wait out a server restart instead of failing. */
export const clientLoader = ({ serverLoader }: ClientLoaderFunctionArgs) => reloadWhenBack(() => serverLoader<typeof loader>());

export default function HostConsole() {
  const { market: loaded, suggestions, joinUrl, screenPath, hostUrl, moderation } = useLoaderData<typeof loader>();
  const { market, status } = useLiveMarket(loaded, "host");
  const phaseFetcher = useFetcher<ActionResult>();
  const failure = phaseFetcher.data && !phaseFetcher.data.ok ? phaseFetcher.data.error.message : undefined;
  const currentIndex = PHASE_STEPS.findIndex((step) => step.phase === market.phase);
  const accepted = market.connections.filter((c) => c.status === "accepted");
  const pending = market.connections.filter((c) => c.status === "pending");

  return (
    <main className="page host">
      <header className="host-header">
        <div>
          <p className="eyebrow">Host console</p>
          <h1>{market.title}</h1>
        </div>
        <LiveBadge status={status} />
      </header>

      <section className="host-grid">
        <div className="card join-card">
          <h2>People join with</h2>
          {/* aria-label is not allowed on a paragraph (axe: aria-prohibited-attr): screen readers get the code letter by letter from hidden text instead. */}
          <p className="visually-hidden">Join code, letter by letter: {market.code.split("").join(" ")}</p>
          <p className="join-code" aria-hidden="true">
            {market.code}
          </p>
          <p className="join-url">
            <a href={joinUrl}>{joinUrl}</a>
          </p>
          <a className="button" href={screenPath} target="_blank" rel="noreferrer">
            Open the projector screen
          </a>
          <p>
            <a href={`${screenPath}/poster`} target="_blank" rel="noreferrer">
              Printable A4 poster with the QR code
            </a>
          </p>
        </div>

        <div className="card">
          <h2>Phase</h2>
          <ol className="phase-steps">
            {PHASE_STEPS.map((step, index) => (
              <li key={step.phase} className={index === currentIndex ? "current" : index < currentIndex ? "done" : ""}>
                <phaseFetcher.Form method="post">
                  <input type="hidden" name="phase" value={step.phase} />
                  <button
                    type="submit"
                    className={index === currentIndex + 1 ? "button" : "button secondary"}
                    aria-current={index === currentIndex ? "step" : undefined}
                    disabled={index === currentIndex || phaseFetcher.state !== "idle"}
                  >
                    {index === currentIndex
                      ? `Now: ${step.label}`
                      : step.phase === "closed"
                        ? "Close the market"
                        : market.phase === "closed"
                          ? `Reopen: ${step.label}`
                          : index < currentIndex
                            ? `Back to ${step.label}`
                            : `Start ${step.label.toLowerCase()}`}
                  </button>
                </phaseFetcher.Form>
                <span className="hint">{step.hint}</span>
              </li>
            ))}
          </ol>
          {failure && (
            <p className="error" role="alert">
              {failure}
            </p>
          )}
          {market.phase === "closed" && (
            <phaseFetcher.Form method="post" className="reopen">
              <input type="hidden" name="phase" value="connecting" />
              <button type="submit" className="button" disabled={phaseFetcher.state !== "idle"}>
                Reopen the market
              </button>
              <span className="hint">Everything stays: people, posts, connections. Phones and the wall follow at once.</span>
            </phaseFetcher.Form>
          )}
        </div>

        <div className="card">
          <h2>The room</h2>
          <dl className="counts">
            <div>
              <dt>People</dt>
              <dd data-testid="count-participants">{market.counts.participants}</dd>
            </div>
            <div>
              <dt>Offers</dt>
              <dd data-testid="count-offers">{market.counts.offers}</dd>
            </div>
            <div>
              <dt>Needs</dt>
              <dd data-testid="count-needs">{market.counts.needs}</dd>
            </div>
            <div>
              <dt>Connections</dt>
              <dd data-testid="count-connections">{market.counts.connections}</dd>
            </div>
          </dl>
          <p className="hint">{pending.length} connection requests waiting for an answer.</p>
        </div>

        <div className="card harvest-card">
          <h2>Harvest</h2>
          <p className="hint">Any time, not only after closing. Contacts appear only for people who agreed to share them with you.</p>
          <div className="button-row">
            <a className="button" href={`/api/markets/${market.code}/export.csv`} download>
              Connections (CSV)
            </a>
            <a className="button secondary" href={`/api/markets/${market.code}/export-posts.csv`} download>
              All offers &amp; needs (CSV)
            </a>
            <a className="button secondary" href={`/api/markets/${market.code}/export.vcf`} download>
              Contacts (vCard)
            </a>
            <a className="button secondary" href={`/api/markets/${market.code}/export.json`} download>
              Everything (JSON, to restore)
            </a>
            <Link className="button secondary" to={`/host/${market.id}/summary`} target="_blank">
              Printable summary
            </Link>
          </div>
        </div>
      </section>

      <div className="facilitation-grid">
        <AgendaPanel market={market} />
        <div className="stack">
          <RoundPanel market={market} />
          <GroupsPanel market={market} />
          <CategoriesPanel market={market} />
        </div>
        <ModerationPanel market={market} hiddenPosts={moderation.hiddenPosts} removed={moderation.removed} history={moderation.history} />
      </div>

      <section className="card">
        <h2>Connections ({accepted.length})</h2>
        {accepted.length === 0 ? (
          <p className="hint">Accepted connections appear here.</p>
        ) : (
          <ul className="connection-list">
            {accepted.map((c) => (
              <li key={c.id}>
                <strong>{c.offerAuthorName}</strong> offers “{c.offerText}” → <strong>{c.needAuthorName}</strong> needs “{c.needText}”
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="suggested-heading">
        <h2 id="suggested-heading">Suggested matches</h2>
        <HostSuggestions suggestions={suggestions} />
      </section>

      <section className="card" aria-labelledby="import-heading">
        <h2 id="import-heading">Paper cards</h2>
        <ImportCards />
      </section>

      <DeleteMarket code={market.code} />

      <section className="card">
        <h2>Your host link</h2>
        <p className="hint">Keep it private: it lets whoever holds it steer this market and download contacts.</p>
        <input className="host-link" readOnly value={hostUrl} aria-label="Host link" onFocus={(e) => e.currentTarget.select()} />
      </section>
    </main>
  );
}

function HostSuggestions({ suggestions }: { suggestions: Suggestion[] }) {
  const revalidator = useRevalidator();
  return (
    <>
      <p className="hint">The strongest open offer–need pairs in the room: call them out, or propose them to both people.</p>
      {suggestions.length === 0 ? (
        <p className="hint">No strong pairs yet.</p>
      ) : (
        <ul className="connection-list host-suggestions">
          {suggestions.map((s) => (
            <li key={`${s.offer.id}:${s.need.id}`} data-testid="host-suggestion">
              <span>
                <strong>{s.offer.authorName}</strong> offers “{s.offer.text}” → <strong>{s.need.authorName}</strong> needs “{s.need.text}”{" "}
                <span className="score">({Math.round(s.score * 100)}%)</span>
              </span>
              <ProposeButton offerId={s.offer.id} needId={s.need.id} />
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button small secondary" onClick={() => revalidator.revalidate()} disabled={revalidator.state !== "idle"}>
        Refresh suggestions
      </button>
    </>
  );
}

function ProposeButton({ offerId, needId }: { offerId: string; needId: string }) {
  const fetcher = useFetcher<ActionResult>();
  if (fetcher.data?.ok) return <span className="connection-state">Proposed</span>;
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="propose" />
      <input type="hidden" name="offerId" value={offerId} />
      <input type="hidden" name="needId" value={needId} />
      <button className="button small" type="submit" disabled={fetcher.state !== "idle"}>
        Propose to both
      </button>
      {fetcher.data && !fetcher.data.ok && <span className="error"> {fetcher.data.error.message}</span>}
    </fetcher.Form>
  );
}

function ImportCards() {
  const fetcher = useFetcher<ActionResult & { message?: string }>();
  return (
    <fetcher.Form method="post" encType="multipart/form-data" className="stack">
      <input type="hidden" name="intent" value="import" />
      <p className="hint">
        Cards typed into a spreadsheet, saved as CSV with the columns name, contact, kind (offer or need), text, tags. They join the
        market as posts; their contacts are kept for you and never shown on the wall.
      </p>
      <label htmlFor="cards-file">CSV file</label>
      <input id="cards-file" type="file" name="cards" accept=".csv,text/csv" required />
      <button className="button secondary" type="submit" disabled={fetcher.state !== "idle"}>
        Import cards
      </button>
      {fetcher.data && (
        <p className={fetcher.data.ok ? "notice" : "error"} role={fetcher.data.ok ? "status" : "alert"}>
          {fetcher.data.ok ? fetcher.data.message : fetcher.data.error.message}
        </p>
      )}
    </fetcher.Form>
  );
}

function DeleteMarket({ code }: { code: string }) {
  const fetcher = useFetcher<ActionResult>();
  const failure = fetcher.data && !fetcher.data.ok ? fetcher.data.error.message : undefined;
  return (
    <section className="card danger-zone" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete this market</h2>
      <details>
        <summary className="button small danger">Delete the market and everything in it…</summary>
        <fetcher.Form method="post" className="stack">
          <input type="hidden" name="intent" value="delete" />
          <p>
            This deletes the market for good: people, contacts, posts, connections and the data file. Phones and the wall lose it
            at once. Download what you want to keep first.
          </p>
          <label htmlFor="delete-confirm">Type the join code {code} to confirm</label>
          <input id="delete-confirm" name="confirm" autoComplete="off" autoCapitalize="characters" spellCheck={false} required />
          <button className="button danger" type="submit" disabled={fetcher.state !== "idle"}>
            Delete for good
          </button>
          {failure && (
            <p className="error" role="alert">
              {failure}
            </p>
          )}
        </fetcher.Form>
      </details>
    </section>
  );
}
