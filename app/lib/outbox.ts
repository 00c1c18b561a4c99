// The phone's outbox: a post, a connection request or an answer is kept on the phone
// (localStorage) until the server has acknowledged it. Offline, it waits ("waiting for
// connection") and is resent when the phone is back online or its live connection returns. Each
// is safe to send twice: a post carries its client id, a request names its offer-need pair, an
// answer names its connection, and the server applies each once.
import { nanoid } from "nanoid";
import { useCallback, useEffect, useRef, useState } from "react";
import type { PostKind } from "../../server/market/kinds.ts";
import { isRefusalBody, resendAfterMs, type RefusalBody } from "./refusal";

export interface NewPost {
  kind: PostKind;
  text: string;
  tags: string[];
  /** Optional descriptors (category, exchange, urgency, when, where), as the API takes them. */
  descriptors?: Record<string, unknown>;
}

/** What the phone can send while it may be offline. */
export type OutboxAction =
  | ({ type: "post" } & NewPost)
  | { type: "connect"; offerId: string; needId: string; label: string }
  | { type: "answer"; connectionId: string; answer: "accept" | "decline"; label: string };

export type OutboxItem = OutboxAction & {
  clientId: string;
  createdAt: string;
  /** "refused": the server said no when it was resent later; kept, with why, until dismissed. */
  state: "sending" | "waiting" | "sent" | "refused";
  /** The stored post's id once acknowledged (kept until the screen shows the post). */
  postId?: string;
  refusal?: RefusalBody;
}

export type SendResult = { outcome: "sent" } | { outcome: "queued" } | { outcome: "refused"; refusal: RefusalBody };

/**
 * One outbox per market and person: what one person left unsent (say, offline when the host reset a
 * rehearsal) is never sent as the next person who joins on this phone; it waits for its own person,
 * who finds it again on coming back by their personal code.
 */
const storageKey = (code: string, participantId: string) => `onm-outbox-${code}-${participantId}`;

/** Drops what this person still meant to send to a market (a rehearsal that was reset). */
export function forgetOutbox(code: string, participantId: string): void {
  try {
    localStorage.removeItem(storageKey(code, participantId));
  } catch {
    // Nothing stored, or no storage: nothing to forget.
  }
}

function load(code: string, participantId: string): OutboxItem[] {
  try {
    const items = JSON.parse(localStorage.getItem(storageKey(code, participantId)) ?? "[]") as OutboxItem[];
    // Items saved before actions were queued are posts.
    return items.map((item) => ({ ...item, type: item.type ?? "post", ...(item.state === "sending" ? { state: "waiting" as const } : {}) }) as OutboxItem);
  } catch {
    return [];
  }
}

export function useOutbox(code: string, participantId: string, onSent: () => void) {
  const [items, setItems] = useState<OutboxItem[]>([]);
  const itemsRef = useRef<OutboxItem[]>([]);
  const flushing = useRef(false);
  const retryTimer = useRef<ReturnType<typeof setTimeout>>();
  const onSentRef = useRef(onSent);
  onSentRef.current = onSent;

  const update = useCallback(
    (next: OutboxItem[]) => {
      itemsRef.current = next;
      setItems(next);
      try {
        localStorage.setItem(storageKey(code, participantId), JSON.stringify(next.filter((item) => item.state !== "sent")));
      } catch {
        // Private mode or a full store: the queue still lives for this page.
      }
    },
    [code, participantId],
  );
  const patch = (clientId: string, change: Partial<Pick<OutboxItem, "state" | "postId" | "refusal">> | null) =>
    update(change === null ? itemsRef.current.filter((i) => i.clientId !== clientId) : itemsRef.current.map((i) => (i.clientId === clientId ? ({ ...i, ...change } as OutboxItem) : i)));

  /**
   * One attempt to deliver one item. A refusal of an item sent now is the caller's to show; one
   * of an item resent later (nobody is waiting on it) stays in the outbox with its reason.
   */
  const deliver = async (item: OutboxItem, resent: boolean): Promise<SendResult> => {
    patch(item.clientId, { state: "sending" });
    let response: Response;
    try {
      const { path, body } = requestFor(code, item);
      response = await fetch(path, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    } catch {
      patch(item.clientId, { state: "waiting" });
      return { outcome: "queued" };
    }
    const body = (await response.json().catch(() => ({}))) as { post?: { id: string }; error?: RefusalBody };
    if (response.ok) {
      patch(item.clientId, { state: "sent", postId: body.post?.id });
      onSentRef.current();
      return { outcome: "sent" };
    }
    const resendAfter = resendAfterMs(response.status, response.headers.get("retry-after"));
    if (resendAfter !== undefined) {
      // Busy or rate limited: keep it and try again after the time the server asks for.
      clearTimeout(retryTimer.current);
      retryTimer.current = setTimeout(() => void flush(), resendAfter);
      patch(item.clientId, { state: "waiting" });
      return { outcome: "queued" };
    }
    const refusal = isRefusalBody(body.error) ? body.error : { code: "internal", message: `HTTP ${response.status}` };
    patch(item.clientId, resent ? { state: "refused", refusal } : null);
    return { outcome: "refused", refusal };
  };

  /** Sends whatever is waiting, oldest first, one at a time. */
  const flush = useCallback(async () => {
    if (flushing.current) return;
    flushing.current = true;
    try {
      for (const item of itemsRef.current.filter((i) => i.state === "waiting")) {
        if ((await deliver(item, true)).outcome === "queued") break;
      }
    } finally {
      flushing.current = false;
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [code]);

  useEffect(() => {
    update(load(code, participantId));
    void flush();
    const online = () => void flush();
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      clearTimeout(retryTimer.current);
    };
  }, [code, update, flush]);

  /** Queues a post or an action and tries to send it now. */
  const send = async (action: OutboxAction): Promise<SendResult> => {
    const item = { ...action, clientId: nanoid(16), createdAt: new Date().toISOString(), state: "waiting" } as OutboxItem;
    update([...itemsRef.current, item]);
    if (flushing.current || itemsRef.current.some((i) => i.state === "waiting" && i.clientId !== item.clientId)) {
      void flush();
      return { outcome: "queued" };
    }
    return deliver(item, false);
  };

  /** Forgets a refused item once its person has read why. */
  const dismiss = (clientId: string) => patch(clientId, null);

  /** Forgets acknowledged items: posts once the screen shows them, actions at once. */
  const settle = useCallback(
    (shownPostIds: Set<string>) => {
      const done = itemsRef.current.filter((i) => i.state === "sent" && (i.type !== "post" || (i.postId && shownPostIds.has(i.postId))));
      if (done.length) update(itemsRef.current.filter((i) => !done.includes(i)));
    },
    [update],
  );

  return { items, send, flush, settle, dismiss };
}

/** The API call that carries one outbox item. */
function requestFor(code: string, item: OutboxItem): { path: string; body: unknown } {
  const market = `/api/markets/${encodeURIComponent(code)}`;
  switch (item.type) {
    case "post":
      return { path: `${market}/posts`, body: { ...item.descriptors, kind: item.kind, text: item.text, tags: item.tags, clientId: item.clientId } };
    case "connect":
      return { path: `${market}/connections`, body: { offerId: item.offerId, needId: item.needId } };
    case "answer":
      return { path: `${market}/connections/${encodeURIComponent(item.connectionId)}/${item.answer}`, body: {} };
  }
}
