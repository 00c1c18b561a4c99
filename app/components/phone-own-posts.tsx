// What a person can do with what is theirs: edit, star or delete a post; leave the market.
import { useFetcher } from "@remix-run/react";
import { FormError } from "~/components/form-error";
import { useT } from "~/lib/i18n";
import { refusalOf } from "~/lib/refusal";
import type { ActionResult } from "~/lib/route-helpers.server";
import { takes } from "../../server/market/kinds.ts";
import type { PublicPost } from "../../server/market/views.ts";
import { LIMITS } from "../../server/market/field-limits.ts";

/** `canStar`: the stage asks people to star their one most important need (a star can always be taken off). */
export function OwnPostActions({ post, online, canStar }: { post: PublicPost; online: boolean; canStar: boolean }) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>();
  return (
    <div className="own-actions">
      <details>
        <summary className="button small secondary">{t("phone.edit")}</summary>
        <fetcher.Form method="post" className="stack">
          <input type="hidden" name="intent" value="edit" />
          <input type="hidden" name="postId" value={post.id} />
          <label htmlFor={`edit-${post.id}`}>{t("phone.text")}</label>
          <textarea id={`edit-${post.id}`} name="text" rows={3} maxLength={LIMITS.postText} defaultValue={post.text} />
          <label htmlFor={`edit-tags-${post.id}`}>{t("phone.tags")}</label>
          <input id={`edit-tags-${post.id}`} name="tags" defaultValue={post.tags.join(", ")} />
          <button className="button" type="submit" disabled={fetcher.state !== "idle" || !online}>
            {t("phone.save")}
          </button>
        </fetcher.Form>
      </details>
      {takes(post.kind, "starred") && (canStar || post.starred) && (
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="star" />
          <input type="hidden" name="postId" value={post.id} />
          <button className="button small secondary" type="submit" aria-pressed={Boolean(post.starred)} disabled={fetcher.state !== "idle"}>
            {post.starred ? t("phone.starred") : t("phone.star")}
          </button>
        </fetcher.Form>
      )}
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="delete" />
        <input type="hidden" name="postId" value={post.id} />
        <button className="button small danger" type="submit" disabled={fetcher.state !== "idle" || !online}>
          {t("phone.delete")}
        </button>
      </fetcher.Form>
      <FormError refusal={refusalOf(fetcher.data)} />
    </div>
  );
}

/** Leave and erase, on the phone page; also on the join page for a person the host removed, who keeps that right. */
export function LeaveMarket({ note, open = false }: { note?: string; open?: boolean }) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>();
  return (
    <section className="card leave" aria-labelledby="leave-heading">
      {note && (
        <p className="notice" role="status">
          {note}
        </p>
      )}
      <details open={open}>
        <summary id="leave-heading" className="button small danger">
          {t("phone.leave")}
        </summary>
        <div className="stack">
          <p>{t("phone.leaveBody")}</p>
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="leave" />
            <button className="button danger" type="submit" disabled={fetcher.state !== "idle"}>
              {t("phone.leaveConfirm")}
            </button>
          </fetcher.Form>
          <FormError refusal={refusalOf(fetcher.data)} />
        </div>
      </details>
    </section>
  );
}
