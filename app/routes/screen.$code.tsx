import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useMemo } from "react";
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { LiveBadge } from "~/components/connection-badge";
import { categoryColor, currentStageOf, StageCountdown } from "~/components/facilitation";
import { phaseLabel } from "~/components/phase";
import { JoinPanel, Lobby, ThankYouPanel } from "~/components/screen-join";
import { Harvest, Overview, Spotlight, Tables } from "~/components/screen-views";
import { PAGE_SECONDS, StillOpen, Wall } from "~/components/screen-wall";
import { qrSvg } from "~/lib/qr.server";
import { orRespond } from "~/lib/route-helpers.server";
import { reloadWhenBack } from "~/lib/reload-when-back";
import { useLiveMarket } from "~/lib/use-live-market";
import { firstName, type PublicPost } from "../../server/market/views.ts";
import { metaT, useDataText, useT } from "~/lib/i18n";
import { useFollowMarketLanguage } from "~/lib/market-language";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: metaT(matches)("meta.projector", { title: data?.market.title ?? "" }) }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // The projector is a viewer: it never sends a secret, so it can never receive one.
  const market = await orRespond(context, () => context.market.snapshot(params.code ?? "", { role: "viewer" }));
  const joinUrl = `${context.publicOrigin(request)}/join/${market.code}`;
  return { market, joinUrl, qr: await qrSvg(joinUrl), language: market.language };
}

/** Snapshot reloads (reconnects, after actions) wait out a server restart instead of failing. */
export const clientLoader = ({ serverLoader }: ClientLoaderFunctionArgs) => reloadWhenBack(() => serverLoader<typeof loader>());

/** `?pageSeconds=` in the screen's address sets the wall's page turn (1 to 120 s), e.g. for a rehearsal. */
function pageSecondsFrom(params: URLSearchParams): number {
  const asked = Number(params.get("pageSeconds"));
  return Number.isFinite(asked) && asked >= 1 ? Math.min(120, asked) : PAGE_SECONDS;
}

export default function ProjectorScreen() {
  const { market: loaded, joinUrl, qr } = useLoaderData<typeof loader>();
  const { market, status } = useLiveMarket(loaded, "viewer");
  const t = useT();
  useFollowMarketLanguage(market.facilitation.language, loaded.language);
  const dataText = useDataText();
  const [params] = useSearchParams();
  const { facilitation, round } = market;
  // The host picks the category live; `?category=` in this screen's address overrides it
  // (`?category=` left empty shows every category whatever the host picked).
  const categoryFilter = (params.has("category") ? params.get("category") : facilitation.projectorCategory) || undefined;
  const pageSeconds = pageSecondsFrom(params);
  const names = useMemo(() => new Map(market.participants.map((p) => [p.id, firstName(p.name)])), [market.participants]);
  const nameOf = (id: string, fallback = "") => names.get(id) ?? firstName(fallback);
  const colorOf = (post: PublicPost) => categoryColor(facilitation.categories, post.category);
  const closed = market.phase === "closed";
  const stage = currentStageOf(facilitation.agenda);
  const roundLive = round && round.status === "running" ? round : undefined;

  if (market.deleted) {
    return (
      <main className="screen">
        <p className="notice" role="alert">
          {t("screen.deleted")}
        </p>
      </main>
    );
  }

  const columns = { market, nameOf, colorOf, category: categoryFilter, pageSeconds };
  let main;
  if (closed) main = <Harvest market={market} nameOf={nameOf} />;
  else if (roundLive?.scope === "room") main = <Spotlight market={market} round={roundLive} nameOf={nameOf} colorOf={colorOf} />;
  else if (roundLive?.scope === "tables" || facilitation.projectorView === "tables") main = <Tables market={market} round={roundLive} nameOf={nameOf} />;
  else if (market.phase === "lobby") main = null;
  else if (facilitation.projectorView === "still-open") main = <StillOpen {...columns} />;
  else if (facilitation.projectorView === "overview") main = <Overview market={market} colorOf={(category) => categoryColor(facilitation.categories, category)} />;
  else main = <Wall {...columns} />;

  return (
    <main className="screen">
      <header className="screen-header">
        <h1>{market.title}</h1>
        <div className="screen-status">
          {stage ? (
            <span className="stage-pill" data-testid="stage-title">
              {stage.number}/{stage.of} · {dataText.stage(stage.stage).title}
            </span>
          ) : (
            <span className={`phase-pill ${market.phase}`}>{phaseLabel(market.phase, t)}</span>
          )}
          {facilitation.rehearsal && (
            <span className="phase-pill rehearsal-pill" data-testid="rehearsal-pill">
              {t("prepare.rehearsalHeading")}
            </span>
          )}
          {stage && <StageCountdown agenda={facilitation.agenda} serverNow={market.serverNow} />}
          <LiveBadge status={status} />
        </div>
      </header>
      {stage && (
        <p className="stage-instructions" data-testid="stage-instructions">
          {dataText.stage(stage.stage).instructions}
        </p>
      )}
      {main === null ? (
        <Lobby market={market} joinUrl={joinUrl} qr={qr} />
      ) : (
        <div className="screen-body">
          {closed ? <ThankYouPanel market={market} /> : <JoinPanel market={market} joinUrl={joinUrl} qr={qr} />}
          {main}
        </div>
      )}
    </main>
  );
}
