import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { LiveBadge } from "~/components/connection-badge";
import { PHASE_STEPS, phaseLabel } from "~/components/phase";
import { requireHost } from "~/lib/host.server";
import { attempt, field, isHttps, orRespond, type ActionResult } from "~/lib/route-helpers.server";
import { reloadWhenBack } from "~/lib/reload-when-back";
import { useLiveMarket } from "~/lib/use-live-market";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Host · ${data?.market.title ?? "Market"}` }, { name: "robots", content: "noindex" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { id, code } = await orRespond(context, () => context.market.locate(params.marketId ?? ""));
  const url = new URL(request.url);
  const key = url.searchParams.get("key");
  if (key) {
    // The host link carries the key once; from here on it lives in an httpOnly cookie.
    const actor = await context.market.authenticate(code, key).catch(() => undefined);
    if (actor?.role !== "host") throw new Response("That host link is not valid.", { status: 403 });
    return redirect(`/host/${id}`, { headers: { "Set-Cookie": context.sessions.setCookie("host", code, key, isHttps(request)) } });
  }
  await requireHost(context, request, code);
  const origin = context.publicOrigin(request);
  return {
    market: await context.market.snapshot(code, { role: "host" }),
    joinUrl: `${origin}/join/${code}`,
    screenPath: `/screen/${code}`,
    hostUrl: `${origin}/host/${id}?key=${encodeURIComponent(context.sessions.readCookie(request.headers.get("Cookie"), "host", code) ?? "")}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { code } = await orRespond(context, () => context.market.locate(params.marketId ?? ""));
  const host = await requireHost(context, request, code);
  const form = await request.formData();
  return attempt(context, "phase", () => context.market.changePhase(code, host, { phase: field(form, "phase") }));
}

/** Snapshot reloads (reconnects, after actions) wait out a server restart instead of failing. */
export const clientLoader = ({ serverLoader }: ClientLoaderFunctionArgs) => reloadWhenBack(() => serverLoader<typeof loader>());

export default function HostConsole() {
  const { market: loaded, joinUrl, screenPath, hostUrl } = useLoaderData<typeof loader>();
  const { market, status } = useLiveMarket(loaded, "host");
  const phaseFetcher = useFetcher<ActionResult>();
  const failure = phaseFetcher.data && !phaseFetcher.data.ok ? phaseFetcher.data.error.message : undefined;
  const currentIndex = PHASE_STEPS.findIndex((step) => step.phase === market.phase);
  const accepted = market.connections.filter((c) => c.status === "accepted");
  const pending = market.connections.filter((c) => c.status === "pending");

  return (
    <main className="page host">
      <header className="host-header">
        <div>
          <p className="eyebrow">Host console</p>
          <h1>{market.title}</h1>
        </div>
        <LiveBadge status={status} />
      </header>

      <section className="host-grid">
        <div className="card join-card">
          <h2>People join with</h2>
          <p className="join-code" aria-label={`Join code ${market.code.split("").join(" ")}`}>
            {market.code}
          </p>
          <p className="join-url">
            <a href={joinUrl}>{joinUrl}</a>
          </p>
          <a className="button" href={screenPath} target="_blank" rel="noreferrer">
            Open the projector screen
          </a>
        </div>

        <div className="card">
          <h2>Phase</h2>
          <ol className="phase-steps">
            {PHASE_STEPS.map((step, index) => (
              <li key={step.phase} className={index === currentIndex ? "current" : index < currentIndex ? "done" : ""}>
                <phaseFetcher.Form method="post">
                  <input type="hidden" name="phase" value={step.phase} />
                  <button
                    type="submit"
                    className={index === currentIndex ? "button" : "button secondary"}
                    aria-current={index === currentIndex ? "step" : undefined}
                    disabled={index === currentIndex || phaseFetcher.state !== "idle"}
                  >
                    {step.phase === "closed" ? "Close the market" : index < currentIndex ? `Back to ${step.label}` : step.label}
                  </button>
                </phaseFetcher.Form>
                <span className="hint">{step.hint}</span>
              </li>
            ))}
          </ol>
          {failure && (
            <p className="error" role="alert">
              {failure}
            </p>
          )}
          <p className="hint">Now: {phaseLabel(market.phase)}</p>
        </div>

        <div className="card">
          <h2>The room</h2>
          <dl className="counts">
            <div>
              <dt>People</dt>
              <dd data-testid="count-participants">{market.counts.participants}</dd>
            </div>
            <div>
              <dt>Offers</dt>
              <dd data-testid="count-offers">{market.counts.offers}</dd>
            </div>
            <div>
              <dt>Needs</dt>
              <dd data-testid="count-needs">{market.counts.needs}</dd>
            </div>
            <div>
              <dt>Connections</dt>
              <dd data-testid="count-connections">{market.counts.connections}</dd>
            </div>
          </dl>
          <p className="hint">{pending.length} connection requests waiting for an answer.</p>
        </div>

        <div className="card">
          <h2>Harvest</h2>
          <p>Download the connections (contacts only of people who agreed to share them with you) or everything.</p>
          <div className="button-row">
            <a className="button" href={`/api/markets/${market.code}/export.csv`} download>
              Connections (CSV)
            </a>
            <a className="button secondary" href={`/api/markets/${market.code}/export.json`} download>
              Everything (JSON)
            </a>
          </div>
        </div>
      </section>

      <section className="card">
        <h2>Connections ({accepted.length})</h2>
        {accepted.length === 0 ? (
          <p className="hint">Accepted connections appear here.</p>
        ) : (
          <ul className="connection-list">
            {accepted.map((c) => (
              <li key={c.id}>
                <strong>{c.offerAuthorName}</strong> offers “{c.offerText}” → <strong>{c.needAuthorName}</strong> needs “{c.needText}”
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card">
        <h2>Your host link</h2>
        <p className="hint">Keep it private: it lets whoever holds it steer this market and download contacts.</p>
        <input className="host-link" readOnly value={hostUrl} aria-label="Host link" onFocus={(e) => e.currentTarget.select()} />
      </section>
    </main>
  );
}
