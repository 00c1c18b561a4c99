// The projector's other views: the spotlight of a sharing round, the tables, the overview of a
// big room and the harvest at the close. The wall itself is in screen-wall.tsx.
import { useMemo } from "react";
import { HarvestChart, RoundCountdown } from "~/components/facilitation";
import { KindIcon } from "~/components/kind-icon";
import { PostCard } from "~/components/post-card";
import type { ColorOf, NameOf } from "~/components/screen-wall";
import { useDataText, useFormat, useT } from "~/lib/i18n";
import { KINDS, pluralOf, POST_KINDS, type KindPlural } from "../../server/market/kinds.ts";
import { roomOverview } from "../../server/market/overview.ts";
import type { Round } from "../../server/market/round.ts";
import { harvestShows, harvestStats } from "../../server/market/still-open.ts";
import type { MarketSnapshot } from "../../server/market/views.ts";

/** Tables the projector lists at once; everyone's phone shows their own. */
const TABLES_SHOWN = 20;
/** Connections the harvest lists by name; the rest are counted. */
const HARVEST_LISTED = 12;

export function Spotlight({ market, round, nameOf, colorOf }: { market: MarketSnapshot; round: Round; nameOf: NameOf; colorOf: ColorOf }) {
  const t = useT();
  const speaker = round.speakerId;
  const posts = market.posts.filter((p) => p.participantId === speaker && (round.focus === "both" || p.kind === round.focus));
  const heard = round.heard.length;
  const next = round.order.find((id) => id !== speaker && !round.heard.includes(id) && !round.skipped.includes(id));
  return (
    <section className="spotlight" aria-labelledby="spotlight-name" data-testid="spotlight">
      <div className="spotlight-head">
        <div>
          <p className="spotlight-label">{round.focus === "offer" ? t("screen.nowSharingOffers") : round.focus === "need" ? t("screen.nowSharingNeeds") : t("screen.nowSharing")}</p>
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

export function Tables({ market, round, nameOf }: { market: MarketSnapshot; round?: Round; nameOf: NameOf }) {
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

/** A big room at a glance: each category's cards of each kind as bars, and the tags people use most. */
export function Overview({ market, colorOf }: { market: MarketSnapshot; colorOf: (category: string) => string | undefined }) {
  const t = useT();
  const { number } = useFormat();
  const { value } = useDataText();
  const overview = useMemo(() => roomOverview(market.posts, market.facilitation.categories), [market.posts, market.facilitation.categories]);
  const total = (counts: Record<KindPlural, number>) => POST_KINDS.reduce((sum, kind) => sum + counts[pluralOf(kind)], 0);
  const widest = Math.max(1, ...overview.categories.map((c) => total(c.counts)));
  return (
    <section className="overview" aria-labelledby="overview-heading" data-testid="overview">
      <h2 id="overview-heading">
        {t("screen.overview")}
        <span className="overview-totals">
          {POST_KINDS.map((kind) => (
            <span key={kind}>
              <KindIcon kind={kind} /> {number(overview.counts[pluralOf(kind)])} {t(KINDS[kind].words.plural)}
            </span>
          ))}
        </span>
      </h2>
      <div className="overview-body">
        <div>
          <h3>{t("screen.byCategory")}</h3>
          {overview.categories.length === 0 ? (
            <p className="wall-empty">{t("screen.noCardsYet")}</p>
          ) : (
            <ul className="overview-categories">
              {overview.categories.map((row) => (
                <li key={row.category ?? ""} data-testid="overview-category" data-category={row.category ?? ""}>
                  <span className="overview-name">
                    <span className="overview-swatch" style={{ background: row.category ? colorOf(row.category) : undefined }} aria-hidden="true" />
                    {row.category ? value(row.category) : t("screen.noCategory")}
                  </span>
                  <span className="overview-bar" aria-hidden="true">
                    {POST_KINDS.map((kind) => (
                      <span key={kind} style={{ width: `${(row.counts[pluralOf(kind)] / widest) * 100}%`, background: KINDS[kind].chartColour }} />
                    ))}
                  </span>
                  <span className="overview-counts">
                    {POST_KINDS.map((kind) => (
                      <span key={kind} style={{ color: KINDS[kind].chartColour }} data-testid={`overview-${kind}`} data-count={row.counts[pluralOf(kind)]}>
                        <KindIcon kind={kind} /> {number(row.counts[pluralOf(kind)])}
                        <span className="visually-hidden"> {t(KINDS[kind].words.plural)}</span>
                      </span>
                    ))}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>{t("screen.commonTags")}</h3>
          {overview.tags.length === 0 ? (
            <p className="wall-empty">{t("screen.noTagsYet")}</p>
          ) : (
            <ol className="overview-tags">
              {overview.tags.map(({ tag, count }) => (
                <li key={tag} data-testid="overview-tag">
                  <span>#{tag}</span> <span className="overview-tag-count">{number(count)}</span>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </section>
  );
}

export function Harvest({ market, nameOf }: { market: MarketSnapshot; nameOf: NameOf }) {
  const stats = useMemo(() => harvestStats(market), [market]);
  const accepted = market.connections.filter((c) => c.status === "accepted");
  const shows = harvestShows(stats);
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
        {shows.kinds.map((kind) => (
          <div key={kind}>
            <dt>{t(KINDS[kind].words.count)}</dt>
            <dd>{number(stats[pluralOf(kind)])}</dd>
          </div>
        ))}
        <div>
          <dt>{t("screen.connections")}</dt>
          <dd data-testid="harvest-connections">{number(stats.connections)}</dd>
        </div>
        {shows.circles && (
          <div>
            <dt>{t("screen.circlesCount")}</dt>
            <dd data-testid="harvest-circles">{number(stats.circles.length)}</dd>
          </div>
        )}
      </dl>
      {stats.circles.length > 0 && (
        <p className="harvest-circle-sizes" data-testid="harvest-circle-sizes">
          {t("harvest.circleSizes", { sizes: stats.circles.map((size) => number(size)).join(", ") })}
        </p>
      )}
      <div className="harvest-body">
        <HarvestChart stats={stats} />
        <ul className="harvest-list">
          {accepted.slice(0, HARVEST_LISTED).map((c) => (
            <li key={c.id}>
              <strong>{nameOf(c.offerParticipantId, c.offerAuthorName)}</strong> → <strong>{nameOf(c.needParticipantId, c.needAuthorName)}</strong>
              <span className="harvest-what">
                {c.offerText} · {c.needText}
              </span>
            </li>
          ))}
          {accepted.length > HARVEST_LISTED && <li className="harvest-what">{t("screen.moreConnections", { count: accepted.length - HARVEST_LISTED })}</li>}
        </ul>
      </div>
    </section>
  );
}
