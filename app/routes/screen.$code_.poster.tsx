import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { qrSvg } from "~/lib/qr.server";
import { orRespond } from "~/lib/route-helpers.server";
import { metaT, useT } from "~/lib/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: metaT(matches)("meta.poster", { title: data?.title ?? "" }) }];

/** A printable A4 poster of the join QR: for the door, the tables, the coffee queue. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const summary = await orRespond(context, () => context.market.summary(params.code ?? ""));
  const joinUrl = `${context.publicOrigin(request)}/join/${summary.code}`;
  return { title: summary.title, code: summary.code, joinUrl, qr: await qrSvg(joinUrl), language: summary.language };
}

export default function Poster() {
  const { title, code, joinUrl, qr } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="poster">
      <p className="eyebrow">{t("app.name")}</p>
      <h1>{title}</h1>
      <p className="poster-lead">{t("poster.lead")}</p>
      <div className="qr" role="img" aria-label={t("screen.qr", { url: joinUrl })} data-join-url={joinUrl} dangerouslySetInnerHTML={{ __html: qr }} />
      <p className="poster-url">{joinUrl.replace(/^https?:\/\//, "")}</p>
      <p className="hint">{t("poster.orGo")}</p>
      <p className="poster-code" data-testid="poster-code">
        {code}
      </p>
      <p className="poster-tools">
        <button className="button" type="button" onClick={() => window.print()}>
          {t("poster.print")}
        </button>
      </p>
    </main>
  );
}
