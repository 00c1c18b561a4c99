import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LiveBadge } from "~/components/connection-badge";
import { phaseLabel } from "~/components/phase";
import { PostCard } from "~/components/post-card";
import { qrSvg } from "~/lib/qr.server";
import { orRespond } from "~/lib/route-helpers.server";
import { useLiveMarket } from "~/lib/use-live-market";
import { wallColumns } from "~/lib/wall";
import { memo, useMemo } from "react";
import { firstName } from "../../server/market/views.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.market.title ?? "Market"} · projector` }];

/** The wall shows this many newest cards per column; the counts always tell the whole room. */
const WALL_CARDS_PER_COLUMN = 12;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // The projector is a viewer: it never sends a secret, so it can never receive one.
  const market = await orRespond(context, () => context.market.snapshot(params.code ?? "", { role: "viewer" }));
  const joinUrl = `${context.publicOrigin(request)}/join/${market.code}`;
  return { market, joinUrl, qr: await qrSvg(joinUrl) };
}

export default function ProjectorScreen() {
  const { market: loaded, joinUrl, qr } = useLoaderData<typeof loader>();
  const { market, status } = useLiveMarket(loaded, "viewer");
  const wall = useMemo(() => wallColumns(market.posts, WALL_CARDS_PER_COLUMN), [market.posts]);
  const names = useMemo(() => new Map(market.participants.map((p) => [p.id, firstName(p.name)])), [market.participants]);
  const nameOf = (id: string, fallback: string) => names.get(id) ?? firstName(fallback);
  const closed = market.phase === "closed";
  const accepted = market.connections.filter((c) => c.status === "accepted");

  return (
    <main className="screen">
      <header className="screen-header">
        <h1>{market.title}</h1>
        <div className="screen-status">
          <span className={`phase-pill ${market.phase}`}>{phaseLabel(market.phase)}</span>
          <LiveBadge status={status} />
        </div>
      </header>

      <div className="screen-body">
        <aside className="screen-join" aria-label="How to join">
          <div className="qr" role="img" aria-label={`QR code for ${joinUrl}`} data-join-url={joinUrl} dangerouslySetInnerHTML={{ __html: qr }} />
          <p className="screen-join-label">Scan to join, or go to</p>
          <p className="screen-join-url">{joinUrl.replace(/^https?:\/\//, "")}</p>
          <p className="screen-join-label">code</p>
          <p className="screen-code" data-testid="join-code">
            {market.code}
          </p>
          <p className="screen-people">
            <span data-testid="people-count">{market.counts.participants}</span> {market.counts.participants === 1 ? "person" : "people"} here
          </p>
        </aside>

        {closed ? (
          <section className="harvest" aria-labelledby="harvest-heading">
            <h2 id="harvest-heading">The harvest</h2>
            <dl className="harvest-counts">
              <div>
                <dt>people</dt>
                <dd>{market.counts.participants}</dd>
              </div>
              <div>
                <dt>offers</dt>
                <dd>{market.counts.offers}</dd>
              </div>
              <div>
                <dt>needs</dt>
                <dd>{market.counts.needs}</dd>
              </div>
              <div>
                <dt>connections</dt>
                <dd data-testid="harvest-connections">{market.counts.connections}</dd>
              </div>
            </dl>
            <ul className="harvest-list">
              {accepted.map((c) => (
                <li key={c.id}>
                  <strong>{nameOf(c.offerParticipantId, c.offerAuthorName)}</strong> → <strong>{nameOf(c.needParticipantId, c.needAuthorName)}</strong>
                  <span className="harvest-what">
                    {c.offerText} · {c.needText}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ) : (
          <div className="wall">
            {(
              [
                ["offer", "Offers", wall.offers, wall.offerCount],
                ["need", "Needs", wall.needs, wall.needCount],
              ] as const
            ).map(([kind, title, list, count]) => (
              <section key={kind} className={`wall-column ${kind}`} aria-labelledby={`wall-${kind}`} aria-live="polite" aria-relevant="additions">
                <h2 id={`wall-${kind}`}>
                  {title} <span className="wall-count">{count}</span>
                </h2>
                {count === 0 ? (
                  <p className="wall-empty">{market.phase === "lobby" ? "Posting opens soon." : `No ${title.toLowerCase()} yet — be the first!`}</p>
                ) : (
                  list.map((post) => <WallCard key={post.id} post={post} author={nameOf(post.participantId, post.authorName)} />)
                )}
                {count > WALL_CARDS_PER_COLUMN && <p className="wall-more">+ {count - WALL_CARDS_PER_COLUMN} more on your phones</p>}
              </section>
            ))}
          </div>
        )}
      </div>
    </main>
  );
}

/** A card already on the wall is not drawn again when another one arrives. */
const WallCard = memo(PostCard);
