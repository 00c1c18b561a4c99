import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { wallColumns } from "~/lib/wall";
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { LiveBadge } from "~/components/connection-badge";
import { categoryColor, currentStageOf, HarvestChart, RoundCountdown, StageCountdown } from "~/components/facilitation";
import { phaseLabel } from "~/components/phase";
import { PostCard } from "~/components/post-card";
import { GatheredCount } from "~/components/dream-circle";
import { qrSvg } from "~/lib/qr.server";
import { orRespond } from "~/lib/route-helpers.server";
import { reloadWhenBack } from "~/lib/reload-when-back";
import { useLiveMarket } from "~/lib/use-live-market";
import { KINDS, pluralOf, POST_KINDS, takes, type PostKind } from "../../server/market/kinds.ts";
import type { Round } from "../../server/market/round.ts";
import { harvestStats, stillOpen } from "../../server/market/still-open.ts";
import { firstName, type MarketSnapshot, type PublicPost } from "../../server/market/views.ts";
import { metaT, useDataText, useFormat, useT } from "~/lib/i18n";
import { useFollowMarketLanguage } from "~/lib/market-language";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: metaT(matches)("meta.projector", { title: data?.market.title ?? "" }) }];

/** Cards per page in each column: four two-line cards fit a 1920x1080 column at the wall's font size. */
const WALL_CARDS_PER_PAGE = 4;
/** Tables the projector lists at once; everyone's phone shows their own. */
const TABLES_SHOWN = 20;
/** A steady page turn: long enough to read a page from the back of the hall. */
const PAGE_SECONDS = 12;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // The projector is a viewer: it never sends a secret, so it can never receive one.
  const market = await orRespond(context, () => context.market.snapshot(params.code ?? "", { role: "viewer" }));
  const joinUrl = `${context.publicOrigin(request)}/join/${market.code}`;
  return { market, joinUrl, qr: await qrSvg(joinUrl), language: market.language };
}

/** Snapshot reloads (reconnects, after actions) wait out a server restart instead of failing. */
export const clientLoader = ({ serverLoader }: ClientLoaderFunctionArgs) => reloadWhenBack(() => serverLoader<typeof loader>());

export default function ProjectorScreen() {
  const { market: loaded, joinUrl, qr } = useLoaderData<typeof loader>();
  const { market, status } = useLiveMarket(loaded, "viewer");
  const t = useT();
  const { number } = useFormat();
  useFollowMarketLanguage(market.facilitation.language, loaded.language);
  const dataText = useDataText();
  const [params] = useSearchParams();
  const { facilitation, round } = market;
  // The host picks the category live; `?category=` in this screen's address overrides it
  // (`?category=` left empty shows every category whatever the host picked).
  const categoryFilter = (params.has("category") ? params.get("category") : facilitation.projectorCategory) || undefined;
  const names = useMemo(() => new Map(market.participants.map((p) => [p.id, firstName(p.name)])), [market.participants]);
  const nameOf = (id: string, fallback = "") => names.get(id) ?? firstName(fallback);
  const colorOf = (post: PublicPost) => categoryColor(facilitation.categories, post.category);
  const closed = market.phase === "closed";
  const stage = currentStageOf(facilitation.agenda);
  const roundLive = round && round.status === "running" ? round : undefined;

  let main;
  if (closed) main = <Harvest market={market} nameOf={nameOf} />;
  else if (roundLive?.scope === "room") main = <Spotlight market={market} round={roundLive} nameOf={nameOf} colorOf={colorOf} />;
  else if (roundLive?.scope === "tables" || facilitation.projectorView === "tables") main = <Tables market={market} round={roundLive} nameOf={nameOf} />;
  else if (facilitation.projectorView === "still-open") main = <StillOpen market={market} nameOf={nameOf} colorOf={colorOf} category={categoryFilter} />;
  else main = <Wall market={market} nameOf={nameOf} colorOf={colorOf} category={categoryFilter} />;

  if (market.deleted) {
    return (
      <main className="screen">
        <p className="notice" role="alert">
          {t("screen.deleted")}
        </p>
      </main>
    );
  }

  return (
    <main className="screen">
      <header className="screen-header">
        <h1>{market.title}</h1>
        <div className="screen-status">
          {stage ? (
            <span className="stage-pill" data-testid="stage-title">
              {stage.number}/{stage.of} · {dataText.stage(stage.stage).title}
            </span>
          ) : (
            <span className={`phase-pill ${market.phase}`}>{phaseLabel(market.phase, t)}</span>
          )}
          {stage && <StageCountdown agenda={facilitation.agenda} serverNow={market.serverNow} />}
          <LiveBadge status={status} />
        </div>
      </header>
      {stage && (
        <p className="stage-instructions" data-testid="stage-instructions">
          {dataText.stage(stage.stage).instructions}
        </p>
      )}

      <div className="screen-body">
        {closed ? (
          <aside className="screen-join screen-thanks" aria-label={t("screen.thankYou")}>
            <p className="screen-thanks-big">{t("screen.thankYouBig")}</p>
            <p>{t("screen.followUps")}</p>
            <p className="screen-people">
              <span data-testid="people-count">{number(market.counts.participants)}</span> {t("screen.tookPart", { count: market.counts.participants })}
            </p>
          </aside>
        ) : (
          <aside className="screen-join" aria-label={t("screen.howToJoin")}>
            <div className="qr" role="img" aria-label={t("screen.qr", { url: joinUrl })} data-join-url={joinUrl} dangerouslySetInnerHTML={{ __html: qr }} />
            <p className="screen-join-label">{t("screen.scan")}</p>
            <p className="screen-join-url">{joinUrl.replace(/^https?:\/\//, "")}</p>
            <p className="screen-join-label">{t("screen.code")}</p>
            <p className="screen-code" data-testid="join-code">
              {market.code}
            </p>
            <p className="screen-people">
              <span data-testid="people-count">{number(market.counts.participants)}</span> {t("screen.here", { count: market.counts.participants })}
            </p>
            {facilitation.joiningLocked && <p className="screen-join-label">{t("screen.joiningClosed")}</p>}
          </aside>
        )}
        {main}
      </div>
    </main>
  );
}

type NameOf = (id: string, fallback?: string) => string;

/** Still open: kinds whose cards can be starred first (the needs that matter most lead), then the table's order. */
const STILL_OPEN_ORDER = [...POST_KINDS].sort((a, b) => Number(takes(b, "starred")) - Number(takes(a, "starred")));

function Spotlight({ market, round, nameOf, colorOf }: { market: MarketSnapshot; round: Round; nameOf: NameOf; colorOf: (p: PublicPost) => string | undefined }) {
  const t = useT();
  const speaker = round.speakerId;
  const posts = market.posts.filter((p) => p.participantId === speaker && (round.focus === "both" || p.kind === round.focus));
  const heard = round.heard.length;
  const next = round.order.find((id) => id !== speaker && !round.heard.includes(id) && !round.skipped.includes(id));
  return (
    <section className="spotlight" aria-labelledby="spotlight-name" data-testid="spotlight">
      <div className="spotlight-head">
        <div>
          <p className="spotlight-label">{round.focus === "both" ? t("screen.nowSharing") : t(KINDS[round.focus].words.nowSharing)}</p>
          <h2 id="spotlight-name" data-testid="spotlight-name">
            {speaker ? nameOf(speaker) : "—"}
          </h2>
        </div>
        <RoundCountdown round={round} serverNow={market.serverNow} className="big" />
      </div>
      <div className="spotlight-posts">
        {posts.length === 0 ? (
          <p className="wall-empty">{speaker ? t("screen.listening", { name: nameOf(speaker) }) : t("screen.listeningThem")}</p>
        ) : (
          posts.slice(0, 4).map((post) => <PostCard key={post.id} post={post} author={nameOf(post.participantId, post.authorName)} categoryColor={colorOf(post)} />)
        )}
      </div>
      <p className="spotlight-foot">
        {t("screen.heard", { heard, total: round.order.length })}
        {next ? t("screen.upNext", { name: nameOf(next) }) : ""}
      </p>
    </section>
  );
}

function Tables({ market, round, nameOf }: { market: MarketSnapshot; round?: Round; nameOf: NameOf }) {
  const t = useT();
  const tables = market.facilitation.tables;
  return (
    <section className="tables-view" aria-labelledby="tables-heading" data-testid="tables">
      <div className="spotlight-head">
        <h2 id="tables-heading">
          {t("screen.tables")}
          {market.facilitation.rotation > 1 ? t("screen.rotation", { n: market.facilitation.rotation }) : ""}
        </h2>
        {round && <RoundCountdown round={round} serverNow={market.serverNow} />}
      </div>
      <ol className="table-grid">
        {tables.slice(0, TABLES_SHOWN).map((table) => (
          <li key={table.name}>
            <h3>{t("screen.table", { name: table.name })}</h3>
            <p>
              {table.participantIds.map((id, i) => (
                <span key={id} className={round && i === round.slot ? "speaking" : undefined}>
                  {nameOf(id)}
                </span>
              ))}
            </p>
          </li>
        ))}
      </ol>
      {tables.length > TABLES_SHOWN && <p className="wall-more">{t("screen.moreTables", { count: tables.length - TABLES_SHOWN })}</p>}
    </section>
  );
}

function StillOpen({ market, nameOf, colorOf, category }: { market: MarketSnapshot; nameOf: NameOf; colorOf: (p: PublicPost) => string | undefined; category?: string }) {
  const t = useT();
  const { value } = useDataText();
  const open = useMemo(() => stillOpen(category ? market.posts.filter((p) => p.category === category) : market.posts, market.connections), [market.posts, market.connections, category]);
  return (
    <div className="wall still-open" data-testid="still-open">
      {STILL_OPEN_ORDER.map((kind) => {
        const title = t(KINDS[kind].words.stillOpen);
        return <PagedColumn key={kind} kind={kind} title={category ? `${title} · ${value(category)}` : title} list={open[pluralOf(kind)]} nameOf={nameOf} colorOf={colorOf} empty={t("screen.allConnected")} firstPage={t("screen.starredFirst")} />;
      })}
    </div>
  );
}

function Wall({ market, nameOf, colorOf, category }: { market: MarketSnapshot; nameOf: NameOf; colorOf: (p: PublicPost) => string | undefined; category?: string }) {
  const columns = useMemo(() => wallColumns(market.posts, (p) => !category || p.category === category), [market.posts, category]);
  const t = useT();
  const { value } = useDataText();
  const empty = market.phase === "lobby" ? t("screen.postingSoon") : undefined;
  return (
    <div className="wall">
      {POST_KINDS.map((kind) => {
        const title = t(KINDS[kind].words.plural);
        return <PagedColumn key={kind} kind={kind} title={category ? `${title} · ${value(category)}` : title} list={columns[pluralOf(kind)]} nameOf={nameOf} colorOf={colorOf} empty={empty ?? t(KINDS[kind].words.wallEmpty)} />;
      })}
    </div>
  );
}

/**
 * A column of the wall: the newest page first, then a steady page turn through the rest. Only one
 * page of cards is ever in the page, so a thousand posts cost what seven do.
 */
function PagedColumn({ kind, title, list, nameOf, colorOf, empty, firstPage }: { kind: PostKind; title: string; list: PublicPost[]; nameOf: NameOf; colorOf: (p: PublicPost) => string | undefined; empty: string; firstPage?: string }) {
  const t = useT();
  const pages = Math.max(1, Math.ceil(list.length / WALL_CARDS_PER_PAGE));
  const [page, setPage] = useState(0);
  // The clock only depends on there being pages to turn: cards arriving (which change the page
  // count) must not restart it, or a busy wall would never leave the newest page.
  const turning = pages > 1;
  useEffect(() => {
    if (!turning) return;
    const timer = setInterval(() => setPage((p) => p + 1), PAGE_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [turning]);
  const shown = page % pages;
  const cards = list.slice(shown * WALL_CARDS_PER_PAGE, (shown + 1) * WALL_CARDS_PER_PAGE);
  return (
    <section className={`wall-column ${kind}`} aria-labelledby={`wall-${kind}`}>
      <h2 id={`wall-${kind}`}>
        {title} <span className="wall-count" data-testid={`wall-count-${kind}`}>{list.length}</span>
      </h2>
      <div className="wall-cards" aria-live="polite" aria-relevant="additions">
        {list.length === 0 ? <p className="wall-empty">{empty}</p> : cards.map((post) => (
              <PostCard key={post.id} post={post} author={nameOf(post.participantId, post.authorName)} categoryColor={colorOf(post)}>
                <GatheredCount post={post} />
              </PostCard>
            ))}
      </div>
      {pages > 1 && (
        <p className="wall-more" data-testid={`wall-page-${kind}`}>
          {shown === 0 ? (firstPage ?? t("screen.newest")) : t("screen.page", { page: shown + 1, pages })}
          {t("screen.allOnPhones", { count: list.length })}
          <span className="page-dots" aria-hidden="true">
            <span style={{ width: `${((shown + 1) / pages) * 100}%` }} />
          </span>
        </p>
      )}
    </section>
  );
}

function Harvest({ market, nameOf }: { market: MarketSnapshot; nameOf: NameOf }) {
  const stats = useMemo(() => harvestStats(market.participants, market.posts, market.connections), [market.participants, market.posts, market.connections]);
  const accepted = market.connections.filter((c) => c.status === "accepted");
  const t = useT();
  const { number } = useFormat();
  return (
    <section className="harvest" aria-labelledby="harvest-heading">
      <h2 id="harvest-heading">{t("screen.harvest")}</h2>
      <dl className="harvest-counts">
        <div>
          <dt>{t("screen.people")}</dt>
          <dd>{number(stats.people)}</dd>
        </div>
        {POST_KINDS.map((kind) => (
          <div key={kind}>
            <dt>{t(KINDS[kind].words.count)}</dt>
            <dd>{number(stats[pluralOf(kind)])}</dd>
          </div>
        ))}
        <div>
          <dt>{t("screen.connections")}</dt>
          <dd data-testid="harvest-connections">{number(stats.connections)}</dd>
        </div>
      </dl>
      <div className="harvest-body">
        <HarvestChart stats={stats} />
        <ul className="harvest-list">
          {accepted.slice(0, 12).map((c) => (
            <li key={c.id}>
              <strong>{nameOf(c.offerParticipantId, c.offerAuthorName)}</strong> → <strong>{nameOf(c.needParticipantId, c.needAuthorName)}</strong>
              <span className="harvest-what">
                {c.offerText} · {c.needText}
              </span>
            </li>
          ))}
          {accepted.length > 12 && <li className="harvest-what">{t("screen.moreConnections", { count: accepted.length - 12 })}</li>}
        </ul>
      </div>
    </section>
  );
}
