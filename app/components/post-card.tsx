import type React from "react";
import type { ReactNode } from "react";
import { KINDS, type PostKind } from "../../server/market/kinds.ts";
import type { PublicPost } from "../../server/market/views.ts";
import { KindIcon } from "~/components/kind-icon";
import type { TFunction } from "i18next";
import { useDataText, useT } from "~/lib/i18n";
import { Icon } from "~/components/icon";


/** The format's descriptors as small chips; the category carries its market-wide colour. */
export function Descriptors({ post, color }: { post: PublicPost; color?: string }) {
  const t = useT();
  const { value } = useDataText();
  const where = post.where ? (post.where.kind === "place" ? post.where.place : post.where.kind === "here" ? t("post.whereHere") : t("post.whereOnline")) : undefined;
  if (!post.category && !post.exchange && !post.urgency && !post.when && !where) return null;
  return (
    <ul className="descriptors" aria-label={t("post.details")}>
      {post.category && (
        <li className="category-chip" style={color ? { background: color } : undefined} data-category={post.category}>
          {value(post.category)}
        </li>
      )}
      {post.exchange && <li>{value(post.exchange)}</li>}
      {post.urgency && <li className={`urgency ${post.urgency}`}>{t("post.urgency", { urgency: value(post.urgency) })}</li>}
      {post.when && (
        <li>
          <Icon name="clock" /> {post.when}
        </li>
      )}
      {where && (
        <li>
          <Icon name="pin" /> {where}
        </li>
      )}
    </ul>
  );
}

/** "Offer" or "Need" in the page's language. */
export const kindLabel = (kind: PostKind, t: TFunction) => t(KINDS[kind].words.label);

/**
 * A card on the wall or a phone. Offers and needs differ by label, shape and colour. `anchor`: the
 * card's id in the page, for a link that lands on it.
 */
export function PostCard({ post, author, children, categoryColor, anchor }: { post: PublicPost; author: string; children?: ReactNode; categoryColor?: string; anchor?: string }) {
  const t = useT();
  return (
    <article
      className={`post-card ${post.kind}${post.starred ? " starred" : ""}${post.hidden ? " hidden-post" : ""}`}
      id={anchor}
      data-post-id={post.id}
      data-kind={post.kind}
      style={categoryColor ? ({ "--cat": categoryColor } as React.CSSProperties) : undefined}
    >
      <p className="post-kind">
        <KindIcon kind={post.kind} /> {kindLabel(post.kind, t)}
        {post.starred && (
          <span className="star">
            <Icon name="star" />
            <span className="visually-hidden">{t("post.mostImportant")}</span>
          </span>
        )}
      </p>
      <p className="post-text">{post.text}</p>
      <Descriptors post={post} color={categoryColor} />
      {post.tags.length > 0 && (
        <ul className="tags" aria-label={t("post.tags")}>
          {post.tags.map((tag) => (
            <li key={tag}>#{tag}</li>
          ))}
        </ul>
      )}
      <p className="post-author">— {author}</p>
      {children}
    </article>
  );
}
