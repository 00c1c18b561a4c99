import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useState } from "react";
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { LiveBadge } from "~/components/connection-badge";
import { DeleteMarket, Fold, HarvestLinks, HostSuggestions, ImportCards, LanguageCard, RICH } from "~/components/host-console";
import { HostRoomTools } from "~/components/host-room-tools";
import { AgendaPanel, CategoriesPanel, GroupsPanel, ModerationPanel, nowHasTool, nowHoldsGroups, nowHoldsRound, ProjectorPanel, RoundPanel, StageNow } from "~/components/host-facilitation";
import { PhaseSteps } from "~/components/host-phases";
import { PreparePanel, RehearsalBanner, type ResetPreviewResult } from "~/components/host-rehearsal";
import type { PersonalCodeResult } from "~/components/host-personal-codes";
import { personalLinkPath } from "../../server/market/personal-codes.ts";
import { requireHost } from "~/lib/host.server";
import { attempt, field, isHttps, orRespond, refused, type ActionResult } from "~/lib/route-helpers.server";
import { reloadWhenBack } from "~/lib/reload-when-back";
import { useLiveMarket } from "~/lib/use-live-market";
import { parseCardsCsv } from "../../server/market/cards-csv.ts";
import { kindShows, KINDS, pluralOf, POST_KINDS, type PostKind } from "../../server/market/kinds.ts";
import { circlesShow, circleSizes } from "../../server/market/still-open.ts";
import { runFacilitationForm } from "../../server/market/facilitation-form.ts";
import { Trans } from "react-i18next";
import { LANGUAGE_NAMES, metaT, useFormat, useT } from "~/lib/i18n";
import { useFollowMarketLanguage } from "~/lib/market-language";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: metaT(matches)("meta.host", { title: data?.market.title ?? "" }) }, { name: "robots", content: "noindex" }];

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
  const market = await context.market.snapshot(code, { role: "host" });
  return {
    market,
    // The console speaks the market's language (app/root.tsx reads it).
    language: market.language,
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
      return refused("delete", "not_confirmed", { code });
    }
    const result = await attempt(context, "delete", () => context.market.deleteMarket(code, host));
    if (!result.data.ok) return result;
    throw redirect("/?deleted=1", { headers: { "Set-Cookie": context.sessions.clearCookie("host", code) } });
  }
  const intent = field(form, "intent") || "phase";
  const participantId = field(form, "participantId");
  switch (intent) {
    case "rehearsal":
      return attempt(context, intent, () => context.market.setRehearsal(code, host, { on: field(form, "on") === "true" }));
    case "reset-preview": {
      const preview = await context.market.resetPreview(code, host);
      return data<ResetPreviewResult>({ ok: true, intent, preview });
    }
    case "reset":
      return attempt(context, intent, () => context.market.resetMarket(code, host, { confirm: field(form, "confirm") === "true" }));
    case "personal-code": {
      let made: { personalCode: string } | undefined;
      const result = await attempt(context, intent, async () => void (made = await context.market.newPersonalCode(code, host, participantId)));
      if (!made) return result;
      const personalUrl = `${context.publicOrigin(request)}${personalLinkPath(code, made.personalCode)}`;
      return data<PersonalCodeResult>({ ok: true, intent, personalCode: made.personalCode, personalUrl });
    }
    case "revoke-personal-code":
      return attempt(context, intent, () => context.market.revokePersonalCode(code, host, participantId));
  }
  if (intent === "pair") {
    return attempt(context, intent, () => context.market.requestConnection(code, host, { offerId: field(form, "offerId"), needId: field(form, "needId") }));
  }
  if (intent === "import") {
    const file = form.get("cards");
    const text = file instanceof Blob ? await file.text() : "";
    const { cards, errors } = parseCardsCsv(text);
    if (errors.length) {
      // The file's problems stay in English (the parser's words); the sentence around them is translated.
      const problems = errors.slice(0, 5).map((e) => (e.line ? `Line ${e.line}: ${e.message}` : e.message)).join(" ");
      return refused(intent, "invalid_cards", { problems });
    }
    let imported: { posts: number; participants: number } | undefined;
    const result = await attempt(context, intent, async () => {
      imported = await context.market.importCards(code, host, cards);
    });
    return imported ? data<ActionResult & { imported: typeof imported }>({ ok: true, intent, imported }) : result;
  }
  if (intent !== "phase") {
    return attempt(context, intent, async () => {
      const ran = runFacilitationForm(context, code, host, intent, form);
      if (!ran) throw new Response("Unknown action", { status: 400 });
      return ran;
    });
  }
  // `from`: the phase the console showed, so a move made from an old view is refused.
  return attempt(context, "phase", () => context.market.changePhase(code, host, { phase: field(form, "phase"), ...(form.has("from") ? { from: field(form, "from") } : {}) }));
}

/** Snapshot reloads (reconnects, after actions) wait out a server restart instead of failing. */
export const clientLoader = ({ serverLoader }: ClientLoaderFunctionArgs) => reloadWhenBack(() => serverLoader<typeof loader>());

/** The room's figures on the console, each with its label: people, each kind of card, connections. */
/** The console's figures: people, each kind the room shows (kinds.ts kindShows), connections. */
const roomCounts = (kinds: PostKind[]) => [["participants", "host.people"], ...kinds.map((kind) => [pluralOf(kind), KINDS[kind].words.plural] as const), ["connections", "host.connections"]] as const;

export default function HostConsole() {
  const { market: loaded, suggestions, joinUrl, screenPath, hostUrl, moderation } = useLoaderData<typeof loader>();
  // Every console steering this market says when a rehearsal was reset, whoever pressed it.
  const [wasReset, setWasReset] = useState(false);
  // Back from a drop, the console runs its loaders: the strongest pairs and the moderation list
  // are worked out there, beside the room.
  const { market, status } = useLiveMarket(loaded, "host", {
    onEvent: (event) => {
      if (event.type === "market:reset") setWasReset(true);
    },
    byLoaders: true,
  });
  const t = useT();
  const { number } = useFormat();
  useFollowMarketLanguage(market.facilitation.language, loaded.language);
  const accepted = market.connections.filter((c) => c.status === "accepted");
  const pending = market.connections.filter((c) => c.status === "pending");
  const circles = circleSizes(market.posts);
  const shownKinds = POST_KINDS.filter((kind) => kindShows(kind, market.facilitation.openKinds.includes(kind), market.counts[pluralOf(kind)]));
  const closed = market.phase === "closed";

  // The exports: folded away while the market runs, the first thing on the page once it closes.
  const harvest = <HarvestLinks market={market} />;

  return (
    <main className="page host">
      <header className="host-header">
        <div className="host-title">
          <p className="eyebrow">{t("host.console")}</p>
          <h1>{market.title}</h1>
        </div>
        <section className="host-join" aria-labelledby="join-heading">
          <h2 id="join-heading" className="eyebrow">
            {t("host.joinWith")}
          </h2>
          {/* aria-label is not allowed on a paragraph (axe: aria-prohibited-attr): screen readers get the code letter by letter from hidden text instead. */}
          <p className="visually-hidden">{t("host.codeLetters", { letters: market.code.split("").join(" ") })}</p>
          <p className="join-code" aria-hidden="true">
            {market.code}
          </p>
          <p className="join-url">
            <a href={joinUrl}>{joinUrl}</a>
          </p>
        </section>
        <div className="host-screen-links">
          <a className="button" href={screenPath} target="_blank" rel="noreferrer">
            {t("host.openScreen")}
          </a>
          <a href={`${screenPath}/poster`} target="_blank" rel="noreferrer">
            {t("host.poster")}
          </a>
          <a href={`/desk/${market.code}`}>{t("desk.open")}</a>
        </div>
        <LiveBadge status={status} />
      </header>

      {wasReset && !market.facilitation.rehearsal && (
        <p className="notice" role="status" data-testid="reset-done">
          {t("prepare.resetDone")}
        </p>
      )}
      {market.facilitation.rehearsal && (
        <section className="card rehearsal-card" aria-labelledby="rehearsal-heading">
          <h2 id="rehearsal-heading">{t("prepare.rehearsalHeading")}</h2>
          <RehearsalBanner market={market} />
          <PreparePanel market={market} posterPath={`${screenPath}/poster`} />
        </section>
      )}

      {/* At a glance from a step away: where the room is, the next step, the round, the room's figures. */}
      <section className={`now-panel${nowHasTool(market) ? " with-round" : ""}`} aria-labelledby="now-heading">
        <StageNow market={market} />
        <div className="room">
          <h2>{t("host.room")}</h2>
          <dl className="counts">
            {roomCounts(shownKinds).map(([count, label]) => (
              <div key={count}>
                <dt>{t(label)}</dt>
                <dd data-testid={`count-${count}`}>{number(market.counts[count])}</dd>
              </div>
            ))}
            {circlesShow(shownKinds, circles.length) && (
              <div>
                <dt>{t("host.circles")}</dt>
                <dd data-testid="count-circles">{number(circles.length)}</dd>
              </div>
            )}
          </dl>
          <p className="hint">{t("host.pending", { count: pending.length })}</p>
          {circles.length > 0 && <p className="hint">{t("harvest.circleSizes", { sizes: circles.map((size) => number(size)).join(", ") })}</p>}
        </div>
      </section>

      {closed && (
        <section className="card harvest-card harvest-now" aria-labelledby="harvest-heading">
          <h2 id="harvest-heading">{t("host.harvest")}</h2>
          {harvest}
        </section>
      )}

      <div className="phase-row">
        <PhaseSteps market={market} />
      </div>

      <div className="facilitation-grid">
        {/* A closed market refuses stages, rounds and groups: their controls rest until it reopens. */}
        {closed ? (
          <section className="card resting" aria-labelledby="resting-heading" data-testid="facilitation-resting">
            <h2 id="resting-heading">{t("host.restingHeading")}</h2>
            <p className="hint">{t("host.resting")}</p>
          </section>
        ) : (
          <AgendaPanel market={market} />
        )}
        <div className="stack">
          {!nowHoldsRound(market) && !closed && <RoundPanel market={market} />}
          <ProjectorPanel market={market} />
          {!closed && !nowHoldsGroups(market) && <GroupsPanel market={market} />}
        </div>
        <ModerationPanel market={market} hiddenPosts={moderation.hiddenPosts} removed={moderation.removed} history={moderation.history} />
        <HostRoomTools market={market} />
      </div>

      <div className="pairs-grid">
        <section className="card" aria-labelledby="connections-heading">
          <h2 id="connections-heading">{t("host.connectionsCount", { count: accepted.length })}</h2>
          {accepted.length === 0 ? (
            <p className="hint">{t("host.noConnections")}</p>
          ) : (
            <ul className="connection-list">
              {accepted.map((c) => (
                <li key={c.id}>
                  <Trans i18nKey="host.pair" values={{ offerer: c.offerAuthorName, offer: c.offerText, needer: c.needAuthorName, need: c.needText }} components={RICH} />
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="suggested-heading">
          <h2 id="suggested-heading">{t("host.suggested")}</h2>
          <HostSuggestions suggestions={suggestions} />
        </section>
      </div>

      {/* Tools a facilitator needs once or twice a market: folded, one click away. */}
      <section className="more-tools" aria-labelledby="more-tools-heading">
        <h2 id="more-tools-heading">{t("host.moreTools")}</h2>
        <div className="tools-grid">
          {!closed && (
            <Fold id="harvest-heading" title={t("host.harvest")}>
              {harvest}
            </Fold>
          )}
          {!market.facilitation.rehearsal && (
            <Fold id="prepare-heading" title={t("prepare.heading")}>
              <PreparePanel market={market} posterPath={`${screenPath}/poster`} />
            </Fold>
          )}
          <Fold id="import-heading" title={t("host.paperCards")}>
            <ImportCards />
          </Fold>
          <Fold id="categories-heading" title={t("categories.heading")}>
            <CategoriesPanel market={market} />
          </Fold>
          <Fold id="language-heading" title={t("host.language")} summary={LANGUAGE_NAMES[market.facilitation.language]}>
            <LanguageCard language={market.facilitation.language} />
          </Fold>
          <Fold id="host-link-heading" title={t("host.hostLink")}>
            <p className="hint">{t("host.hostLinkHint")}</p>
            <input className="host-link" readOnly value={hostUrl} aria-label={t("host.hostLinkLabel")} onFocus={(e) => e.currentTarget.select()} />
          </Fold>
          <DeleteMarket code={market.code} />
        </div>
      </section>
    </main>
  );
}
