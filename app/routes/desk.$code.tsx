// No phone, no problem: the helper desk (server/market/desk.ts). The host, or a helper holding the
// desk's link, adds a person with name and contact and acts for them: their cards, asking to
// connect, answering, and their printed follow-ups at close. Plain forms: works without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { DeskPersonPanel, DeskPeople, HelperLinkPanel } from "~/components/helper-desk";
import { requireDesk } from "~/lib/desk.server";
import { metaT, useT } from "~/lib/i18n";
import { attempt, field, isHttps, orRespond, refused, type ActionResult } from "~/lib/route-helpers.server";
import { phaseLabel } from "~/components/phase";
import { useDeskLive } from "~/lib/use-desk-live";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: metaT(matches)("desk.title", { title: data?.market.title ?? "" }) }, { name: "robots", content: "noindex" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const summary = await orRespond(context, () => context.market.summary(params.code ?? ""));
  const { code } = summary;
  const url = new URL(request.url);
  const key = url.searchParams.get("key");
  if (key) {
    // The helper link carries its key once; from here on it lives in an httpOnly cookie.
    const actor = await context.market.authenticate(code, key).catch(() => undefined);
    if (actor?.role !== "helper") throw new Response("That helper link is not valid.", { status: 403 });
    return redirect(`/desk/${code}`, { headers: { "Set-Cookie": context.sessions.setCookie("helper", code, key, isHttps(request)) } });
  }
  const desk = await requireDesk(context, request, code);
  // Taken first: anything published after it reaches the live desk (use-desk-live.ts).
  const { seq } = await context.market.locate(code);
  const people = await context.market.deskPeople(code, desk);
  const personId = url.searchParams.get("person") ?? "";
  const person = people.find((p) => p.id === personId);
  let acting = null;
  if (person) {
    const actor = await context.market.actFor(code, desk, person.id);
    acting = { person, market: await context.market.snapshot(code, actor), followUps: await context.market.followUps(code, actor) };
  }
  return { market: summary, seq, language: summary.language, isHost: desk.role === "host", people, acting, origin: context.publicOrigin(request) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { code } = await orRespond(context, () => context.market.summary(params.code ?? ""));
  const desk = await requireDesk(context, request, code);
  const form = await request.formData();
  const intent = field(form, "intent");
  const market = context.market;
  if (intent === "add-person") {
    let added: { id: string; name: string; personalCode: string } | undefined;
    const result = await attempt(context, intent, async () => {
      const { participant, personalCode } = await market.addAtDesk(code, desk, {
        name: field(form, "name"),
        contact: field(form, "contact"),
        shareContactWithHost: form.get("shareContactWithHost") === "on",
      });
      added = { id: participant.id, name: participant.name, personalCode };
    });
    return added ? data({ ok: true as const, intent, added }) : result;
  }
  if (intent === "helper-link" || intent === "revoke-helper-link") {
    let helperKey = "";
    const result = await attempt(context, intent, async () => {
      if (intent === "revoke-helper-link") await market.revokeHelperKey(code, desk);
      else helperKey = await market.newHelperKey(code, desk);
    });
    return helperKey ? data({ ok: true as const, intent, helperUrl: `${context.publicOrigin(request)}/desk/${code}?key=${encodeURIComponent(helperKey)}` }) : result;
  }
  const person = field(form, "personId");
  switch (intent) {
    case "post":
      return attempt(context, intent, async () =>
        market.createPost(code, await market.actFor(code, desk, person), { kind: field(form, "kind"), text: field(form, "text"), clientId: field(form, "clientId") || undefined }),
      );
    case "connect":
      return attempt(context, intent, async () => {
        const actor = await market.actFor(code, desk, person);
        // Their card and someone else's: which is the offer and which the need follows from the kinds.
        const [mine, other] = [field(form, "mine"), field(form, "other")];
        const theirs = (await market.snapshot(code, actor)).posts.find((p) => p.id === mine);
        await market.requestConnection(code, actor, theirs?.kind === "need" ? { offerId: other, needId: mine } : { offerId: mine, needId: other });
      });
    case "accept":
    case "decline":
      return attempt(context, intent, async () => market.respondToConnection(code, await market.actFor(code, desk, person), field(form, "connectionId"), intent));
    default:
      return refused(intent, "unknown_action");
  }
}

export type DeskActionResult = ActionResult & { added?: { id: string; name: string; personalCode: string }; helperUrl?: string };

export default function HelperDeskPage() {
  const { market, seq, isHost, people, acting, origin } = useLoaderData<typeof loader>();
  const result = useActionData<DeskActionResult>();
  useDeskLive(market.code, isHost ? "host" : "helper", seq);
  const t = useT();
  return (
    <main className="page desk">
      <p className="eyebrow">
        {t("desk.eyebrow")} · {phaseLabel(market.phase, t)}
      </p>
      <h1>{market.title}</h1>
      <p className="lead">{t("desk.lead")}</p>
      <div className="desk-columns">
        <DeskPeople people={people} currentId={acting?.person.id} result={result} code={market.code} origin={origin} />
        {acting ? <DeskPersonPanel acting={acting} result={result} /> : <p className="hint">{t("desk.pickSomeone")}</p>}
      </div>
      {isHost && <HelperLinkPanel result={result} />}
      <nav className="button-row no-print">
        <Link className="button secondary" to={`/desk/${market.code}/print`}>
          {t("desk.printAll")}
        </Link>
      </nav>
    </main>
  );
}
