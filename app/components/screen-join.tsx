// How to join, as the projector shows it: the lobby's big "go to … — code …" line readable from
// the back of the hall with the names of people arriving, and the smaller panel beside the wall.
import { useEffect, useLayoutEffect, useRef } from "react";
import { Trans } from "react-i18next";
import { Icon } from "~/components/icon";
import { useFormat, useT } from "~/lib/i18n";
import { firstName, type MarketSnapshot } from "../../server/market/views.ts";

/** Names the lobby shows, newest first: enough to fill the screen, never a scrolling list. */
const LOBBY_NAMES = 60;

/** No text on the projector is smaller (from the back of a hall). */
const MIN_PX = 20;

const useMeasureEffect = typeof window === "undefined" ? useEffect : useLayoutEffect;

/** The address people type: the join link's host, where the home page asks for the code. */
export const addressOf = (joinUrl: string) => new URL(joinUrl).host;

/**
 * Fits one line of text to its box: as large as `maxEm` allows, smaller only when the line would
 * not fit, so a long address shrinks rather than breaks (the line never wraps: white-space nowrap).
 */
function useOneLine<T extends HTMLElement>(maxEm: number) {
  const ref = useRef<T>(null);
  useMeasureEffect(() => {
    const line = ref.current;
    if (!line) return;
    const fit = () => {
      line.style.whiteSpace = "";
      line.style.fontSize = `${maxEm}em`;
      const overflow = line.scrollWidth / Math.max(1, line.clientWidth);
      if (overflow <= 1) return;
      // Never under the projector's 20 px floor: past it, an address too long for its box wraps.
      const em = parseFloat(getComputedStyle(line.parentElement ?? line).fontSize) || 16;
      const fitted = Math.max((maxEm / overflow) * 0.98, MIN_PX / em);
      line.style.fontSize = `${fitted}em`;
      if (line.scrollWidth > line.clientWidth) line.style.whiteSpace = "normal";
    };
    fit();
    const observer = typeof ResizeObserver === "undefined" ? undefined : new ResizeObserver(fit);
    observer?.observe(line.parentElement ?? line);
    return () => observer?.disconnect();
  });
  return ref;
}

function QrCode({ joinUrl, qr, className = "qr" }: { joinUrl: string; qr: string; className?: string }) {
  const t = useT();
  return <div className={className} role="img" aria-label={t("screen.qr", { url: joinUrl })} data-join-url={joinUrl} dangerouslySetInnerHTML={{ __html: qr }} />;
}

/** The lobby: the line to follow, the QR code, and first names appearing as people join. */
export function Lobby({ market, joinUrl, qr }: { market: MarketSnapshot; joinUrl: string; qr: string }) {
  const t = useT();
  const { number } = useFormat();
  const line = useOneLine<HTMLParagraphElement>(3.4);
  const arrived = market.participants.slice(-LOBBY_NAMES).reverse();
  return (
    <section className="lobby" aria-labelledby="lobby-line">
      <p className="lobby-line" id="lobby-line" ref={line} data-testid="lobby-line">
        <Trans
          i18nKey="screen.goTo"
          values={{ address: addressOf(joinUrl), code: market.code }}
          components={{ address: <strong className="lobby-address" />, code: <strong className="lobby-code" data-testid="join-code" /> }}
        />
      </p>
      <div className="lobby-body">
        <div className="lobby-qr">
          <QrCode joinUrl={joinUrl} qr={qr} />
          <p className="screen-join-label">{t("screen.orScan")}</p>
        </div>
        <div className="lobby-people">
          <p className="screen-people">
            <Icon name="people" /> <span data-testid="people-count">{number(market.counts.participants)}</span> {t("screen.here", { count: market.counts.participants })}
          </p>
          {arrived.length === 0 ? (
            <p className="lobby-waiting">{t("screen.firstToJoin")}</p>
          ) : (
            <ul className="lobby-names" aria-label={t("screen.arrived")} data-testid="lobby-names">
              {arrived.map((p) => (
                <li key={p.id}>{firstName(p.name)}</li>
              ))}
            </ul>
          )}
          {market.facilitation.joiningLocked && <p className="screen-join-label">{t("screen.joiningClosed")}</p>}
        </div>
      </div>
    </section>
  );
}

/** Beside the wall: the QR code, the address and the code, and how many are here. */
export function JoinPanel({ market, joinUrl, qr }: { market: MarketSnapshot; joinUrl: string; qr: string }) {
  const t = useT();
  const { number } = useFormat();
  const address = useOneLine<HTMLParagraphElement>(1.15);
  return (
    <aside className="screen-join" aria-label={t("screen.howToJoin")}>
      <QrCode joinUrl={joinUrl} qr={qr} />
      <p className="screen-join-label">{t("screen.scan")}</p>
      <p className="screen-join-url" ref={address}>
        {addressOf(joinUrl)}
      </p>
      <p className="screen-join-label">{t("screen.code")}</p>
      <p className="screen-code" data-testid="join-code">
        {market.code}
      </p>
      <p className="screen-people">
        <span data-testid="people-count">{number(market.counts.participants)}</span> {t("screen.here", { count: market.counts.participants })}
      </p>
      {market.facilitation.joiningLocked && <p className="screen-join-label">{t("screen.joiningClosed")}</p>}
    </aside>
  );
}

export function ThankYouPanel({ market }: { market: MarketSnapshot }) {
  const t = useT();
  const { number } = useFormat();
  return (
    <aside className="screen-join screen-thanks" aria-label={t("screen.thankYou")}>
      <p className="screen-thanks-big">{t("screen.thankYouBig")}</p>
      <p>{t("screen.followUps")}</p>
      <p className="screen-people">
        <span data-testid="people-count">{number(market.counts.participants)}</span> {t("screen.tookPart", { count: market.counts.participants })}
      </p>
    </aside>
  );
}
