// The desk's printed follow-ups: one page per person added at the desk (or just one person), with
// the contacts of the people they connected with. Printed at close for people without a phone.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireDesk } from "~/lib/desk.server";
import { metaT, useT } from "~/lib/i18n";
import { orRespond } from "~/lib/route-helpers.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: metaT(matches)("desk.printTitle", { title: data?.market.title ?? "" }) }, { name: "robots", content: "noindex" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const market = await orRespond(context, () => context.market.summary(params.code ?? ""));
  const desk = await requireDesk(context, request, market.code);
  const only = new URL(request.url).searchParams.get("person");
  const people = (await context.market.deskPeople(market.code, desk)).filter((p) => !only || p.id === only);
  const sheets = await Promise.all(
    people.map(async (person) => ({ person, followUps: await context.market.followUps(market.code, await context.market.actFor(market.code, desk, person.id)) })),
  );
  return { market, language: market.language, sheets };
}

export default function PrintedFollowUps() {
  const { market, sheets } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="page desk-print">
      <nav className="no-print button-row">
        <button type="button" className="button" onClick={() => window.print()}>
          {t("summary.print")}
        </button>
        <Link className="button secondary" to={`/desk/${market.code}`}>
          {t("desk.back")}
        </Link>
      </nav>
      {sheets.length === 0 && <p className="hint">{t("desk.nobodyYet")}</p>}
      {sheets.map(({ person, followUps }) => (
        <section key={person.id} className="print-sheet" aria-labelledby={`sheet-${person.id}`} data-testid="print-sheet">
          <p className="eyebrow">{market.title}</p>
          <h1 id={`sheet-${person.id}`}>{t("desk.sheetHeading", { name: person.name })}</h1>
          {followUps.length === 0 ? (
            <p>{t("phone.noFollowUps")}</p>
          ) : (
            <table className="summary-table">
              <thead>
                <tr>
                  <th scope="col">{t("desk.who")}</th>
                  <th scope="col">{t("desk.contact")}</th>
                  <th scope="col">{t("desk.what")}</th>
                </tr>
              </thead>
              <tbody>
                {followUps.map((f) => (
                  <tr key={f.connectionId}>
                    <td>{f.name}</td>
                    <td>{f.contact}</td>
                    <td>
                      {f.offerText} ↔ {f.needText}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </main>
  );
}
