// What a phone must not let slip by: a connection request, a suggestion made for me, my turn to
// speak, the close. Each shows as a banner fixed at the top whatever the scroll, a count on the
// navigation, a short vibration where the phone has one, and a polite announcement for screen
// readers. "Your turn" also brings my own cards to the top, large, to read out.
import { useEffect, useRef, useState } from "react";
import { RoundCountdown } from "~/components/facilitation";
import { Icon } from "~/components/icon";
import { speakerFor } from "~/components/phone-facilitation";
import { PostCard } from "~/components/post-card";
import { useT } from "~/lib/i18n";
import type { MarketSnapshot, PublicConnection } from "../../server/market/views.ts";

export type AttentionKind = "request" | "suggestion" | "turn" | "closed";

export interface AttentionItem {
  /** Stable while the thing lasts, so a banner dismissed stays dismissed. */
  id: string;
  kind: AttentionKind;
  /** Who it is about (the other person), when someone. */
  name?: string;
  /** The element the banner's "Show me" brings into view. */
  target: string;
}

/** A short buzz that is felt in a pocket, not an alarm (ignored where phones cannot vibrate). */
const BUZZ = [180, 90, 180];

const isMine = (c: PublicConnection, meId: string) => c.offerParticipantId === meId || c.needParticipantId === meId;

/** Everything waiting for this person now, the most pressing first. */
export function attentionItems(market: MarketSnapshot, meId: string): AttentionItem[] {
  const items: AttentionItem[] = [];
  if (market.phase === "closed") items.push({ id: "closed", kind: "closed", target: "follow-ups" });
  const round = market.round;
  if (round && round.status === "running" && market.phase !== "closed" && speakerFor(round, market, meId) === meId) {
    items.push({ id: `turn:${round.id}:${round.scope === "room" ? round.speakerId : round.slot}`, kind: "turn", target: "your-turn" });
  }
  if (market.phase !== "closed") {
    for (const c of market.connections) {
      if (c.status !== "pending" || !isMine(c, meId)) continue;
      const mySide = c.offerParticipantId === meId ? "offer" : "need";
      if (c.acceptedBy?.includes(mySide)) continue;
      const other = mySide === "offer" ? c.needAuthorName : c.offerAuthorName;
      // Asked by the other person: a request. Proposed by the host or someone else: a suggestion.
      const byThem = c.requestedBy === (mySide === "offer" ? c.needParticipantId : c.offerParticipantId);
      items.push({ id: `connection:${c.id}`, kind: byThem ? "request" : "suggestion", name: other, target: "requests-heading" });
    }
  }
  return items;
}

export function useAttention(market: MarketSnapshot, meId: string) {
  const items = attentionItems(market, meId);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState("");
  const seen = useRef<Set<string>>();
  const t = useT();
  const fresh = items.filter((item) => !dismissed.has(item.id));
  const key = items.map((item) => item.id).join(" ");
  useEffect(() => {
    const known = seen.current;
    seen.current = new Set(items.map((item) => item.id));
    // The first render only learns what is already there; after that, anything new gets attention
    // (what was waiting before the page opened still shows in the banner, without a buzz).
    const arrived = known ? items.filter((item) => !known.has(item.id)) : [];
    if (arrived.length === 0) return;
    navigator.vibrate?.(BUZZ);
    setAnnouncement(arrived.map((item) => attentionText(item, t)).join(" "));
    if (arrived.some((item) => item.kind === "turn")) window.scrollTo({ top: 0 });
  }, [key]);
  return {
    items,
    /** What the banner shows: the most pressing item not dismissed yet. */
    banner: fresh[0],
    /** What asks for an answer or an action (not the close, which the page shows anyway). */
    count: items.filter((item) => item.kind !== "closed").length,
    announcement,
    dismiss: (id: string) => setDismissed((before) => new Set(before).add(id)),
  };
}

export type Attention = ReturnType<typeof useAttention>;

function attentionText(item: AttentionItem, t: ReturnType<typeof useT>): string {
  switch (item.kind) {
    case "request":
      return t("attention.request", { name: item.name });
    case "suggestion":
      return t("attention.suggestion", { name: item.name });
    case "turn":
      return t("attention.turn");
    case "closed":
      return t("attention.closed");
  }
}

/**
 * Keeps the page's top clear of the fixed banner: its height goes to `--attention-height`, which
 * pads the page and moves the sticky header below it (app/styles/app.css).
 */
function useBannerRoom(banner: HTMLElement | null) {
  useEffect(() => {
    const root = document.documentElement;
    if (!banner) return;
    const observer = new ResizeObserver(() => root.style.setProperty("--attention-height", `${banner.offsetHeight}px`));
    observer.observe(banner);
    return () => {
      observer.disconnect();
      root.style.removeProperty("--attention-height");
    };
  }, [banner]);
}

/** The banner at the top and the live region that reads the news out. */
export function AttentionBanner({ attention }: { attention: Attention }) {
  const t = useT();
  const { banner, announcement } = attention;
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  useBannerRoom(banner ? element : null);
  return (
    <>
      {/* Always in the page: a live region inserted together with its first news is not announced. */}
      <div className="visually-hidden" role="status" data-testid="attention-announcement">
        {announcement}
      </div>
      {banner && (
        <div className={`attention-banner ${banner.kind}`} ref={setElement} data-testid="attention-banner" data-kind={banner.kind}>
          <Icon name={banner.kind === "turn" ? "phone" : "bell"} className="attention-icon" />
          <p>{attentionText(banner, t)}</p>
          <div className="attention-actions">
            <a
              className="button small"
              href={`#${banner.target}`}
              onClick={(event) => {
                const target = document.getElementById(banner.target);
                if (!target) return;
                event.preventDefault();
                target.scrollIntoView({ block: "start" });
                attention.dismiss(banner.id);
              }}
            >
              {t("attention.show")}
            </a>
            <button type="button" className="button small secondary" onClick={() => attention.dismiss(banner.id)}>
              {t("attention.dismiss")}
            </button>
          </div>
        </div>
      )}
    </>
  );
}

/** The navigation's link to what waits for me, with its count. */
export function AttentionNavLink({ attention }: { attention: Attention }) {
  const t = useT();
  const first = attention.items.find((item) => item.kind !== "closed");
  if (!first) return null;
  return (
    <a href={`#${first.target}`} className="nav-attention" data-testid="nav-attention">
      {t("attention.nav")} <span className="nav-count">{attention.count}</span>
    </a>
  );
}

/** On my turn: my own cards at the top of the page, large, to read them out to the room. */
export function YourTurn({ market, meId, attention }: { market: MarketSnapshot; meId: string; attention: Attention }) {
  const t = useT();
  const round = market.round;
  if (!round || !attention.items.some((item) => item.kind === "turn")) return null;
  const mine = market.posts.filter((p) => p.participantId === meId && !p.hidden && (round.focus === "both" || p.kind === round.focus));
  return (
    <section className="card your-turn" id="your-turn" aria-labelledby="your-turn-heading" data-testid="your-turn">
      <div className="section-head">
        <h2 id="your-turn-heading">{t("attention.yourTurnHeading")}</h2>
        <RoundCountdown round={round} serverNow={market.serverNow} />
      </div>
      {mine.length === 0 ? (
        <p className="your-turn-empty">{t("attention.noCardsToRead")}</p>
      ) : (
        mine.map((post) => <PostCard key={post.id} post={post} author={t("phone.you")} />)
      )}
    </section>
  );
}
