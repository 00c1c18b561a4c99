import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import type { ClientLoaderFunctionArgs, ShouldRevalidateFunction } from "@remix-run/react";
import { nanoid } from "nanoid";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { LiveBadge } from "~/components/connection-badge";
import { phaseLabel } from "~/components/phase";
import { PostCard } from "~/components/post-card";
import { ForYou, KnowWhoCouldHelp } from "~/components/suggestions";
import { categoryColor } from "~/components/facilitation";
import { RoundCard, StageCard, TableCard } from "~/components/phone-facilitation";
import { attempt, field, isHttps, orRespond, refused, requireParticipant } from "~/lib/route-helpers.server";
import { KeepYourPlace, NewPersonalCode } from "~/components/keep-your-place";
import { LateArrival } from "~/components/late-arrival";
import { forgetOutbox, useOutbox } from "~/lib/outbox";
import { descriptorsFrom } from "~/lib/post-form";
import { Composer } from "~/components/phone-composer";
import { ConnectAction, ConnectionRequest, NEW, WaitingForYes } from "~/components/phone-connect";
import { PrepareCards, WaitingCards } from "~/components/phone-prepare";
import { allows } from "../../server/market/stage-plan.ts";
import { NotSentYet } from "~/components/phone-outbox";
import { LeaveMarket, OwnPostActions } from "~/components/phone-own-posts";
import { fetchJsonWhenBack, reloadWhenBack } from "~/lib/reload-when-back";
import { ReloadMine } from "~/lib/mine";
import { personalData, type PersonalData } from "~/lib/phone.server";
import { useLiveMarket } from "~/lib/use-live-market";
import { connectionPair, isPostKind, kindShows, KINDS, pairsOf, pluralOf, POST_KINDS, SIDES, type PostKind } from "../../server/market/kinds.ts";
import { splitTypedTags } from "../../server/market/tags.ts";
import { jsonText } from "../../server/market/json-parts.ts";
import type { MarketSnapshot, PublicConnection, PublicPost } from "../../server/market/views.ts";
import { useDataText, useT } from "~/lib/i18n";
import { LanguageSwitch } from "~/components/language-switch";
import { GatherAround, GatheredCount, WhoGathered } from "~/components/dream-circle";
import { DreamsForYou, FitsThisDream } from "~/components/dream-fits";
import { FollowUpsCard } from "~/components/phone-follow-ups";
import { AttentionBanner, AttentionNavLink, useAttention, YourTurn } from "~/components/phone-attention";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Market" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { code, title } = await orRespond(context, () => context.market.summary(params.code ?? ""));
  const actor = await requireParticipant(context, request, code);
  return {
    title,
    ...(await personalData(context, request, code, actor)),
    // The room as JSON text, built once per change for every phone (decision 018), and read back
    // by the page: encoding the room's objects afresh for each phone cost more than drawing it.
    marketJson: jsonText(await context.market.snapshotJson(code, actor)),
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
  // Every intent is one of AFTER_ACTION's: a case it does not name does not compile.
  switch (intent as PhoneIntent) {
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
        // one of my needs: the one chosen, or a new one written right here (posted with its
        // request now, or kept until its kind opens).
        const target = field(form, "targetId");
        const mine = field(form, "kind");
        if (!isPostKind(mine) || !pairsOf(mine)) return refused(intent, "unknown_action");
        const myPostId = field(form, "myPostId");
        if (!myPostId || myPostId === NEW) {
          return context.facilitation.drafts.save(code, actor, { kind: mine, text: field(form, "text"), answers: target, clientId: field(form, "clientId") || undefined });
        }
        return market.requestConnection(code, actor, connectionPair({ id: myPostId, kind: mine }, target));
      });
    case "gather":
      return attempt(context, intent, () =>
        market.gather(code, actor, field(form, "dreamId"), {
          way: field(form, "way"),
          ...(field(form, "postId") ? { postId: field(form, "postId") } : {}),
          ...(field(form, "text") ? { text: field(form, "text") } : {}),
          ...(field(form, "clientId") ? { clientId: field(form, "clientId") } : {}),
        }),
      );
    case "accept-circle":
      return attempt(context, intent, () => market.acceptIntoCircle(code, actor, field(form, "dreamId"), field(form, "participantId")));
    case "draft":
      return attempt(context, intent, () => context.facilitation.drafts.save(code, actor, { kind: field(form, "kind"), text: field(form, "text"), clientId: field(form, "clientId") || undefined }));
    case "discard-draft":
      return attempt(context, intent, () => context.facilitation.drafts.discard(code, actor, field(form, "draftId")));
    case "pair":
      return attempt(context, intent, () => market.requestConnection(code, actor, { offerId: field(form, "offerId"), needId: field(form, "needId") }));
    case "new-personal-code": {
      let cookie = "";
      const result = await attempt(context, intent, async () => {
        const { personalCode } = await market.newPersonalCode(code, actor);
        cookie = context.sessions.setCookie("personal", code, personalCode, isHttps(request));
      });
      return cookie ? redirect(`/m/${code}`, { headers: { "Set-Cookie": cookie } }) : result;
    }
    case "kept-personal-code":
      throw redirect(`/m/${code}`, { headers: { "Set-Cookie": context.sessions.clearCookie("personal", code) } });
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

type Filter = "all" | PostKind;

/**
 * The room's newest cards a phone shows at first, and how many more each "Show more" adds. A room
 * of 1,000 has thousands: all of them made a page of over a megabyte (gzipped) that took the
 * server 1.7 s to draw, and more than an old phone can scroll.
 */
const WALL_PAGE = 30;

/** How many of the room's cards this page shows first: `?wall=` when "Show more" was a link (no JavaScript). */
function wallShownAtFirst(asked: string | null): number {
  const pages = Math.floor(Number(asked) / WALL_PAGE);
  return Number.isFinite(pages) && pages > 1 ? Math.min(pages, 1000) * WALL_PAGE : WALL_PAGE;
}

/** Snapshot reloads (reconnects, after actions) wait out a server restart instead of failing. */
export const clientLoader = ({ serverLoader }: ClientLoaderFunctionArgs) => reloadWhenBack(() => serverLoader<typeof loader>());

/**
 * What a phone reads again after each of its actions. Its loaders ("page") draw the whole room for
 * this one phone: 50 ms in a room of 1,000 with 2,000 cards (decision 018), and a facilitator's
 * "star your most important need now" or "answer your requests" has the whole room act at once.
 * So where the change comes back as a live event (the post, the circle, the connection: "live")
 * nothing is read again, and where it is only this person's own (their drafts: "mine") the form
 * re-reads that part alone (useFetcherForMine).
 */
const AFTER_ACTION = {
  post: "page",
  star: "live",
  edit: "live",
  delete: "live",
  connect: "page",
  gather: "live",
  "accept-circle": "live",
  draft: "mine",
  "discard-draft": "mine",
  pair: "page",
  "new-personal-code": "page",
  "kept-personal-code": "page",
  leave: "page",
  accept: "live",
  decline: "live",
} as const satisfies Record<string, "page" | "live" | "mine">;
type PhoneIntent = keyof typeof AFTER_ACTION;

export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, formData, defaultShouldRevalidate }) => {
  const after: string | undefined = AFTER_ACTION[String(formData?.get("intent")) as PhoneIntent];
  return formMethod?.toUpperCase() === "POST" && (after === "live" || after === "mine") ? false : defaultShouldRevalidate;
};

/**
 * The loader's personal part (app/lib/phone.server.ts), or a fresher copy fetched alone: it
 * stands until the loader runs again (after an action), whose data is then the newer.
 */
function usePersonalData(code: string, fromLoader: PersonalData): [PersonalData, () => void] {
  const revalidate = useRevalidator().revalidate;
  const [fetched, setFetched] = useState<{ data: PersonalData; after: PersonalData }>();
  const latest = useRef(fromLoader);
  latest.current = fromLoader;
  const reload = useCallback(() => {
    const after = latest.current;
    void fetchJsonWhenBack<PersonalData>(`/m/${encodeURIComponent(code)}/personal`).then(
      (data) => setFetched({ data, after }),
      // Sent elsewhere (removed from the market, the market gone): the page's loader says where.
      () => revalidate(),
    );
  }, [code, revalidate]);
  return [fetched && fetched.after === fromLoader ? fetched.data : fromLoader, reload];
}

export default function Phone() {
  const data = useLoaderData<typeof loader>();
  const { marketJson, nextClientId } = data;
  const loaded = useMemo(() => JSON.parse(marketJson) as MarketSnapshot, [marketJson]);
  const [personalPart, reloadMine] = usePersonalData(loaded.code, data);
  const { me, followUps, circles, circleFollowUps, drafts, personal } = personalPart;
  const revalidator = useRevalidator();
  // Follow-ups carry contacts, so they never travel on the socket: reload them when one of my
  // connections is answered, or when the market closes; and whatever else is mine after the
  // phone has caught up with the room (it may have missed any of those while away).
  const { market, status, refresh } = useLiveMarket(loaded, "participant", {
    onEvent: (event) => {
      const mineAnswered =
        event.type === "connection:updated" &&
        event.connection.status === "accepted" &&
        (event.connection.offerParticipantId === me.id || event.connection.needParticipantId === me.id);
      // A post of mine the host hid comes back marked hidden; a removal of me leads back to joining.
      const removedMe = event.type === "participant:removed" && event.participantId === me.id;
      const hiddenMine = event.type === "post:removed" && event.reason === "hidden" && myPostIds.current.has(event.postId);
      // Someone gathered around my dream, or I was accepted into a circle (only its people hear it).
      const dreamChanged = event.type === "circle:updated";
      // A card of mine that was waiting as a draft has gone up: the drafts list follows.
      const draftPosted = event.type === "post:created" && event.post.participantId === me.id && waitingDrafts.current > 0;
      // A new phase changes more of the page than its event says: the room afresh, then what is mine.
      if (removedMe) revalidator.revalidate();
      else if (hiddenMine || event.type === "phase:changed") refresh();
      else if (mineAnswered || dreamChanged || draftPosted) reloadMine();
      // The host reset the rehearsal this phone took part in: back to joining, with nothing left to send.
      if (event.type === "market:reset") {
        forgetOutbox(loaded.code, me.id);
        window.location.replace(`/join/${loaded.code}?rehearsal=over`);
      }
    },
    onCaughtUp: reloadMine,
  });
  const myPostIds = useRef(new Set<string>());
  const waitingDrafts = useRef(drafts.length);
  waitingDrafts.current = drafts.length;
  myPostIds.current = new Set(market.posts.filter((p) => p.participantId === me.id).map((p) => p.id));
  const t = useT();
  const { value: dataValue } = useDataText();
  const [filter, setFilter] = useState<Filter>("all");
  const [category, setCategory] = useState("");
  const { categories, openKinds, plan } = market.facilitation;
  const colorOf = (post: PublicPost) => categoryColor(categories, post.category);
  // What this phone offers now comes from the stage's plan, as the stage's text and the server do.
  const postingOpen = allows(plan, "post") && openKinds.length > 0;
  const canReact = allows(plan, "react");
  // Connected, even while a fresh snapshot is on its way: what waits can be sent.
  const online = status === "live" || status === "catching-up";
  const outbox = useOutbox(loaded.code, me.id, () => {});
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
  const roomHasDreams = market.posts.some((p) => !pairsOf(p.kind));
  const myOfKind = (kind: PostKind) => myPosts.filter((p) => p.kind === kind);
  // What I answer a card with: my cards of its counterpart kind (a need with an offer, and back).
  const myAnswersTo = (post: PublicPost) => {
    const counterpart = pairsOf(post.kind)?.counterpart;
    return counterpart ? myOfKind(counterpart) : [];
  };
  const [searchParams] = useSearchParams();
  const [wallShown, setWallShown] = useState(() => wallShownAtFirst(searchParams.get("wall")));
  const others = market.posts
    .filter((p) => p.participantId !== me.id && (filter === "all" || p.kind === filter) && (!category || p.category === category))
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  const mine = (c: PublicConnection) => c.offerParticipantId === me.id || c.needParticipantId === me.id;
  const mySide = (c: PublicConnection) => SIDES.find((side) => c[`${side}ParticipantId`] === me.id) ?? SIDES[0];
  const myConnections = market.connections.filter(mine);
  // The server sends a phone its own connections only, with who answered (audiences.ts).
  const answered = (c: PublicConnection) => c.acceptedBy?.includes(mySide(c)) === true;
  const toAnswer = myConnections.filter((c) => c.status === "pending" && !answered(c));
  const waiting = myConnections.filter((c) => c.status === "pending" && answered(c));
  const attention = useAttention(market, me.id);
  const connectionFor = (post: PublicPost) =>
    myConnections.find((c) => SIDES.some((side) => side === pairsOf(post.kind)?.side && c[`${side}Id`] === post.id) && c.status !== "declined");
  const draftFor = (post: PublicPost) => drafts.find((d) => d.answers === post.id);
  // A card that pairs is answered by asking to connect; a dream, by gathering around it.
  const respond = (post: PublicPost) =>
    pairsOf(post.kind) ? (
      <ConnectAction post={post} existing={connectionFor(post)} draft={draftFor(post)} myPosts={myAnswersTo(post)} online={online} queue={outbox.send} clientId={`${nextClientId}-${post.id}`} />
    ) : (
      <GatherAround dream={post} mine={myPosts} circle={circles.find((c) => c.dreamId === post.id)} clientId={`${nextClientId}-${post.id}`} />
    );

  return (
    <ReloadMine.Provider value={reloadMine}>
      <div className="phone">
        <AttentionBanner attention={attention} />
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
          {market.facilitation.rehearsal && (
            <p className="notice" data-testid="rehearsal-note">
              {t("phone.rehearsal")}
            </p>
          )}
          <YourTurn market={market} meId={me.id} attention={attention} />
          <LateArrival market={market} meId={me.id} />
          {market.facilitation.agenda.currentId && !closed ? <StageCard market={market} /> : <PhaseNotice phase={market.phase} name={me.name} />}
          <RoundCard
            market={market}
            meId={me.id}
            colorOf={colorOf}
            actions={(post) => (canReact ? respond(post) : null)}
          />
          {!closed && <TableCard market={market} meId={me.id} />}
          {personal && <KeepYourPlace personal={personal} code={market.code} title={market.title} />}
          {allows(plan, "prepare") && <PrepareCards clientId={nextClientId} />}

          <WhoGathered circles={circles} />

          <FollowUpsCard code={market.code} closed={closed} followUps={followUps} circles={circleFollowUps} />

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
          {/* After my yes (a request I sent, or a suggestion I accepted): who we wait for, near the top. */}
          <WaitingForYes connections={waiting} side={mySide} />

          {postingOpen && myPosts.length > 0 && (
            <ForYou code={market.code} myId={me.id} version={market.posts.length + market.connections.length} />
          )}
          {canReact && roomHasDreams && myPosts.some((p) => pairsOf(p.kind)) && <DreamsForYou code={market.code} version={market.posts.length} />}

          {postingOpen && (
            <Composer firstClientId={nextClientId} send={outbox.send} offers={myOfKind(SIDES[0]).length} needs={myOfKind(SIDES[1]).length} openKinds={openKinds} categories={categories} />
          )}

          <section id="wall" aria-labelledby="wall-heading">
            <div className="section-head">
              <h2 id="wall-heading">{t("phone.everyone")}</h2>
              <div className="filter" role="group" aria-label={t("phone.show")}>
                {(["all", ...POST_KINDS.filter((kind) => kindShows(kind, openKinds.includes(kind), market.counts[pluralOf(kind)]))] as const).map((f) => (
                  <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
                    {f === "all" ? t("phone.all") : t(KINDS[f].words.plural)}
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
              {others.slice(0, wallShown).map((post, index) => (
                <PostCard key={post.id} post={post} author={post.authorName} categoryColor={colorOf(post)} anchor={`wall-card-${index + 1}`}>
                  <GatheredCount post={post} />
                  {canReact && (
                    <div className="post-actions">
                      {respond(post)}
                      {allows(plan, "suggest") &&
                        (pairsOf(post.kind) ? <KnowWhoCouldHelp code={market.code} postId={post.id} kind={post.kind} myId={me.id} authorId={post.participantId} /> : <FitsThisDream code={market.code} dreamId={post.id} />)}
                    </div>
                  )}
                </PostCard>
              ))}
            </div>
            {others.length > wallShown && (
              // Without JavaScript this asks for the page again with more cards, and lands on the first new one.
              <form
                method="get"
                action={`#wall-card-${wallShown + 1}`}
                onSubmit={(event) => {
                  event.preventDefault();
                  setWallShown((shown) => shown + WALL_PAGE);
                }}
              >
                <input type="hidden" name="wall" value={wallShown + WALL_PAGE} />
                <button type="submit" className="button secondary show-more">
                  {t("phone.showMore", { count: others.length - wallShown })}
                </button>
              </form>
            )}
          </section>

          {queued.length > 0 && <NotSentYet items={queued} meId={me.id} online={online} dismiss={outbox.dismiss} />}

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
                      !closed && (
                        <>
                          <GatheredCount post={post} />
                          <OwnPostActions post={post} online={online} canStar={allows(plan, "star")} />
                          {!pairsOf(post.kind) && <FitsThisDream code={market.code} dreamId={post.id} />}
                        </>
                      )
                    )}
                  </PostCard>
                ))}
              </div>
            )}
            <WaitingCards drafts={drafts} posts={market.posts} />
          </section>
          {!personal && <NewPersonalCode />}
          <LeaveMarket />
          <LanguageSwitch />
        </main>

        <nav className="bottom-nav" aria-label={t("phone.sections")}>
          <AttentionNavLink attention={attention} />
          {(postingOpen || allows(plan, "prepare")) && <a href="#compose">{t("phone.navPost")}</a>}
          <a href="#wall">{t("phone.navEveryone")}</a>
          <a href="#mine">{t("phone.navMine")}</a>
          <Link to={`/m/${market.code}/follow-ups`}>{followUps.length ? t("phone.navFollowUpsCount", { count: followUps.length }) : t("phone.navFollowUps")}</Link>
        </nav>
      </div>
    </ReloadMine.Provider>
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
