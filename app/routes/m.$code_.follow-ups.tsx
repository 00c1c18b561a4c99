import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ContactLink } from "~/components/contact-link";
import { attempt, field, orRespond, requireParticipant } from "~/lib/route-helpers.server";
import { CircleFollowUps, FollowThrough } from "~/components/dream-circle";
import { FollowUpDownloads } from "~/components/follow-up-downloads";
import { LanguageSwitch } from "~/components/language-switch";
import { metaT, useT } from "~/lib/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: metaT(matches)("meta.followUps", { title: data?.title ?? "" }) }];

// Works in every phase, closed included, for as long as the market is kept: the phone's cookie
// is the personal link.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const summary = await orRespond(context, () => context.market.summary(params.code ?? ""));
  const actor = await requireParticipant(context, request, summary.code);
  const me = await context.market.participant(summary.code, actor);
  return {
    code: summary.code,
    title: summary.title,
    phase: summary.phase,
    name: me.name,
    followUps: await context.market.followUps(summary.code, actor),
    circles: await context.market.circleFollowUps(summary.code, actor),
    said: await context.market.mySaid(summary.code, actor),
  };
}

/** "We met", "we're in touch", "didn't happen": within retention, by the same link, days later too. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const summary = await orRespond(context, () => context.market.summary(params.code ?? ""));
  const actor = await requireParticipant(context, request, summary.code);
  const form = await request.formData();
  return attempt(context, "follow-through", () =>
    context.market.markFollowThrough(summary.code, actor, { relation: field(form, "relation"), relationId: field(form, "relationId"), outcome: field(form, "outcome") }),
  );
}

export default function FollowUps() {
  const { code, title, phase, name, followUps, circles, said } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="page narrow follow-ups">
      <LanguageSwitch />
      <p className="eyebrow">{title}</p>
      <h1>{t("followUps.title")}</h1>
      <p className="lead">
        {followUps.length === 0 && circles.length === 0
          ? phase === "closed"
            ? t("followUps.noneClosed", { name })
            : t("followUps.none")
          : t("followUps.lead", { name })}
      </p>
      {(followUps.length > 0 || circles.length > 0) && (
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
              <p>{f.contact ? <ContactLink contact={f.contact} /> : <span className="hint">{t("followUps.left")}</span>}</p>
              {theirs && (
                <p className="hint">
                  {t(f.theirSide === "offer" ? "followUps.theyOffered" : "followUps.theyNeeded", { text: theirs })}
                </p>
              )}
              <p className="hint">
                {t(f.theirSide === "offer" ? "followUps.forYourNeed" : "followUps.withYourOffer", { text: yours })}
              </p>
              <FollowThrough relation="connection" relationId={f.connectionId} said={said[`connection:${f.connectionId}`]} />
            </li>
          );
        })}
        <CircleFollowUps circles={circles} outcomes={said} />
      </ul>
      <Link className="button secondary" to={`/m/${code}`}>
        {t("followUps.back")}
      </Link>
    </main>
  );
}
