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
import type { PublicConnection, PublicPost } from "../../server/market/views.ts";
import { LIMITS } from "../../server/market/field-limits.ts";

/** Sends an action through the phone's outbox. */
export type Queue = (action: OutboxAction) => Promise<SendResult>;
/** The tags translations may use around names and texts: <b>…</b> and <i>…</i>. */
const RICH = { b: <strong />, i: <em /> };

export function ConnectAction({ post, existing, myPosts, online, queue }: { post: PublicPost; existing?: PublicConnection; myPosts: PublicPost[]; online: boolean; queue: Queue }) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>();
  const [offlineNote, setOfflineNote] = useState<string>();
  const [queueRefusal, setQueueRefusal] = useState<RefusalBody>();
  // I answer a card with one of mine of its counterpart kind (a need with an offer, and back).
  const myKind = KINDS[post.kind].pairs.counterpart;
  const label = t(KINDS[post.kind].words.respond);
  if (existing) {
    return <p className="connection-state">{existing.status === "accepted" ? t("phone.connected") : t("phone.requestSent")}</p>;
  }
  // A request with one of my posts goes through the outbox: sent now, or kept on the phone and
  // sent when it is back online. Pairing with a new post needs the network (two steps).
  const sendThroughOutbox = (event: React.FormEvent<HTMLFormElement>) => {
    const mine = String(new FormData(event.currentTarget).get("myPostId") ?? "");
    if (!mine || mine === "new") {
      if (online) return; // the form's action writes the post and asks in one go
      event.preventDefault();
      setQueueRefusal(undefined);
      setOfflineNote(t("phone.offlinePick"));
      return;
    }
    event.preventDefault();
    const pair = connectionPair({ id: mine, kind: myKind }, post.id);
    setOfflineNote(undefined);
    void queue({ type: "connect", ...pair, label: t("phone.requestTo", { name: post.authorName }) }).then((result) =>
      setQueueRefusal(result.outcome === "refused" ? result.refusal : undefined),
    );
  };
  return (
    <details className="connect">
      <summary className="button small">{label}</summary>
      <fetcher.Form method="post" className="stack" onSubmit={sendThroughOutbox}>
        <input type="hidden" name="intent" value="connect" />
        <input type="hidden" name="targetId" value={post.id} />
        <input type="hidden" name="kind" value={myKind} />
        {myPosts.length > 0 ? (
          <>
            <label htmlFor={`mine-${post.id}`}>{t(KINDS[myKind].words.chooseMine)}</label>
            <select id={`mine-${post.id}`} name="myPostId" defaultValue={myPosts[0]?.id}>
              {myPosts.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.text.slice(0, 60)}
                </option>
              ))}
              <option value="new">{t("phone.somethingNew")}</option>
            </select>
          </>
        ) : (
          <input type="hidden" name="myPostId" value="new" />
        )}
        <label htmlFor={`new-${post.id}`}>{myPosts.length > 0 ? t("phone.orWrite") : t(KINDS[myKind].words.writeMine)}</label>
        <textarea id={`new-${post.id}`} name="text" rows={2} maxLength={LIMITS.postText} />
        <FormError refusal={refusalOf(fetcher.data) ?? queueRefusal} message={offlineNote} />
        {!online && <p className="hint">{t("phone.offlineRequest")}</p>}
        <button className="button" type="submit" disabled={fetcher.state !== "idle"}>
          {t("phone.sendRequest")}
        </button>
      </fetcher.Form>
    </details>
  );
}

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
