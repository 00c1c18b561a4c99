import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ContactLink } from "~/components/contact-link";
import { orRespond, participantActor } from "~/lib/route-helpers.server";
import { FollowUpDownloads } from "~/components/follow-up-downloads";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Your follow-ups · ${data?.title ?? "Market"}` }];

// Works in every phase, closed included, for as long as the market is kept: the phone's cookie
// is the personal link.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const summary = await orRespond(context, () => context.market.summary(params.code ?? ""));
  const actor = await participantActor(context, request, summary.code);
  if (!actor) throw redirect(`/join/${summary.code}`);
  const me = await context.market.participant(summary.code, actor);
  return { code: summary.code, title: summary.title, phase: summary.phase, name: me.name, followUps: await context.market.followUps(summary.code, actor) };
}

export default function FollowUps() {
  const { code, title, phase, name, followUps } = useLoaderData<typeof loader>();
  return (
    <main className="page narrow follow-ups">
      <p className="eyebrow">{title}</p>
      <h1>Your follow-ups</h1>
      <p className="lead">
        {followUps.length === 0
          ? phase === "closed"
            ? `No accepted connections this time, ${name}. Thank you for taking part.`
            : "When someone accepts your request, or you accept theirs, they appear here with their contact."
          : `${name}, here is everyone you connected with. Reach out this week, while it is fresh.`}
      </p>
      {followUps.length > 0 && (
        <div className="button-row">
          <FollowUpDownloads code={code} />
        </div>
      )}
      <ul className="follow-up-list big">
        {followUps.map((f) => {
          const theirs = f.theirSide === "offer" ? f.offerText : f.needText;
          const yours = f.theirSide === "offer" ? f.needText : f.offerText;
          return (
            <li key={f.connectionId} className="card" data-testid="follow-up">
              <h2>{f.name}</h2>
              <p>{f.contact ? <ContactLink contact={f.contact} /> : <span className="hint">They left the market and took their contact with them.</span>}</p>
              {theirs && (
                <p className="hint">
                  {f.theirSide === "offer" ? "They offered" : "They needed"}: “{theirs}”
                </p>
              )}
              <p className="hint">
                {f.theirSide === "offer" ? "for your need" : "with your offer"}: “{yours}”
              </p>
            </li>
          );
        })}
      </ul>
      <Link className="button secondary" to={`/m/${code}`}>
        Back to the market
      </Link>
    </main>
  );
}
