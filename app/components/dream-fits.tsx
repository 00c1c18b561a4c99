// Matching around dreams on the phone: the dreams that fit my offers and needs (gather with the
// card that fits, in one tap), and on a dream, the offers and needs of others that fit it.
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { WAY_WORDS } from "~/components/dream-circle";
import { FormError } from "~/components/form-error";
import { Why } from "~/components/suggestions";
import { useT } from "~/lib/i18n";
import { refusalOf } from "~/lib/refusal";
import type { ActionResult } from "~/lib/route-helpers.server";
import { KINDS, pairsOf } from "../../server/market/kinds.ts";
import type { DreamSuggestion } from "../../server/market/service.ts";

async function fetchDreamSuggestions(url: string, signal?: AbortSignal): Promise<DreamSuggestion[] | undefined> {
  const response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  if (!response.ok) return undefined;
  return ((await response.json()) as { suggestions: DreamSuggestion[] }).suggestions;
}

/** "Dreams that fit your cards": reloaded when the room's cards change, at most every few seconds. */
export function DreamsForYou({ code, version }: { code: string; version: number }) {
  const t = useT();
  const [found, setFound] = useState<DreamSuggestion[]>();
  const last = useRef(0);
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(
      () => {
        last.current = Date.now();
        fetchDreamSuggestions(`/m/${code}/suggestions?dreams`, controller.signal)
          .then((list) => list && setFound(list))
          .catch(() => undefined); // offline: keep the list we have
      },
      Math.max(0, last.current + 8000 - Date.now()),
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [code, version]);
  if (!found || found.length === 0) return null;
  return (
    <section className="card for-you dreams-for-you" aria-labelledby="dreams-for-you-heading" data-testid="dreams-for-you">
      <h2 id="dreams-for-you-heading">{t("dream.fitsYou")}</h2>
      <ul className="suggestion-list">
        {found.map((s) => (
          <li key={s.dream.id} data-testid="dream-suggestion">
            <p>
              <strong>{s.dream.authorName}</strong>: “{s.dream.text}”
            </p>
            <p className="hint">{t(KINDS[s.post.kind].words.yourCard, { text: s.post.text })}</p>
            <Why sharedTerms={s.sharedTerms} />
            <GatherWith dreamId={s.dream.id} card={s.post} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Gathers around a dream with one of my cards (it fits): "I can help with …" or "I need this too". */
function GatherWith({ dreamId, card }: { dreamId: string; card: DreamSuggestion["post"] }) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>();
  const side = pairsOf(card.kind)?.side;
  if (!side) return null;
  if (fetcher.data?.ok) return <p className="connection-state">{t("dream.sent")}</p>;
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="gather" />
      <input type="hidden" name="dreamId" value={dreamId} />
      <input type="hidden" name="way" value={side} />
      <input type="hidden" name="postId" value={card.id} />
      <button className="button small" type="submit" disabled={fetcher.state !== "idle"}>
        {t(WAY_WORDS[side])}
      </button>
      <FormError refusal={refusalOf(fetcher.data)} />
    </fetcher.Form>
  );
}

/** On a dream: the offers and needs of others that fit it, opened on demand. */
export function FitsThisDream({ code, dreamId }: { code: string; dreamId: string }) {
  const t = useT();
  const details = useRef<HTMLDetailsElement>(null);
  const [found, setFound] = useState<DreamSuggestion[]>();
  return (
    <details
      className="know-who"
      ref={details}
      data-testid="fits-this-dream"
      onToggle={() => {
        if (!details.current?.open) return;
        fetchDreamSuggestions(`/m/${code}/suggestions?dream=${encodeURIComponent(dreamId)}`)
          .then((list) => setFound(list ?? []))
          .catch(() => setFound([]));
      }}
    >
      <summary className="button small secondary">{t("dream.fits")}</summary>
      {!found ? (
        <p className="hint">{t("suggest.looking")}</p>
      ) : found.length === 0 ? (
        <p className="hint">{t("suggest.noFit")}</p>
      ) : (
        <ul className="suggestion-list">
          {found.map((s) => (
            <li key={s.post.id}>
              <p>
                <span className={`kind-label ${s.post.kind}`}>{t(KINDS[s.post.kind].words.label)}</span> <strong>{s.post.authorName}</strong>: “{s.post.text}”
              </p>
              <Why sharedTerms={s.sharedTerms} />
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
