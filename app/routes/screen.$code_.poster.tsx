import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { qrSvg } from "~/lib/qr.server";
import { orRespond } from "~/lib/route-helpers.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Join ${data?.title ?? "the market"} · poster` }];

/** A printable A4 poster of the join QR: for the door, the tables, the coffee queue. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const summary = await orRespond(context, () => context.market.summary(params.code ?? ""));
  const joinUrl = `${context.publicOrigin(request)}/join/${summary.code}`;
  return { title: summary.title, code: summary.code, joinUrl, qr: await qrSvg(joinUrl), language: summary.language };
}

export default function Poster() {
  const { title, code, joinUrl, qr } = useLoaderData<typeof loader>();
  return (
    <main className="poster">
      <p className="eyebrow">Offers &amp; Needs Market</p>
      <h1>{title}</h1>
      <p className="poster-lead">What can you offer? What do you need? Scan to join with your phone — no app, no account.</p>
      <div className="qr" role="img" aria-label={`QR code for ${joinUrl}`} data-join-url={joinUrl} dangerouslySetInnerHTML={{ __html: qr }} />
      <p className="poster-url">{joinUrl.replace(/^https?:\/\//, "")}</p>
      <p className="hint">or go to the address above and enter the code</p>
      <p className="poster-code" data-testid="poster-code">
        {code}
      </p>
      <p className="poster-tools">
        <button className="button" type="button" onClick={() => window.print()}>
          Print this poster
        </button>
      </p>
    </main>
  );
}
