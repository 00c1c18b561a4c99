// The projector's wall and its "still open" read-out: one column per kind, each packing as many
// whole cards as fit a 1920x1080 hall screen and turning through every card of the room in turn.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { PostCard } from "~/components/post-card";
import { GatheredCount } from "~/components/dream-circle";
import { useDataText, useFormat, useT } from "~/lib/i18n";
import { nextPageFirstId, pageStart, wallColumns } from "~/lib/wall";
import { kindShows, KINDS, pluralOf, POST_KINDS, type PostKind } from "../../server/market/kinds.ts";
import { stillOpen } from "../../server/market/still-open.ts";
import type { MarketSnapshot, PublicPost } from "../../server/market/views.ts";

export type NameOf = (id: string, fallback?: string) => string;
export type ColorOf = (post: PublicPost) => string | undefined;

/** At most this many cards are drawn per column at once, so a thousand posts cost what forty do. */
const MOST_CARDS_PER_PAGE = 40;
/** A steady page turn: long enough to read a page from the back of the hall. */
export const PAGE_SECONDS = 12;

// The server renders without measuring; the browser measures before it paints.
const useMeasureEffect = typeof window === "undefined" ? useEffect : useLayoutEffect;

interface ColumnsProps {
  market: MarketSnapshot;
  nameOf: NameOf;
  colorOf: ColorOf;
  category?: string;
  pageSeconds: number;
}

export function Wall({ market, nameOf, colorOf, category, pageSeconds }: ColumnsProps) {
  const columns = useMemo(() => wallColumns(market.posts, (p) => !category || p.category === category), [market.posts, category]);
  const t = useT();
  const { value } = useDataText();
  const { openKinds } = market.facilitation;
  const running = market.phase !== "lobby" && market.phase !== "closed";
  const shown = POST_KINDS.filter((kind) => kindShows(kind, openKinds.includes(kind), columns[pluralOf(kind)].length));
  // The column count for the grid (app.css), told here rather than found by CSS :has(), which the
  // laptop browsers of 2022 and before (Firefox ESR 115, the last on Windows 7) do not know.
  return (
    <div className="wall" data-columns={shown.length}>
      {shown.map((kind) => {
        const list = columns[pluralOf(kind)];
        const title = t(KINDS[kind].words.plural);
        const kinds = t(KINDS[kind].words.pluralInline);
        const open = openKinds.includes(kind);
        // Before the agenda opens a kind, or in stages that open only another kind, the column says so.
        const empty = market.phase === "lobby" ? t("screen.postingSoon") : open ? t("screen.noneYet", { kinds }) : t("screen.kindClosed", { kinds });
        return (
          <DenseColumn
            key={kind}
            kind={kind}
            title={category ? `${title} · ${value(category)}` : title}
            list={list}
            nameOf={nameOf}
            colorOf={colorOf}
            empty={empty}
            closedNote={running && !open && list.length > 0 ? t("screen.notOpenNow") : undefined}
            pageSeconds={pageSeconds}
          />
        );
      })}
    </div>
  );
}

export function StillOpen({ market, nameOf, colorOf, category, pageSeconds }: ColumnsProps) {
  const t = useT();
  const { value } = useDataText();
  const open = useMemo(() => stillOpen(category ? market.posts.filter((p) => p.category === category) : market.posts, market.connections), [market.posts, market.connections, category]);
  return (
    <div className="wall still-open" data-testid="still-open">
      {(
        [
          ["need", t("screen.needsOpen"), open.needs],
          ["offer", t("screen.offersOpen"), open.offers],
        ] as const
      ).map(([kind, title, list]) => (
        <DenseColumn key={kind} kind={kind} title={category ? `${title} · ${value(category)}` : title} list={list} nameOf={nameOf} colorOf={colorOf} empty={t("screen.allConnected")} firstPage={t("screen.starredFirst")} pageSeconds={pageSeconds} />
      ))}
    </div>
  );
}

/** How many cards from the start lie wholly inside the box (cards flow down, then to the next column). */
function wholeCardsIn(box: HTMLElement): number {
  const edge = box.getBoundingClientRect();
  let whole = 0;
  for (const card of Array.from(box.children)) {
    const rect = card.getBoundingClientRect();
    if (rect.bottom > edge.bottom + 0.5 || rect.right > edge.right + 0.5) break;
    whole++;
  }
  // A card taller than the whole column still gets its turn (it is the only one on its page).
  return Math.max(1, whole);
}

/**
 * One kind's column: as many whole cards as fit, long ones taking more room, then the next page.
 * The cards are measured in the browser before they are painted: the page holds exactly the cards
 * that fit, never one cut at the edge, and the next page starts with the first that did not.
 */
function DenseColumn({
  kind,
  title,
  list,
  nameOf,
  colorOf,
  empty,
  closedNote,
  firstPage,
  pageSeconds,
}: {
  kind: PostKind;
  title: string;
  list: PublicPost[];
  nameOf: NameOf;
  colorOf: ColorOf;
  empty: string;
  closedNote?: string;
  firstPage?: string;
  pageSeconds: number;
}) {
  const t = useT();
  const { number } = useFormat();
  const [firstId, setFirstId] = useState<string>();
  const start = pageStart(list, firstId);
  const candidates = list.slice(start, start + MOST_CARDS_PER_PAGE);
  // What was measured, and for which cards: any change of the cards (or the box) measures again.
  const layoutKey = candidates.map((p) => `${p.id}:${p.updatedAt ?? ""}`).join(",");
  const [measured, setMeasured] = useState<{ key: string; fit: number }>();
  const fit = measured?.key === layoutKey ? measured.fit : undefined;
  const box = useRef<HTMLDivElement>(null);

  useMeasureEffect(() => {
    if (fit === undefined && box.current && candidates.length > 0) setMeasured({ key: layoutKey, fit: wholeCardsIn(box.current) });
  });
  useEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => setMeasured(undefined));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // The clock runs while there are cards; it reads the latest page when it ticks, so cards
  // arriving never restart it (a busy wall would otherwise never leave its first page).
  const latest = useRef({ list, start, fit });
  latest.current = { list, start, fit };
  // New cards jump the queue: the next turn shows the newest page, and the one after resumes the
  // round through every card where it left off.
  const newestShown = useRef<string>();
  const resumeAt = useRef<string>();
  if (start === 0) newestShown.current = list[0]?.id;
  const hasCards = list.length > 0;
  useEffect(() => {
    if (!hasCards) return;
    const timer = setInterval(() => {
      const { list, start, fit } = latest.current;
      if (fit === undefined || (start === 0 && fit >= list.length)) return;
      const next = nextPageFirstId(list, start, fit);
      if (start !== 0 && list[0]?.id !== newestShown.current) {
        resumeAt.current = next;
        setFirstId(undefined);
      } else if (start === 0 && resumeAt.current !== undefined && pageStart(list, resumeAt.current) >= fit) {
        setFirstId(resumeAt.current);
        resumeAt.current = undefined;
      } else {
        resumeAt.current = undefined;
        setFirstId(next);
      }
    }, pageSeconds * 1000);
    return () => clearInterval(timer);
  }, [hasCards, pageSeconds]);

  const cards = fit === undefined ? candidates : candidates.slice(0, fit);
  return (
    <section className={`wall-column ${kind}`} aria-labelledby={`wall-${kind}`} data-testid={`wall-column-${kind}`}>
      <h2 id={`wall-${kind}`}>
        <span>
          {title}
          {closedNote && <span className="wall-closed-note"> · {closedNote}</span>}
        </span>
        <span className="wall-count" data-testid={`wall-count-${kind}`}>
          {number(list.length)}
        </span>
      </h2>
      <div className="wall-cards" ref={box} aria-live="polite" aria-relevant="additions" data-testid={`wall-cards-${kind}`} data-first={start} data-shown={cards.length}>
        {list.length === 0 ? (
          <p className="wall-empty">{empty}</p>
        ) : (
          cards.map((post) => (
            <PostCard key={post.id} post={post} author={nameOf(post.participantId, post.authorName)} categoryColor={colorOf(post)}>
              <GatheredCount post={post} />
            </PostCard>
          ))
        )}
      </div>
      {/* Always there under cards, so the room the cards are measured in stays the same. */}
      {list.length > 0 && (
        <p className="wall-more" data-testid={`wall-page-${kind}`}>
          {start === 0 && firstPage ? `${firstPage} · ` : ""}
          {t("screen.range", { from: number(start + 1), to: number(start + cards.length), total: number(list.length) })}
          <span className="page-dots" aria-hidden="true">
            <span style={{ marginLeft: `${(start / list.length) * 100}%`, width: `${(cards.length / list.length) * 100}%` }} />
          </span>
        </p>
      )}
    </section>
  );
}
