import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { nanoid } from "nanoid";
import { useEffect, useRef, useState } from "react";
import { LiveBadge } from "~/components/connection-badge";
import { ContactLink } from "~/components/contact-link";
import { phaseLabel } from "~/components/phase";
import { KIND_LABEL, PostCard } from "~/components/post-card";
import { attempt, field, orRespond, participantActor, type ActionResult } from "~/lib/route-helpers.server";
import { useLiveMarket } from "~/lib/use-live-market";
import type { Actor } from "../../server/market/service.ts";
import { splitTags } from "../../server/market/schemas.ts";
import type { PublicConnection, PublicPost } from "../../server/market/views.ts";

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
    // A fresh id for the next post: a resent form (flaky Wi-Fi, double tap) never posts twice.
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
          tags: splitTags(field(form, "tags")),
          clientId: field(form, "clientId") || undefined,
        }),
      );
    case "edit":
      return attempt(context, intent, () =>
        market.updatePost(code, actor, field(form, "postId"), { text: field(form, "text"), tags: splitTags(field(form, "tags")) }),
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
    case "accept":
    case "decline":
      return attempt(context, intent, () => market.respondToConnection(code, actor, field(form, "connectionId"), intent));
    default:
      return data<ActionResult>({ ok: false, intent, error: { code: "unknown_intent", message: "Unknown action." } }, { status: 400 });
  }
}

type Filter = "all" | "offer" | "need";

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
    if (mineAnswered || event.type === "phase:changed") revalidator.revalidate();
  });
  const [filter, setFilter] = useState<Filter>("all");
  const postingOpen = market.phase === "sharing" || market.phase === "connecting";
  const closed = market.phase === "closed";

  const myPosts = market.posts.filter((p) => p.participantId === me.id);
  const myOffers = myPosts.filter((p) => p.kind === "offer");
  const myNeeds = myPosts.filter((p) => p.kind === "need");
  const others = market.posts
    .filter((p) => p.participantId !== me.id && (filter === "all" || p.kind === filter))
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
            {phaseLabel(market.phase)} · {market.counts.participants} here
          </p>
          <h1>{market.title}</h1>
        </div>
        <LiveBadge status={status} />
      </header>

      <main className="phone-main">
        <PhaseNotice phase={market.phase} name={me.name} />

        {(closed || followUps.length > 0) && (
          <section className="card follow-ups-card" id="follow-ups" aria-labelledby="follow-ups-heading">
            <h2 id="follow-ups-heading">Your follow-ups</h2>
            {followUps.length === 0 ? (
              <p className="hint">No accepted connections{closed ? "" : " yet"}.</p>
            ) : (
              <ul className="follow-up-list">
                {followUps.map((f) => (
                  <li key={f.connectionId} data-testid="follow-up">
                    <strong>{f.name}</strong> <ContactLink contact={f.contact} />
                    <span className="hint">
                      {f.offerText} ↔ {f.needText}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <Link className="button secondary" to={`/m/${market.code}/follow-ups`}>
              Open follow-ups
            </Link>
          </section>
        )}

        {toAnswer.length > 0 && (
          <section className="card requests" aria-labelledby="requests-heading">
            <h2 id="requests-heading">Asking to connect with you</h2>
            <ul className="request-list">
              {toAnswer.map((c) => (
                <ConnectionRequest key={c.id} connection={c} side={mySide(c)} />
              ))}
            </ul>
          </section>
        )}

        {postingOpen && (
          <Composer key={nextClientId} clientId={nextClientId} offers={myOffers.length} needs={myNeeds.length} />
        )}

        <section id="wall" aria-labelledby="wall-heading">
          <div className="section-head">
            <h2 id="wall-heading">Everyone's posts</h2>
            <div className="filter" role="group" aria-label="Show">
              {(["all", "offer", "need"] as const).map((f) => (
                <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
                  {f === "all" ? "All" : `${KIND_LABEL[f]}s`}
                </button>
              ))}
            </div>
          </div>
          {others.length === 0 ? (
            <p className="hint">Nothing here yet. Posts from the room appear as they are made.</p>
          ) : (
            <div className="card-list" aria-live="polite" aria-relevant="additions">
              {others.map((post) => (
                <PostCard key={post.id} post={post} author={post.authorName}>
                  {!closed && postingOpen && (
                    <ConnectAction post={post} existing={connectionFor(post)} myPosts={post.kind === "need" ? myOffers : myNeeds} />
                  )}
                </PostCard>
              ))}
            </div>
          )}
        </section>

        <section id="mine" aria-labelledby="mine-heading">
          <h2 id="mine-heading">Your posts</h2>
          {myPosts.length === 0 ? (
            <p className="hint">You have not posted yet.</p>
          ) : (
            <div className="card-list">
              {myPosts.map((post) => (
                <PostCard key={post.id} post={post} author="you">
                  {!closed && <OwnPostActions post={post} />}
                </PostCard>
              ))}
            </div>
          )}
          {waiting.length > 0 && (
            <>
              <h3>Waiting for an answer</h3>
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
      </main>

      <nav className="bottom-nav" aria-label="Sections">
        {postingOpen && <a href="#compose">Post</a>}
        <a href="#wall">Everyone</a>
        <a href="#mine">Mine</a>
        <Link to={`/m/${market.code}/follow-ups`}>Follow-ups{followUps.length ? ` (${followUps.length})` : ""}</Link>
      </nav>
    </div>
  );
}

function PhaseNotice({ phase, name }: { phase: string; name: string }) {
  const text =
    phase === "lobby"
      ? `Welcome, ${name}! Posting opens when the host starts sharing. Think of one thing you can offer and one you need.`
      : phase === "closed"
        ? "The market has closed. Here are the people you connected with."
        : phase === "connecting"
          ? "Market time: browse, and tap “I can help” or “I'm interested”."
          : "Post what you can offer and what you need — they appear on the wall.";
  return (
    <p className="notice" role="status">
      {text}
    </p>
  );
}

function Composer({ clientId, offers, needs }: { clientId: string; offers: number; needs: number }) {
  const fetcher = useFetcher<ActionResult>();
  const form = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<"offer" | "need">(offers > needs ? "need" : "offer");
  const [length, setLength] = useState(0);
  const failure = fetcher.data && !fetcher.data.ok ? fetcher.data.error : undefined;
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) form.current?.reset();
  }, [fetcher.state, fetcher.data]);
  const nudge =
    offers > 0 && needs === 0
      ? "Everyone receives too: what could you use a hand with?"
      : needs > 0 && offers === 0
        ? "Everyone gives too: a skill, a tool, an hour, some advice?"
        : undefined;

  return (
    <section className="card composer" id="compose" aria-labelledby="compose-heading">
      <h2 id="compose-heading">Add to the market</h2>
      {nudge && <p className="nudge">{nudge}</p>}
      <fetcher.Form method="post" ref={form} className="stack" noValidate>
        <input type="hidden" name="intent" value="post" />
        <input type="hidden" name="clientId" value={clientId} />
        <fieldset className="kind-toggle">
          <legend className="visually-hidden">Kind</legend>
          {(["offer", "need"] as const).map((k) => (
            <label key={k} className={`kind-option ${k}`}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              <span>{k === "offer" ? "I can offer" : "I need"}</span>
            </label>
          ))}
        </fieldset>
        <label htmlFor="post-text" className="visually-hidden">
          Text
        </label>
        <textarea
          id="post-text"
          name="text"
          rows={3}
          maxLength={280}
          required
          placeholder={kind === "offer" ? "e.g. I can fix bikes, lend a ladder, teach Spanish…" : "e.g. a lift to the station, help with my CV…"}
          onChange={(e) => setLength(e.currentTarget.value.length)}
          aria-invalid={Boolean(failure?.fields?.text)}
          aria-describedby="post-text-count"
        />
        <p id="post-text-count" className="hint counter">
          {length}/280
        </p>
        <label htmlFor="post-tags">Tags (optional)</label>
        <input id="post-tags" name="tags" placeholder="e.g. bikes, repair" autoCapitalize="none" />
        {failure && (
          <p className="error" role="alert">
            {failure.message}
          </p>
        )}
        <button className="button big" type="submit" disabled={fetcher.state !== "idle"}>
          {fetcher.state !== "idle" ? "Sending…" : kind === "offer" ? "Post offer" : "Post need"}
        </button>
      </fetcher.Form>
    </section>
  );
}

function ConnectAction({ post, existing, myPosts }: { post: PublicPost; existing?: PublicConnection; myPosts: PublicPost[] }) {
  const fetcher = useFetcher<ActionResult>();
  const failure = fetcher.data && !fetcher.data.ok ? fetcher.data.error.message : undefined;
  const myKind = post.kind === "need" ? "offer" : "need";
  const label = post.kind === "need" ? "I can help" : "I'm interested";
  if (existing) {
    return <p className="connection-state">{existing.status === "accepted" ? "Connected ✓" : "Request sent — waiting for an answer"}</p>;
  }
  return (
    <details className="connect">
      <summary className="button small">{label}</summary>
      <fetcher.Form method="post" className="stack">
        <input type="hidden" name="intent" value="connect" />
        <input type="hidden" name="targetId" value={post.id} />
        <input type="hidden" name="kind" value={myKind} />
        {myPosts.length > 0 ? (
          <>
            <label htmlFor={`mine-${post.id}`}>{myKind === "offer" ? "With your offer" : "For your need"}</label>
            <select id={`mine-${post.id}`} name="myPostId" defaultValue={myPosts[0]?.id}>
              {myPosts.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.text.slice(0, 60)}
                </option>
              ))}
              <option value="new">Something new…</option>
            </select>
          </>
        ) : (
          <input type="hidden" name="myPostId" value="new" />
        )}
        <label htmlFor={`new-${post.id}`}>{myPosts.length > 0 ? "Or write it (if new)" : myKind === "offer" ? "What can you offer them?" : "What do you need from it?"}</label>
        <textarea id={`new-${post.id}`} name="text" rows={2} maxLength={280} />
        {failure && (
          <p className="error" role="alert">
            {failure}
          </p>
        )}
        <button className="button" type="submit" disabled={fetcher.state !== "idle"}>
          Send request
        </button>
      </fetcher.Form>
    </details>
  );
}

function ConnectionRequest({ connection: c, side }: { connection: PublicConnection; side: "offer" | "need" }) {
  const fetcher = useFetcher<ActionResult>();
  const failure = fetcher.data && !fetcher.data.ok ? fetcher.data.error.message : undefined;
  const who = side === "offer" ? c.needAuthorName : c.offerAuthorName;
  return (
    <li className="request" data-testid="connection-request">
      <p>
        {side === "need" ? (
          <>
            <strong>{who}</strong> can help with “{c.needText}”: <em>{c.offerText}</em>
          </>
        ) : (
          <>
            <strong>{who}</strong> is interested in “{c.offerText}” for: <em>{c.needText}</em>
          </>
        )}
      </p>
      <fetcher.Form method="post" className="button-row">
        <input type="hidden" name="connectionId" value={c.id} />
        <button className="button" type="submit" name="intent" value="accept" disabled={fetcher.state !== "idle"}>
          Accept
        </button>
        <button className="button secondary" type="submit" name="intent" value="decline" disabled={fetcher.state !== "idle"}>
          Decline
        </button>
      </fetcher.Form>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
    </li>
  );
}

function OwnPostActions({ post }: { post: PublicPost }) {
  const fetcher = useFetcher<ActionResult>();
  const failure = fetcher.data && !fetcher.data.ok ? fetcher.data.error.message : undefined;
  return (
    <div className="own-actions">
      <details>
        <summary className="button small secondary">Edit</summary>
        <fetcher.Form method="post" className="stack">
          <input type="hidden" name="intent" value="edit" />
          <input type="hidden" name="postId" value={post.id} />
          <label htmlFor={`edit-${post.id}`}>Text</label>
          <textarea id={`edit-${post.id}`} name="text" rows={3} maxLength={280} defaultValue={post.text} />
          <label htmlFor={`edit-tags-${post.id}`}>Tags</label>
          <input id={`edit-tags-${post.id}`} name="tags" defaultValue={post.tags.join(", ")} />
          <button className="button" type="submit" disabled={fetcher.state !== "idle"}>
            Save
          </button>
        </fetcher.Form>
      </details>
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="delete" />
        <input type="hidden" name="postId" value={post.id} />
        <button className="button small danger" type="submit" disabled={fetcher.state !== "idle"}>
          Delete
        </button>
      </fetcher.Form>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
    </div>
  );
}
