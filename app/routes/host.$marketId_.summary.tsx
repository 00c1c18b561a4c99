import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { harvestSummary } from "~/lib/harvest.server";
import { requireHost } from "~/lib/host.server";
import { orRespond } from "~/lib/route-helpers.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Summary · ${data?.market.title ?? "Market"}` }, { name: "robots", content: "noindex" }];

// The printable harvest: names and what, never contacts (a printout travels further than a file).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { id, code } = await orRespond(context, () => context.market.locate(params.marketId ?? ""));
  await requireHost(context, request, code);
  return { id, printedAt: new Date().toISOString(), language: (await context.market.summary(code)).language, ...(await harvestSummary(context, code)) };
}

const day = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export default function PrintableSummary() {
  const { id, market, counts, connections, pending, open, printedAt } = useLoaderData<typeof loader>();
  const offers = open.filter((p) => p.kind === "offer");
  const needs = open.filter((p) => p.kind === "need");
  return (
    <main className="page summary-page">
      <nav className="no-print button-row">
        <button type="button" className="button" onClick={() => window.print()}>
          Print
        </button>
        <Link className="button secondary" to={`/host/${id}`}>
          Back to the console
        </Link>
      </nav>
      <header>
        <p className="eyebrow">Offers &amp; Needs Market · summary</p>
        <h1>{market.title}</h1>
        <p>
          {day(market.createdAt)}
          {market.closedAt ? ` – closed ${day(market.closedAt)}` : " – still open"} · code {market.code}
        </p>
      </header>

      <section aria-labelledby="numbers-heading">
        <h2 id="numbers-heading">In numbers</h2>
        <dl className="summary-counts">
          <div>
            <dt>People</dt>
            <dd data-testid="summary-participants">{counts.participants}</dd>
          </div>
          <div>
            <dt>Offers</dt>
            <dd>{counts.offers}</dd>
          </div>
          <div>
            <dt>Needs</dt>
            <dd>{counts.needs}</dd>
          </div>
          <div>
            <dt>Connections</dt>
            <dd data-testid="summary-connections">{counts.connections}</dd>
          </div>
          <div>
            <dt>Still asking</dt>
            <dd>{pending}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="connections-heading">
        <h2 id="connections-heading">Connections ({connections.length})</h2>
        {connections.length === 0 ? (
          <p>No accepted connections.</p>
        ) : (
          <table className="summary-table">
            <thead>
              <tr>
                <th scope="col">Offer</th>
                <th scope="col">by</th>
                <th scope="col">Need</th>
                <th scope="col">by</th>
              </tr>
            </thead>
            <tbody>
              {connections.map((c) => (
                <tr key={c.id}>
                  <td>{c.offerText || "(removed)"}</td>
                  <td>{c.offerAuthorName}</td>
                  <td>{c.needText || "(removed)"}</td>
                  <td>{c.needAuthorName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="open-heading">
        <h2 id="open-heading">Still open ({open.length})</h2>
        <p className="hint">Offers and needs without an accepted connection: a place to start next time.</p>
        <div className="summary-open">
          {(
            [
              ["Offers", offers],
              ["Needs", needs],
            ] as const
          ).map(([label, list]) => (
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
      <footer className="hint">Printed {day(printedAt)}. Contact details are not printed; they are in the CSV and vCard exports.</footer>
    </main>
  );
}
