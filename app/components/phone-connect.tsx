// Asking to connect from a post on the phone, and answering someone's request.
import { useFetcher } from "@remix-run/react";
import { useState } from "react";
import { Trans } from "react-i18next";
import { FormError } from "~/components/form-error";
import { useT } from "~/lib/i18n";
import type { OutboxAction, SendResult } from "~/lib/outbox";
import { refusalOf, type RefusalBody } from "~/lib/refusal";
import type { ActionResult } from "~/lib/route-helpers.server";
import { connectionPair, KINDS, OTHER_SIDE, type Side } from "../../server/market/kinds.ts";
import type { Draft } from "../../server/market/model.ts";
import type { PublicConnection, PublicPost } from "../../server/market/views.ts";
import { LIMITS } from "../../server/market/field-limits.ts";

/** Sends an action through the phone's outbox. */
export type Queue = (action: OutboxAction) => Promise<SendResult>;
/** The tags translations may use around names and texts: <b>…</b> and <i>…</i>. */
const RICH = { b: <strong />, i: <em /> };

/**
 * "I can help" on a need, "I'm interested" on an offer: one choice of what to answer with, one of
 * my posts of the other kind or a new one written here (typing in it chooses it), and what is sent
 * is what was chosen. A new card whose kind is not open yet waits as a draft and goes out, with
 * its request, when it opens (server/market/drafts.ts).
 */
export function ConnectAction({ post, existing, draft, myPosts, online, queue, clientId }: { post: PublicPost; existing?: PublicConnection; draft?: Draft; myPosts: PublicPost[]; online: boolean; queue: Queue; clientId: string }) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>();
  const [offlineNote, setOfflineNote] = useState<string>();
  const [queueRefusal, setQueueRefusal] = useState<RefusalBody>();
  const [choice, setChoice] = useState<string>();
  // I answer a card with one of mine of its counterpart kind (a need with an offer, and back).
  const myKind = KINDS[post.kind].pairs?.counterpart;
  const label = t(KINDS[post.kind].words.respond);
  // A card that does not pair (a dream) is answered by gathering (dream-gather.tsx).
  if (!myKind) return null;
  if (existing) {
    return (
      <p className="connection-state" role="status">
        {existing.status === "accepted" ? t("phone.connected") : t("phone.waitingFor", { name: post.authorName })}
      </p>
    );
  }
  if (draft) {
    return (
      <p className="connection-state" role="status">
        {t(KINDS[draft.kind].words.keptForLater)}
      </p>
    );
  }
  // Until the person picks, their first post of the kind (it may arrive after this card did).
  const chosen = choice === NEW || myPosts.some((p) => p.id === choice) ? choice! : (myPosts[0]?.id ?? NEW);
  // A request with one of my posts goes through the outbox: sent now, or kept on the phone and
  // sent when it is back online. A new card needs the network (the server posts or keeps it).
  const send = (event: React.FormEvent<HTMLFormElement>) => {
    if (chosen === NEW) {
      if (online) return; // the form's action writes the card and asks in one go
      event.preventDefault();
      setQueueRefusal(undefined);
      setOfflineNote(t("phone.offlinePick"));
      return;
    }
    event.preventDefault();
    const pair = connectionPair({ id: chosen, kind: myKind }, post.id);
    setOfflineNote(undefined);
    void queue({ type: "connect", ...pair, label: t("phone.requestTo", { name: post.authorName }) }).then((result) =>
      setQueueRefusal(result.outcome === "refused" ? result.refusal : undefined),
    );
  };
  const newLabel = t(KINDS[myKind].words.writeMine);
  return (
    <details className="connect">
      <summary className="button small">{label}</summary>
      <fetcher.Form method="post" className="stack" onSubmit={send}>
        <input type="hidden" name="intent" value="connect" />
        <input type="hidden" name="targetId" value={post.id} />
        <input type="hidden" name="kind" value={myKind} />
        <input type="hidden" name="clientId" value={clientId} />
        {myPosts.length > 0 ? (
          <fieldset className="answer-choice">
            <legend>{t(KINDS[myKind].words.chooseMine)}</legend>
            {myPosts.map((p) => (
              <label key={p.id} className="choice">
                <input type="radio" name="myPostId" value={p.id} checked={chosen === p.id} onChange={() => setChoice(p.id)} /> <span>{p.text}</span>
              </label>
            ))}
            <label className="choice">
              <input type="radio" name="myPostId" value={NEW} checked={chosen === NEW} onChange={() => setChoice(NEW)} /> <span>{t("phone.somethingNew")}</span>
            </label>
          </fieldset>
        ) : (
          <input type="hidden" name="myPostId" value={NEW} />
        )}
        <label htmlFor={`new-${post.id}`} className={myPosts.length > 0 ? "visually-hidden" : undefined}>
          {newLabel}
        </label>
        {/* Typing here chooses "something new": what is sent is what was typed. */}
        <textarea id={`new-${post.id}`} name="text" rows={2} maxLength={LIMITS.postText} placeholder={myPosts.length > 0 ? newLabel : undefined} onFocus={() => setChoice(NEW)} onInput={() => setChoice(NEW)} />
        <FormError refusal={refusalOf(fetcher.data) ?? queueRefusal} message={offlineNote} />
        {!online && <p className="hint">{t("phone.offlineRequest")}</p>}
        <button className="button" type="submit" disabled={fetcher.state !== "idle"}>
          {t("phone.sendRequest")}
        </button>
      </fetcher.Form>
    </details>
  );
}

/** The choice "write a new card" in the form (the route reads it too). */
export const NEW = "new";

export function ConnectionRequest({ connection: c, side, online, queue }: { connection: PublicConnection; side: Side; online: boolean; queue: Queue }) {
  const fetcher = useFetcher<ActionResult>();
  const [refusal, setRefusal] = useState<RefusalBody>();
  const [queuedAnswer, setQueuedAnswer] = useState<"accept" | "decline">();
  const t = useT();
  const who = c[`${OTHER_SIDE[side]}AuthorName` as const];
  const pair = { who, offer: c.offerText, need: c.needText };
  return (
    <li className="request" data-testid="connection-request">
      <p>
        {c.requestedBy !== c.offerParticipantId && c.requestedBy !== c.needParticipantId ? (
          <>
            {c.requestedBy === "host" ? t("phone.hostSuggests") : t("phone.roomSuggests")}
            <Trans i18nKey={KINDS[side].words.hostSuggestsForMine} values={pair} components={RICH} />
          </>
        ) : (
          <Trans i18nKey={KINDS[side].words.requestToMine} values={pair} components={RICH} />
        )}
      </p>
      {queuedAnswer ? (
        <p className="hint" role="status">
          {online ? t(queuedAnswer === "accept" ? "phone.accepted" : "phone.declined") : t(queuedAnswer === "accept" ? "phone.acceptedOffline" : "phone.declinedOffline")}
        </p>
      ) : (
        <fetcher.Form
          method="post"
          className="button-row"
          onSubmit={(event) => {
            // Answers go through the outbox: sent now, or kept and sent when back online
            // (answering twice is harmless).
            event.preventDefault();
            const answer = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("value") === "decline" ? "decline" : "accept";
            setQueuedAnswer(answer);
            void queue({ type: "answer", connectionId: c.id, answer, label: t(answer === "accept" ? "phone.acceptWho" : "phone.declineWho", { name: who }) }).then((result) => {
              if (result.outcome === "refused") {
                setQueuedAnswer(undefined);
                setRefusal(result.refusal);
              }
            });
          }}
        >
          <input type="hidden" name="connectionId" value={c.id} />
          <button className="button" type="submit" name="intent" value="accept" disabled={fetcher.state !== "idle"}>
            {t("phone.accept")}
          </button>
          <button className="button secondary" type="submit" name="intent" value="decline" disabled={fetcher.state !== "idle"}>
            {t("phone.decline")}
          </button>
        </fetcher.Form>
      )}
      <FormError refusal={refusalOf(fetcher.data) ?? refusal} />
    </li>
  );
}

/** The connections I said yes to that wait for the other side: "Waiting for Ana to say yes". */
export function WaitingForYes({ connections, side }: { connections: PublicConnection[]; side: (c: PublicConnection) => Side }) {
  const t = useT();
  if (connections.length === 0) return null;
  return (
    <section className="card waiting" aria-labelledby="waiting-heading" data-testid="waiting-for-yes">
      <h2 id="waiting-heading">{t("phone.waitingAnswer")}</h2>
      <ul className="plain-list">
        {connections.map((c) => {
          const theirs = OTHER_SIDE[side(c)];
          return (
            <li key={c.id}>
              {t("phone.waitingFor", { name: c[`${theirs}AuthorName` as const] })}: “{c[`${theirs}Text` as const]}”
            </li>
          );
        })}
      </ul>
    </section>
  );
}
