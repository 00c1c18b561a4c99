// What the phone has not sent yet: posts and actions waiting in the outbox, and what the server
// refused when they were resent, until read.
import { PostCard } from "~/components/post-card";
import { useT } from "~/lib/i18n";
import type { OutboxItem } from "~/lib/outbox";
import { useRefusal } from "~/lib/refusal";
import type { PublicPost } from "../../server/market/views.ts";

/** The outbox's section: each post or action not yet acknowledged, and where it is. */
export function NotSentYet({ items, meId, online, dismiss }: { items: OutboxItem[]; meId: string; online: boolean; dismiss: (clientId: string) => void }) {
  const t = useT();
  // Said once for the whole outbox: how many wait, and whether the phone can send them now.
  const waiting = items.filter((item) => item.state === "waiting" || item.state === "sending").length;
  return (
    <section id="outbox" aria-labelledby="outbox-heading">
      <h2 id="outbox-heading">{t("phone.notSent")}</h2>
      {waiting > 0 && (
        <p className="hint" role="status" data-testid="outbox-waiting">
          {t("phone.waitingToSend", { count: waiting })} — {online ? t("phone.sending") : t("phone.waitingForConnection")}
        </p>
      )}
      <div className="card-list outbox">
        {items.map((item) =>
          item.type === "post" ? (
            <QueuedPost key={item.clientId} item={item} meId={meId} online={online} dismiss={dismiss} />
          ) : item.state === "refused" ? (
            <div key={item.clientId} className="queued-action" data-testid="queued-action" data-state={item.state}>
              <p>{item.label}</p>
              <RefusedLater item={item} dismiss={dismiss} />
            </div>
          ) : (
            <p key={item.clientId} className="queued-action" data-testid="queued-action" data-state={item.state} role="status">
              {item.label}: {item.state === "waiting" && !online ? t("phone.waitingForConnection") : t("phone.sending")}
            </p>
          ),
        )}
      </div>
    </section>
  );
}

function QueuedPost({ item, meId, online, dismiss }: { item: OutboxItem & { type: "post" }; meId: string; online: boolean; dismiss: (clientId: string) => void }) {
  const t = useT();
  const post: PublicPost = { id: item.clientId, kind: item.kind, text: item.text, tags: item.tags, participantId: meId, authorName: t("phone.you"), createdAt: item.createdAt };
  const where = item.state === "sent" ? t("phone.sent") : item.state === "sending" || online ? t("phone.sendingState") : t("phone.waitingState");
  return (
    <div className={`queued-post ${item.state}`} data-testid="queued-post" data-state={item.state}>
      <PostCard post={post} author={t("phone.you")}>
        {item.state === "refused" ? (
          <RefusedLater item={item} dismiss={dismiss} />
        ) : (
          <p className="queued-state" role="status">
            {where}
          </p>
        )}
      </PostCard>
    </div>
  );
}

/** Why the server refused something the phone resent later (the market closed meanwhile…), until read. */
function RefusedLater({ item, dismiss }: { item: OutboxItem; dismiss: (clientId: string) => void }) {
  const t = useT();
  const reason = useRefusal()(item.refusal)?.message ?? "";
  return (
    <div className="refused-later">
      <p className="error" role="alert">
        {t("phone.refusedLater", { reason })}
      </p>
      <button type="button" className="button small secondary" onClick={() => dismiss(item.clientId)}>
        {t("phone.dismiss")}
      </button>
    </div>
  );
}
