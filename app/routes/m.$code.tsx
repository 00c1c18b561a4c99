import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { nanoid } from "nanoid";
import { useEffect, useRef, useState } from "react";
import { LiveBadge } from "~/components/connection-badge";
import { ContactLink } from "~/components/contact-link";
import { FollowUpDownloads } from "~/components/follow-up-downloads";
import { phaseLabel } from "~/components/phase";
import { PostCard } from "~/components/post-card";
import { ForYou, KnowWhoCouldHelp } from "~/components/suggestions";
import { categoryColor } from "~/components/facilitation";
import { RoundCard, StageCard, TableCard } from "~/components/phone-facilitation";
import { EXCHANGES, URGENCIES } from "../../server/market/model.ts";
import { attempt, field, orRespond, participantActor, refused, type ActionResult } from "~/lib/route-helpers.server";
import { useOutbox, type OutboxAction, type OutboxItem, type SendResult } from "~/lib/outbox";
import { reloadWhenBack } from "~/lib/reload-when-back";
import { useLiveMarket } from "~/lib/use-live-market";
import type { Actor } from "../../server/market/service.ts";
import { splitTypedTags } from "../../server/market/tags.ts";
import type { PublicConnection, PublicPost } from "../../server/market/views.ts";
import { Trans } from "react-i18next";
import { useDataText, useT } from "~/lib/i18n";
import { LanguageSwitch } from "~/components/language-switch";
import { FormError } from "~/components/form-error";
import { fieldRequired, refusalOf, useRefusal, type RefusalBody } from "~/lib/refusal";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.market.title ?? "Market" }];

async function requireParticipant(context: LoaderFunctionArgs["context"], request: Request, code: string): Promise<Actor & { role: "participant" }> {
  const actor = await participantActor(context, request, code);
  if (actor?.role !== "participant") throw redirect(`/join/${code}`);
  return actor;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { code } = await orRespond(context, () => context.market.summary(params.code ?? ""));
  const actor = await requireParticipant(context, request, code);
  const me = await context.market.participant(code, actor);
  return {
    market: await context.market.snapshot(code, actor),
    me: { id: me.id, name: me.name },
    followUps: await context.market.followUps(code, actor),
    // The id of the next post, for the form's first render (also without JavaScript).
    nextClientId: nanoid(16),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { code } = await orRespond(context, () => context.market.summary(params.code ?? ""));
  const actor = await requireParticipant(context, request, code);
  const form = await request.formData();
  const intent = field(form, "intent");
  const market = context.market;
  switch (intent) {
    case "post":
      return attempt(context, intent, () =>
        market.createPost(code, actor, {
          kind: field(form, "kind"),
          text: field(form, "text"),
          tags: splitTypedTags(field(form, "tags")),
          clientId: field(form, "clientId") || undefined,
          ...descriptorsFrom(form, field(form, "kind")),
        }),
      );
    case "star":
      return attempt(context, intent, () => context.facilitation.starNeed(code, actor, field(form, "postId")));
    case "edit":
      return attempt(context, intent, () =>
        market.updatePost(code, actor, field(form, "postId"), { text: field(form, "text"), tags: splitTypedTags(field(form, "tags")) }),
      );
    case "delete":
      return attempt(context, intent, () => market.removePost(code, actor, field(form, "postId")));
    case "connect":
      return attempt(context, intent, async () => {
        // "I can help" on a need pairs it with one of my offers; "I'm interested" on an offer, with
        // one of my needs. Someone without such a post yet writes it right here.
        const target = field(form, "targetId");
        const mine = field(form, "kind") === "offer" ? "offer" : "need";
        let myPostId = field(form, "myPostId");
        if (!myPostId || myPostId === "new") {
          const { post } = await market.createPost(code, actor, { kind: mine, text: field(form, "text"), clientId: field(form, "clientId") || undefined });
          myPostId = post.id;
        }
        await market.requestConnection(code, actor, mine === "offer" ? { offerId: myPostId, needId: target } : { offerId: target, needId: myPostId });
      });
    case "pair":
      return attempt(context, intent, () => market.requestConnection(code, actor, { offerId: field(form, "offerId"), needId: field(form, "needId") }));
    case "leave": {
      // Erase first; only then forget the cookie, so a failure leaves the person signed in to retry.
      const result = await attempt(context, intent, () => market.leaveMarket(code, actor));
      if (!result.data.ok) return result;
      throw redirect("/?left=1", { headers: { "Set-Cookie": context.sessions.clearCookie("participant", code) } });
    }
    case "accept":
    case "decline":
      return attempt(context, intent, () => market.respondToConnection(code, actor, field(form, "connectionId"), intent));
    default:
      return refused(intent, "unknown_action");
  }
}

/** The optional descriptor fields of the composer; empty ones are left out. */
/** The optional descriptors of a post form, as the post schema takes them (server and phone). */
function descriptorsFrom(form: FormData, kind: string): Record<string, unknown> {
  const value = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const out: Record<string, unknown> = {};
  for (const name of ["category", "exchange", "when"] as const) if (value(name)) out[name] = value(name);
  if (kind === "need" && value("urgency")) out.urgency = value("urgency");
  const where = value("where");
  if (where === "here" || where === "online") out.where = { kind: where };
  else if (where === "place" && value("place")) out.where = { kind: "place", place: value("place") };
  return out;
}

type Filter = "all" | "offer" | "need";
/** The tags translations may use around names and texts: <b>…</b> and <i>…</i>. */
const RICH = { b: <strong />, i: <em /> };
type Queue = (action: OutboxAction) => Promise<SendResult>;

/** Snapshot reloads (reconnects, after actions) wait out a server restart instead of failing. */
export const clientLoader = ({ serverLoader }: ClientLoaderFunctionArgs) => reloadWhenBack(() => serverLoader<typeof loader>());

export default function Phone() {
  const { market: loaded, me, followUps, nextClientId } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  // Follow-ups carry contacts, so they never travel on the socket: reload them when one of my
  // connections is answered, or when the market closes.
  const { market, status } = useLiveMarket(loaded, "participant", (event) => {
    const mineAnswered =
      event.type === "connection:updated" &&
      event.connection.status === "accepted" &&
      (event.connection.offerParticipantId === me.id || event.connection.needParticipantId === me.id);
    // A post of mine the host hid comes back marked hidden; a removal of me leads back to joining.
    const removedMe = event.type === "participant:removed" && event.participantId === me.id;
    const hiddenMine = event.type === "post:removed" && event.reason === "hidden" && myPostIds.current.has(event.postId);
    if (mineAnswered || removedMe || hiddenMine || event.type === "phase:changed") revalidator.revalidate();
  });
  const myPostIds = useRef(new Set<string>());
  myPostIds.current = new Set(market.posts.filter((p) => p.participantId === me.id).map((p) => p.id));
  const t = useT();
  const { value: dataValue } = useDataText();
  const [filter, setFilter] = useState<Filter>("all");
  const [category, setCategory] = useState("");
  const { categories, openKinds } = market.facilitation;
  const colorOf = (post: PublicPost) => categoryColor(categories, post.category);
  const postingOpen = openKinds.length > 0;
  const online = status === "live";
  const outbox = useOutbox(loaded.code, () => {});
  const { flush, settle } = outbox;
  // Back online (the live connection returned): send what waited on the phone.
  useEffect(() => {
    if (online) void flush();
  }, [online, flush]);
  useEffect(() => settle(new Set(market.posts.map((p) => p.id))), [market.posts, settle]);
  const shownIds = new Set(market.posts.map((p) => p.id));
  // Shown apart from "Your posts" until the server's answer names the stored post.
  const queued = outbox.items.filter((item) => (item.type === "post" ? !(item.postId && shownIds.has(item.postId)) : item.state !== "sent"));
  const closed = market.phase === "closed";

  const myPosts = market.posts.filter((p) => p.participantId === me.id);
  const myOffers = myPosts.filter((p) => p.kind === "offer");
  const myNeeds = myPosts.filter((p) => p.kind === "need");
  const others = market.posts
    .filter((p) => p.participantId !== me.id && (filter === "all" || p.kind === filter) && (!category || p.category === category))
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  const mine = (c: PublicConnection) => c.offerParticipantId === me.id || c.needParticipantId === me.id;
  const mySide = (c: PublicConnection) => (c.offerParticipantId === me.id ? "offer" : "need");
  const myConnections = market.connections.filter(mine);
  const toAnswer = myConnections.filter((c) => c.status === "pending" && !c.acceptedBy.includes(mySide(c)));
  const waiting = myConnections.filter((c) => c.status === "pending" && c.acceptedBy.includes(mySide(c)));
  const connectionFor = (post: PublicPost) =>
    myConnections.find((c) => (post.kind === "offer" ? c.offerId === post.id : c.needId === post.id) && c.status !== "declined");

  return (
    <div className="phone">
      <header className="phone-header">
        <div>
          <p className="eyebrow">
            {phaseLabel(market.phase, t)} · {t("phone.here", { count: market.counts.participants })}
          </p>
          <h1>{market.title}</h1>
        </div>
        <LiveBadge status={status} />
      </header>

      <main className="phone-main">
        {market.deleted && (
          <p className="notice error" role="alert">
            {t("phone.deleted")}
          </p>
        )}
        {market.facilitation.agenda.currentId && !closed ? <StageCard market={market} /> : <PhaseNotice phase={market.phase} name={me.name} />}
        <RoundCard
          market={market}
          meId={me.id}
          colorOf={colorOf}
          actions={(post) => (postingOpen || market.phase === "connecting" ? <ConnectAction post={post} existing={connectionFor(post)} myPosts={post.kind === "need" ? myOffers : myNeeds} online={online} queue={outbox.send} /> : null)}
        />
        <TableCard market={market} meId={me.id} />

        {(closed || followUps.length > 0) && (
          <section className="card follow-ups-card" id="follow-ups" aria-labelledby="follow-ups-heading">
            <h2 id="follow-ups-heading">{t("phone.followUps")}</h2>
            {followUps.length === 0 ? (
              <p className="hint">{closed ? t("phone.noFollowUps") : t("phone.noFollowUpsYet")}</p>
            ) : (
              <ul className="follow-up-list">
                {followUps.map((f) => (
                  <li key={f.connectionId} data-testid="follow-up">
                    <strong>{f.name}</strong> <ContactLink contact={f.contact} />
                    <span className="hint">
                      {f.offerText || t("phone.removed")} ↔ {f.needText || t("phone.removed")}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <div className="button-row">
              <Link className="button secondary" to={`/m/${market.code}/follow-ups`}>
                {t("phone.openFollowUps")}
              </Link>
              {followUps.length > 0 && <FollowUpDownloads code={market.code} />}
            </div>
          </section>
        )}

        {toAnswer.length > 0 && (
          <section className="card requests" aria-labelledby="requests-heading">
            <h2 id="requests-heading">{t("phone.asking")}</h2>
            <ul className="request-list">
              {toAnswer.map((c) => (
                <ConnectionRequest key={c.id} connection={c} side={mySide(c)} online={online} queue={outbox.send} />
              ))}
            </ul>
          </section>
        )}

        {postingOpen && myPosts.length > 0 && (
          <ForYou code={market.code} myId={me.id} version={market.posts.length + market.connections.length} />
        )}

        {postingOpen && (
          <Composer firstClientId={nextClientId} send={outbox.send} offers={myOffers.length} needs={myNeeds.length} openKinds={openKinds} categories={categories} />
        )}

        <section id="wall" aria-labelledby="wall-heading">
          <div className="section-head">
            <h2 id="wall-heading">{t("phone.everyone")}</h2>
            <div className="filter" role="group" aria-label={t("phone.show")}>
              {(["all", "offer", "need"] as const).map((f) => (
                <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
                  {f === "all" ? t("phone.all") : f === "offer" ? t("phone.offers") : t("phone.needs")}
                </button>
              ))}
            </div>
            <select className="filter-select" aria-label={t("phone.category")} value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
              <option value="">{t("phone.everyCategory")}</option>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {dataValue(c)}
                </option>
              ))}
            </select>
          </div>
          {others.length === 0 && <p className="hint">{t("phone.nothingYet")}</p>}
          {/* Always in the page: a live region inserted together with its first card is not announced. */}
          <div className="card-list" aria-live="polite" aria-relevant="additions">
            {others.map((post) => (
              <PostCard key={post.id} post={post} author={post.authorName} categoryColor={colorOf(post)}>
                {!closed && postingOpen && (
                  <div className="post-actions">
                    <ConnectAction post={post} existing={connectionFor(post)} myPosts={post.kind === "need" ? myOffers : myNeeds} online={online} queue={outbox.send} />
                    <KnowWhoCouldHelp code={market.code} postId={post.id} kind={post.kind} myId={me.id} authorId={post.participantId} />
                  </div>
                )}
              </PostCard>
            ))}
          </div>
        </section>

        {queued.length > 0 && (
          <section id="outbox" aria-labelledby="outbox-heading">
            <h2 id="outbox-heading">{t("phone.notSent")}</h2>
            <div className="card-list outbox">
              {queued.map((item) =>
                item.type === "post" ? (
                  <QueuedPost key={item.clientId} item={item} meId={me.id} online={online} dismiss={outbox.dismiss} />
                ) : item.state === "refused" ? (
                  <div key={item.clientId} className="queued-action" data-testid="queued-action" data-state={item.state}>
                    <p>{item.label}</p>
                    <RefusedLater item={item} dismiss={outbox.dismiss} />
                  </div>
                ) : (
                  <p key={item.clientId} className="queued-action" data-testid="queued-action" data-state={item.state} role="status">
                    {item.label}: {item.state === "waiting" && !online ? t("phone.waitingForConnection") : t("phone.sending")}
                  </p>
                ),
              )}
            </div>
          </section>
        )}

        <section id="mine" aria-labelledby="mine-heading">
          <h2 id="mine-heading">{t("phone.yours")}</h2>
          {myPosts.length === 0 ? (
            queued.length === 0 && <p className="hint">{t("phone.notPosted")}</p>
          ) : (
            <div className="card-list">
              {myPosts.map((post) => (
                <PostCard key={post.id} post={post} author={t("phone.you")} categoryColor={colorOf(post)}>
                  {post.hidden ? (
                    <p className="hidden-note" role="status">
                      {t("phone.hiddenByHost")}
                    </p>
                  ) : (
                    !closed && <OwnPostActions post={post} online={online} />
                  )}
                </PostCard>
              ))}
            </div>
          )}
          {waiting.length > 0 && (
            <>
              <h3>{t("phone.waitingAnswer")}</h3>
              <ul className="plain-list">
                {waiting.map((c) => (
                  <li key={c.id}>
                    {mySide(c) === "offer" ? c.needAuthorName : c.offerAuthorName}: “{mySide(c) === "offer" ? c.needText : c.offerText}”
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <LeaveMarket />
        <LanguageSwitch />
      </main>

      <nav className="bottom-nav" aria-label={t("phone.sections")}>
        {postingOpen && <a href="#compose">{t("phone.navPost")}</a>}
        <a href="#wall">{t("phone.navEveryone")}</a>
        <a href="#mine">{t("phone.navMine")}</a>
        <Link to={`/m/${market.code}/follow-ups`}>{followUps.length ? t("phone.navFollowUpsCount", { count: followUps.length }) : t("phone.navFollowUps")}</Link>
      </nav>
    </div>
  );
}

function PhaseNotice({ phase, name }: { phase: string; name: string }) {
  const t = useT();
  const text =
    phase === "lobby"
      ? t("phone.welcome", { name })
      : phase === "closed"
        ? t("phone.closedNotice")
        : phase === "connecting"
          ? t("phone.connectingNotice")
          : t("phone.sharingNotice");
  return (
    <p className="notice" role="status">
      {text}
    </p>
  );
}

function Composer({
  firstClientId,
  send,
  offers,
  needs,
  openKinds,
  categories,
}: {
  firstClientId: string;
  send: (action: OutboxAction) => Promise<SendResult>;
  offers: number;
  needs: number;
  openKinds: ReadonlyArray<"offer" | "need">;
  categories: string[];
}) {
  const t = useT();
  const form = useRef<HTMLFormElement>(null);
  const preferred: "offer" | "need" = offers > needs ? "need" : "offer";
  const [chosen, setKind] = useState<"offer" | "need">(preferred);
  // The stage decides which kinds are open; the toggle only offers those.
  const kind = openKinds.includes(chosen) ? chosen : (openKinds[0] ?? chosen);
  const [length, setLength] = useState(0);
  const [busy, setBusy] = useState(false);
  // Without JavaScript the form posts to the action, and its refusal comes back as action data.
  const refusedWithoutScript = useActionData<ActionResult>();
  const [refusal, setRefusal] = useState<RefusalBody | undefined>(
    refusedWithoutScript && !refusedWithoutScript.ok && refusedWithoutScript.intent === "post" ? refusedWithoutScript.error : undefined,
  );
  const failure = useRefusal()(refusal);
  const [queuedNote, setQueuedNote] = useState(false);
  const nudge =
    offers > 0 && needs === 0
      ? t("phone.nudgeNeed")
      : needs > 0 && offers === 0
        ? t("phone.nudgeOffer")
        : undefined;

  // With JavaScript, posts go through the phone's outbox: sent now when online, kept and resent
  // when not. Without it, the form posts to the route's action (intent "post") like any form.
  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    const text = String(fields.get("text") ?? "");
    if (!text.trim()) {
      setRefusal(fieldRequired("text"));
      return;
    }
    setBusy(true);
    const result = await send({ type: "post", kind, text, tags: splitTypedTags(String(fields.get("tags") ?? "")), descriptors: descriptorsFrom(fields, kind) });
    setBusy(false);
    if (result.outcome === "refused") {
      setRefusal(result.refusal);
      return;
    }
    setRefusal(undefined);
    setQueuedNote(result.outcome === "queued");
    form.current?.reset();
    setLength(0);
  };

  return (
    <section className="card composer" id="compose" aria-labelledby="compose-heading">
      <h2 id="compose-heading">{t("phone.add")}</h2>
      {nudge && <p className="nudge">{nudge}</p>}
      <form method="post" ref={form} className="stack" noValidate onSubmit={(event) => void submit(event)}>
        <input type="hidden" name="intent" value="post" />
        <input type="hidden" name="clientId" value={firstClientId} />
        <fieldset className="kind-toggle">
          <legend className="visually-hidden">{t("phone.kind")}</legend>
          {(["offer", "need"] as const)
            .filter((k) => openKinds.includes(k))
            .map((k) => (
              <label key={k} className={`kind-option ${k}`}>
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                <span>{k === "offer" ? t("phone.iCanOffer") : t("phone.iNeed")}</span>
              </label>
            ))}
        </fieldset>
        <label htmlFor="post-text" className="visually-hidden">
          {t("phone.text")}
        </label>
        <textarea
          id="post-text"
          name="text"
          rows={3}
          maxLength={280}
          required
          placeholder={kind === "offer" ? t("phone.offerPlaceholder") : t("phone.needPlaceholder")}
          onChange={(e) => setLength(e.currentTarget.value.length)}
          aria-invalid={Boolean(failure?.fields?.text)}
          aria-describedby="post-text-count"
        />
        <p id="post-text-count" className="hint counter">
          {length}/280
        </p>
        <label htmlFor="post-tags">{t("phone.tagsOptional")}</label>
        <input id="post-tags" name="tags" placeholder={t("phone.tagsPlaceholder")} autoCapitalize="none" />
        <details className="descriptor-details">
          <summary>{t("phone.details")}</summary>
          <div className="descriptor-fields">
            <ChoiceField label={t("phone.category")} name="category" choices={categories} />
            <ChoiceField label={t("phone.exchange")} name="exchange" choices={EXCHANGES} />
            {kind === "need" && <ChoiceField label={t("phone.urgency")} name="urgency" choices={URGENCIES} />}
            <label>
              {t("phone.when")}
              <input name="when" placeholder={t("phone.whenPlaceholder")} maxLength={80} />
            </label>
            <label>
              {t("phone.where")}
              <select name="where" defaultValue="">
                <option value="">—</option>
                <option value="here">{t("phone.inPerson")}</option>
                <option value="online">{t("phone.online")}</option>
                <option value="place">{t("phone.aPlace")}</option>
              </select>
            </label>
            <label>
              {t("phone.place")}
              <input name="place" placeholder={t("phone.placePlaceholder")} maxLength={80} />
            </label>
          </div>
        </details>
        <FormError message={failure?.message} />
        {queuedNote && !failure && (
          <p className="hint" role="status">
            {t("phone.savedOffline")}
          </p>
        )}
        <button className="button big" type="submit" disabled={busy}>
          {busy ? t("phone.sendingButton") : kind === "offer" ? t("phone.postOffer") : t("phone.postNeed")}
        </button>
      </form>
    </section>
  );
}

/** An optional choice of one of a descriptor's values ("—" for none). */
function ChoiceField({ label, name, choices }: { label: string; name: string; choices: readonly string[] }) {
  const { value } = useDataText();
  return (
    <label>
      {label}
      <select name={name} defaultValue="">
        <option value="">—</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {value(choice)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A post still in the phone's outbox, shown with where it is. */
function QueuedPost({ item, meId, online, dismiss }: { item: OutboxItem & { type: "post" }; meId: string; online: boolean; dismiss: (clientId: string) => void }) {
  const t = useT();
  const post: PublicPost = { id: item.clientId, kind: item.kind, text: item.text, tags: item.tags, participantId: meId, authorName: t("phone.you"), createdAt: item.createdAt };
  const where = item.state === "sent" ? t("phone.sent") : item.state === "sending" || online ? t("phone.sendingState") : t("phone.waitingState");
  return (
    <div className={`queued-post ${item.state}`} data-testid="queued-post" data-state={item.state}>
      <PostCard post={post} author={t("phone.you")}>
        {item.state === "refused" ? (
          <RefusedLater item={item} dismiss={dismiss} />
        ) : (
          <p className="queued-state" role="status">
            {where}
          </p>
        )}
      </PostCard>
    </div>
  );
}

/** Why the server refused something the phone resent later (the market closed meanwhile…), until read. */
function RefusedLater({ item, dismiss }: { item: OutboxItem; dismiss: (clientId: string) => void }) {
  const t = useT();
  const reason = useRefusal()(item.refusal)?.message ?? "";
  return (
    <div className="refused-later">
      <p className="error" role="alert">
        {t("phone.refusedLater", { reason })}
      </p>
      <button type="button" className="button small secondary" onClick={() => dismiss(item.clientId)}>
        {t("phone.dismiss")}
      </button>
    </div>
  );
}

function ConnectAction({ post, existing, myPosts, online, queue }: { post: PublicPost; existing?: PublicConnection; myPosts: PublicPost[]; online: boolean; queue: Queue }) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>();
  const [offlineNote, setOfflineNote] = useState<string>();
  const [queueRefusal, setQueueRefusal] = useState<RefusalBody>();
  const myKind = post.kind === "need" ? "offer" : "need";
  const label = post.kind === "need" ? t("phone.canHelp") : t("phone.interested");
  if (existing) {
    return <p className="connection-state">{existing.status === "accepted" ? t("phone.connected") : t("phone.requestSent")}</p>;
  }
  // A request with one of my posts goes through the outbox: sent now, or kept on the phone and
  // sent when it is back online. Pairing with a new post needs the network (two steps).
  const sendThroughOutbox = (event: React.FormEvent<HTMLFormElement>) => {
    const mine = String(new FormData(event.currentTarget).get("myPostId") ?? "");
    if (!mine || mine === "new") {
      if (online) return; // the form's action writes the post and asks in one go
      event.preventDefault();
      setQueueRefusal(undefined);
      setOfflineNote(t("phone.offlinePick"));
      return;
    }
    event.preventDefault();
    const pair = myKind === "offer" ? { offerId: mine, needId: post.id } : { offerId: post.id, needId: mine };
    setOfflineNote(undefined);
    void queue({ type: "connect", ...pair, label: t("phone.requestTo", { name: post.authorName }) }).then((result) =>
      setQueueRefusal(result.outcome === "refused" ? result.refusal : undefined),
    );
  };
  return (
    <details className="connect">
      <summary className="button small">{label}</summary>
      <fetcher.Form method="post" className="stack" onSubmit={sendThroughOutbox}>
        <input type="hidden" name="intent" value="connect" />
        <input type="hidden" name="targetId" value={post.id} />
        <input type="hidden" name="kind" value={myKind} />
        {myPosts.length > 0 ? (
          <>
            <label htmlFor={`mine-${post.id}`}>{myKind === "offer" ? t("phone.withOffer") : t("phone.forNeed")}</label>
            <select id={`mine-${post.id}`} name="myPostId" defaultValue={myPosts[0]?.id}>
              {myPosts.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.text.slice(0, 60)}
                </option>
              ))}
              <option value="new">{t("phone.somethingNew")}</option>
            </select>
          </>
        ) : (
          <input type="hidden" name="myPostId" value="new" />
        )}
        <label htmlFor={`new-${post.id}`}>{myPosts.length > 0 ? t("phone.orWrite") : myKind === "offer" ? t("phone.whatOffer") : t("phone.whatNeed")}</label>
        <textarea id={`new-${post.id}`} name="text" rows={2} maxLength={280} />
        <FormError refusal={refusalOf(fetcher.data) ?? queueRefusal} message={offlineNote} />
        {!online && <p className="hint">{t("phone.offlineRequest")}</p>}
        <button className="button" type="submit" disabled={fetcher.state !== "idle"}>
          {t("phone.sendRequest")}
        </button>
      </fetcher.Form>
    </details>
  );
}

function ConnectionRequest({ connection: c, side, online, queue }: { connection: PublicConnection; side: "offer" | "need"; online: boolean; queue: Queue }) {
  const fetcher = useFetcher<ActionResult>();
  const [refusal, setRefusal] = useState<RefusalBody>();
  const [queuedAnswer, setQueuedAnswer] = useState<"accept" | "decline">();
  const t = useT();
  const who = side === "offer" ? c.needAuthorName : c.offerAuthorName;
  const pair = { who, offer: c.offerText, need: c.needText };
  return (
    <li className="request" data-testid="connection-request">
      <p>
        {c.requestedBy !== c.offerParticipantId && c.requestedBy !== c.needParticipantId ? (
          <>
            {c.requestedBy === "host" ? t("phone.hostSuggests") : t("phone.roomSuggests")}
            <Trans i18nKey={side === "need" ? "phone.suggestOffers" : "phone.suggestNeeds"} values={pair} components={RICH} />
          </>
        ) : (
          <Trans i18nKey={side === "need" ? "phone.canHelpWith" : "phone.interestedIn"} values={pair} components={RICH} />
        )}
      </p>
      {queuedAnswer ? (
        <p className="hint" role="status">
          {online ? t(queuedAnswer === "accept" ? "phone.accepted" : "phone.declined") : t(queuedAnswer === "accept" ? "phone.acceptedOffline" : "phone.declinedOffline")}
        </p>
      ) : (
        <fetcher.Form
          method="post"
          className="button-row"
          onSubmit={(event) => {
            // Answers go through the outbox: sent now, or kept and sent when back online
            // (answering twice is harmless).
            event.preventDefault();
            const answer = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("value") === "decline" ? "decline" : "accept";
            setQueuedAnswer(answer);
            void queue({ type: "answer", connectionId: c.id, answer, label: t(answer === "accept" ? "phone.acceptWho" : "phone.declineWho", { name: who }) }).then((result) => {
              if (result.outcome === "refused") {
                setQueuedAnswer(undefined);
                setRefusal(result.refusal);
              }
            });
          }}
        >
          <input type="hidden" name="connectionId" value={c.id} />
          <button className="button" type="submit" name="intent" value="accept" disabled={fetcher.state !== "idle"}>
            {t("phone.accept")}
          </button>
          <button className="button secondary" type="submit" name="intent" value="decline" disabled={fetcher.state !== "idle"}>
            {t("phone.decline")}
          </button>
        </fetcher.Form>
      )}
      <FormError refusal={refusalOf(fetcher.data) ?? refusal} />
    </li>
  );
}

function OwnPostActions({ post, online }: { post: PublicPost; online: boolean }) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>();
  return (
    <div className="own-actions">
      <details>
        <summary className="button small secondary">{t("phone.edit")}</summary>
        <fetcher.Form method="post" className="stack">
          <input type="hidden" name="intent" value="edit" />
          <input type="hidden" name="postId" value={post.id} />
          <label htmlFor={`edit-${post.id}`}>{t("phone.text")}</label>
          <textarea id={`edit-${post.id}`} name="text" rows={3} maxLength={280} defaultValue={post.text} />
          <label htmlFor={`edit-tags-${post.id}`}>{t("phone.tags")}</label>
          <input id={`edit-tags-${post.id}`} name="tags" defaultValue={post.tags.join(", ")} />
          <button className="button" type="submit" disabled={fetcher.state !== "idle" || !online}>
            {t("phone.save")}
          </button>
        </fetcher.Form>
      </details>
      {post.kind === "need" && (
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="star" />
          <input type="hidden" name="postId" value={post.id} />
          <button className="button small secondary" type="submit" aria-pressed={Boolean(post.starred)} disabled={fetcher.state !== "idle"}>
            {post.starred ? t("phone.starred") : t("phone.star")}
          </button>
        </fetcher.Form>
      )}
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="delete" />
        <input type="hidden" name="postId" value={post.id} />
        <button className="button small danger" type="submit" disabled={fetcher.state !== "idle" || !online}>
          {t("phone.delete")}
        </button>
      </fetcher.Form>
      <FormError refusal={refusalOf(fetcher.data)} />
    </div>
  );
}

function LeaveMarket() {
  const t = useT();
  const fetcher = useFetcher<ActionResult>();
  return (
    <section className="card leave" aria-labelledby="leave-heading">
      <details>
        <summary id="leave-heading" className="button small danger">
          {t("phone.leave")}
        </summary>
        <div className="stack">
          <p>{t("phone.leaveBody")}</p>
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="leave" />
            <button className="button danger" type="submit" disabled={fetcher.state !== "idle"}>
              {t("phone.leaveConfirm")}
            </button>
          </fetcher.Form>
          <FormError refusal={refusalOf(fetcher.data)} />
        </div>
      </details>
    </section>
  );
}

/** Answers and changes need the server; while offline they wait for the connection to return. */
function OfflineHint() {
  const t = useT();
  return <p className="hint">{t("phone.waitingConnection")}</p>;
}
