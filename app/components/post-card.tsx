import type React from "react";
import type { ReactNode } from "react";
import type { PublicPost } from "../../server/market/views.ts";

const WHERE_LABEL = { here: "in person, here", online: "online", place: "" } as const;

/** The format's descriptors as small chips; the category carries its market-wide colour. */
export function Descriptors({ post, color }: { post: PublicPost; color?: string }) {
  const where = post.where ? (post.where.kind === "place" ? post.where.place : WHERE_LABEL[post.where.kind]) : undefined;
  if (!post.category && !post.exchange && !post.urgency && !post.when && !where) return null;
  return (
    <ul className="descriptors" aria-label="Details">
      {post.category && (
        <li className="category-chip" style={color ? { background: color } : undefined} data-category={post.category}>
          {post.category}
        </li>
      )}
      {post.exchange && <li>{post.exchange}</li>}
      {post.urgency && <li className={`urgency ${post.urgency}`}>{post.urgency} urgency</li>}
      {post.when && <li>🕑 {post.when}</li>}
      {where && <li>📍 {where}</li>}
    </ul>
  );
}

export const KIND_LABEL = { offer: "Offer", need: "Need" } as const;

/** A card on the wall or a phone. Offers and needs differ by label, shape and colour. */
export function PostCard({ post, author, children, categoryColor }: { post: PublicPost; author: string; children?: ReactNode; categoryColor?: string }) {
  return (
    <article
      className={`post-card ${post.kind}${post.starred ? " starred" : ""}${post.hidden ? " hidden-post" : ""}`}
      data-post-id={post.id}
      data-kind={post.kind}
      style={categoryColor ? ({ "--cat": categoryColor } as React.CSSProperties) : undefined}
    >
      <p className="post-kind">
        <span aria-hidden="true">{post.kind === "offer" ? "▲" : "●"}</span> {KIND_LABEL[post.kind]}
        {post.starred && (
          <span className="star">
            <span aria-hidden="true"> ★</span>
            <span className="visually-hidden"> (most important)</span>
          </span>
        )}
      </p>
      <p className="post-text">{post.text}</p>
      <Descriptors post={post} color={categoryColor} />
      {post.tags.length > 0 && (
        <ul className="tags" aria-label="Tags">
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
