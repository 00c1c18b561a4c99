// What a phone shows of the facilitation: the stage (what to do now), the sharing round with the
// speaker's cards and one-tap actions, and this person's table.
import type { ReactNode } from "react";
import type { Round } from "../../server/market/round.ts";
import type { MarketSnapshot, PublicPost } from "../../server/market/views.ts";
import { tableOf } from "../../server/market/groups.ts";
import { RoundCountdown, StageCountdown, useStageText } from "./facilitation";
import { PostCard } from "./post-card";
import { useT } from "~/lib/i18n";

export function StageCard({ market }: { market: MarketSnapshot }) {
  const t = useT();
  const text = useStageText(market);
  if (!text) return null;
  return (
    <section className="card stage-card" aria-labelledby="stage-heading" data-testid="phone-stage">
      <h2 id="stage-heading">
        <span>{t("stage.now", { title: text.title })}</span> <StageCountdown agenda={market.facilitation.agenda} serverNow={market.serverNow} />
      </h2>
      <p>{text.instructions}</p>
    </section>
  );
}

/** The speaker now: the room's, or at a tables round, the one at my table. */
export function speakerFor(round: Round, market: MarketSnapshot, meId: string): string | null {
  if (round.scope === "room") return round.speakerId;
  const table = tableOf({ size: 0, rotation: 0, tables: market.facilitation.tables, history: [] }, meId);
  return table?.participantIds[round.slot] ?? null;
}

export function RoundCard({ market, meId, actions, colorOf }: { market: MarketSnapshot; meId: string; actions: (post: PublicPost) => ReactNode; colorOf: (post: PublicPost) => string | undefined }) {
  const round = market.round;
  const t = useT();
  if (!round || round.status !== "running") return null;
  const speakerId = speakerFor(round, market, meId);
  const speaker = market.participants.find((p) => p.id === speakerId);
  const posts = market.posts.filter((p) => p.participantId === speakerId && (round.focus === "both" || p.kind === round.focus));
  const mine = speakerId === meId;
  return (
    <section className="card round-card" aria-labelledby="round-heading" data-testid="phone-round">
      <div className="section-head">
        <h2 id="round-heading" data-testid="phone-speaker">
          {mine ? t("stage.yourTurn") : speaker ? t("stage.listeningTo", { name: speaker.name }) : t("stage.between")}
        </h2>
        <RoundCountdown round={round} serverNow={market.serverNow} />
      </div>
      {!mine &&
        posts.map((post) => (
          <PostCard key={post.id} post={post} author={post.authorName} categoryColor={colorOf(post)}>
            {actions(post)}
          </PostCard>
        ))}
      {!mine && speaker && posts.length === 0 && <p className="hint">{t("stage.noCardsYet", { name: speaker.name })}</p>}
    </section>
  );
}

export function TableCard({ market, meId }: { market: MarketSnapshot; meId: string }) {
  const { tables } = market.facilitation;
  const t = useT();
  const table = tables.find((candidate) => candidate.participantIds.includes(meId));
  if (!table) return null;
  const names = new Map(market.participants.map((p) => [p.id, p.name]));
  const round = market.round?.status === "running" && market.round.scope === "tables" ? market.round : undefined;
  return (
    <section className="card table-card" aria-labelledby="table-heading" data-testid="phone-table">
      <h2 id="table-heading">{t("stage.yourTable", { name: table.name })}</h2>
      <p className="hint">{market.facilitation.rotation > 1 ? t("stage.orderRotation", { n: market.facilitation.rotation }) : t("stage.order")}</p>
      <ol>
        {table.participantIds.map((id, i) => (
          <li key={id} className={round && round.slot === i ? "speaking" : undefined}>
            {id === meId ? t("stage.you") : (names.get(id) ?? t("stage.someoneWhoLeft"))}
            {round && round.slot === i ? t("stage.speakingNow") : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}
