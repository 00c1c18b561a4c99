// Match suggestions on the phone: "For you" (pairs with my posts) and "I know who could help"
// (a third person's pairing of two others' posts). Both send the same connection request.
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { ActionResult } from "~/lib/route-helpers.server";
import { connectionPair, KINDS, OTHER_SIDE, type PostKind, type Side } from "../../server/market/kinds.ts";
import type { Suggestion } from "../../server/market/service.ts";
import { Trans } from "react-i18next";
import { useT } from "~/lib/i18n";
import { whyOf } from "~/lib/why";
import { FormError } from "~/components/form-error";
import { refusalOf } from "~/lib/refusal";

/** Suggestions from the phone's own JSON route; undefined until the first answer. */
async function fetchSuggestions(url: string, signal?: AbortSignal): Promise<Suggestion[] | undefined> {
  const response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  if (!response.ok) return undefined;
  return ((await response.json()) as { suggestions: Suggestion[] }).suggestions;
}

/** Loads suggestions now and again whenever `version` changes, at most every `minGapMs`. */
function useSuggestions(url: string, version: number, minGapMs = 8000) {
  const [suggestions, setSuggestions] = useState<Suggestion[]>();
  const last = useRef(0);
  useEffect(() => {
    const controller = new AbortController();
    const wait = Math.max(0, last.current + minGapMs - Date.now());
    const timer = setTimeout(() => {
      last.current = Date.now();
      fetchSuggestions(url, controller.signal)
        .then((found) => found && setSuggestions(found))
        .catch(() => undefined); // offline: keep the list we have
    }, wait);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [url, version, minGapMs]);
  return suggestions;
}

/** Why a pair is suggested, in the reader's language; nothing when the engine gave no reason. */
export function Why({ sharedTerms }: { sharedTerms: readonly string[] }) {
  const t = useT();
  if (sharedTerms.length === 0) return null;
  return <p className="hint why" data-testid="suggestion-why">{t("suggest.why", { why: whyOf(t, sharedTerms) })}</p>;
}

export function ForYou({ code, myId, version }: { code: string; myId: string; version: number }) {
  const suggestions = useSuggestions(`/m/${code}/suggestions`, version);
  const t = useT();
  if (!suggestions || suggestions.length === 0) return null;
  return (
    <section className="card for-you" id="for-you" aria-labelledby="for-you-heading">
      <h2 id="for-you-heading">{t("suggest.forYou")}</h2>
      <p className="hint">{t("suggest.forYouHint")}</p>
      <ul className="suggestion-list">
        {suggestions.map((s) => {
          const mySide: Side = s.offer.participantId === myId ? "offer" : "need";
          const theirs = s[OTHER_SIDE[mySide]];
          const mine = s[mySide];
          return (
            <li key={`${s.offer.id}:${s.need.id}`} data-testid="suggestion">
              <p>
                <Trans i18nKey={KINDS[theirs.kind].words.suggestionOfTheirs} values={{ who: theirs.authorName, text: theirs.text }} components={{ b: <strong /> }} />
              </p>
              <p className="hint">
                {t(KINDS[mine.kind].words.yourCard, { text: mine.text })}
              </p>
              <Why sharedTerms={s.sharedTerms} />
              <SendPair offerId={s.offer.id} needId={s.need.id} label={t(KINDS[theirs.kind].words.respond)} sent={t("suggest.sent")} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** On someone else's post: the best posts of other people that could go with it. */
export function KnowWhoCouldHelp({ code, postId, kind, myId, authorId }: { code: string; postId: string; kind: PostKind; myId: string; authorId: string }) {
  const details = useRef<HTMLDetailsElement>(null);
  const t = useT();
  const [found, setFound] = useState<Suggestion[]>();
  const candidates = found
    ?.map((s) => s[KINDS[kind].pairs.counterpart])
    .filter((p) => p.participantId !== myId && p.participantId !== authorId);
  return (
    <details
      className="know-who"
      ref={details}
      onToggle={() => {
        if (!details.current?.open) return;
        fetchSuggestions(`/m/${code}/suggestions?post=${encodeURIComponent(postId)}`)
          .then((list) => setFound(list ?? []))
          .catch(() => setFound([]));
      }}
    >
      <summary className="button small secondary">{t(KINDS[kind].words.knowWho)}</summary>
      {!candidates ? (
        <p className="hint">{t("suggest.looking")}</p>
      ) : candidates.length === 0 ? (
        <p className="hint">{t("suggest.noFit")}</p>
      ) : (
        <ul className="suggestion-list">
          {candidates.map((p) => (
            <li key={p.id}>
              <p>
                <strong>{p.authorName}</strong>: “{p.text}”
              </p>
              <SendPair {...connectionPair({ id: postId, kind }, p.id)} label={t("suggest.suggest")} sent={t("suggest.sent")} />
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

/**
 * One button that asks an offer and a need to connect (the route's "pair" action: a phone's
 * suggestion, or the host's proposal), then says it was sent.
 */
export function SendPair({ offerId, needId, label, sent }: { offerId: string; needId: string; label: string; sent: string }) {
  const fetcher = useFetcher<ActionResult>();
  if (fetcher.data?.ok) return <p className="connection-state">{sent}</p>;
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="pair" />
      <input type="hidden" name="offerId" value={offerId} />
      <input type="hidden" name="needId" value={needId} />
      <button className="button small" type="submit" disabled={fetcher.state !== "idle"}>
        {label}
      </button>
      <FormError refusal={refusalOf(fetcher.data)} />
    </fetcher.Form>
  );
}
