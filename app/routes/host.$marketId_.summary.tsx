import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { harvestSummary } from "~/lib/harvest.server";
import { requireHost } from "~/lib/host.server";
import { orRespond } from "~/lib/route-helpers.server";
import { metaT, useFormat, useT } from "~/lib/i18n";
import { KINDS, pluralOf, POST_KINDS } from "../../server/market/kinds.ts";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: metaT(matches)("meta.summary", { title: data?.market.title ?? "" }) }, { name: "robots", content: "noindex" }];

// The printable harvest: names and what, never contacts (a printout travels further than a file).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { id, code } = await orRespond(context, () => context.market.locate(params.marketId ?? ""));
  await requireHost(context, request, code);
  return { id, printedAt: new Date().toISOString(), language: (await context.market.summary(code)).language, ...(await harvestSummary(context, code)) };
}


export default function PrintableSummary() {
  const { id, market, counts, connections, pending, open, printedAt } = useLoaderData<typeof loader>();
  const t = useT();
  const { date: day, number } = useFormat();
  return (
    <main className="page summary-page">
      <nav className="no-print button-row">
        <button type="button" className="button" onClick={() => window.print()}>
          {t("summary.print")}
        </button>
        <Link className="button secondary" to={`/host/${id}`}>
          {t("summary.back")}
        </Link>
      </nav>
      <header>
        <p className="eyebrow">{t("summary.eyebrow")}</p>
        <h1>{market.title}</h1>
        <p>
          {day(market.createdAt)}
          {market.closedAt ? t("summary.closed", { date: day(market.closedAt) }) : t("summary.stillOpen")}
          {t("summary.code", { code: market.code })}
        </p>
      </header>

      <section aria-labelledby="numbers-heading">
        <h2 id="numbers-heading">{t("summary.numbers")}</h2>
        <dl className="summary-counts">
          <div>
            <dt>{t("host.people")}</dt>
            <dd data-testid="summary-participants">{number(counts.participants)}</dd>
          </div>
          {POST_KINDS.map((kind) => (
            <div key={kind}>
              <dt>{t(KINDS[kind].words.plural)}</dt>
              <dd>{number(counts[pluralOf(kind)])}</dd>
            </div>
          ))}
          <div>
            <dt>{t("host.connections")}</dt>
            <dd data-testid="summary-connections">{number(counts.connections)}</dd>
          </div>
          <div>
            <dt>{t("summary.stillAsking")}</dt>
            <dd>{number(pending)}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="connections-heading">
        <h2 id="connections-heading">{t("host.connectionsCount", { count: connections.length })}</h2>
        {connections.length === 0 ? (
          <p>{t("phone.noFollowUps")}</p>
        ) : (
          <table className="summary-table">
            <thead>
              <tr>
                <th scope="col">{t("post.offer")}</th>
                <th scope="col">{t("summary.by")}</th>
                <th scope="col">{t("post.need")}</th>
                <th scope="col">{t("summary.by")}</th>
              </tr>
            </thead>
            <tbody>
              {connections.map((c) => (
                <tr key={c.id}>
                  <td>{c.offerText || t("phone.removed")}</td>
                  <td>{c.offerAuthorName}</td>
                  <td>{c.needText || t("phone.removed")}</td>
                  <td>{c.needAuthorName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="open-heading">
        <h2 id="open-heading">{t("summary.stillOpenCount", { count: open.length })}</h2>
        <p className="hint">{t("summary.stillOpenHint")}</p>
        <div className="summary-open">
          {POST_KINDS.map((kind) => [t(KINDS[kind].words.plural), open.filter((p) => p.kind === kind)] as const).map(([label, list]) => (
            <div key={label}>
              <h3>
                {label} ({list.length})
              </h3>
              <ul>
                {list.map((p) => (
                  <li key={p.id}>
                    {p.text} <span className="hint">— {p.authorName}</span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </section>
      <footer className="hint">{t("summary.printed", { date: day(printedAt) })}</footer>
    </main>
  );
}
