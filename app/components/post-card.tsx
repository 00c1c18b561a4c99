import type { ReactNode } from "react";
import type { PublicPost } from "../../server/market/views.ts";

export const KIND_LABEL = { offer: "Offer", need: "Need" } as const;

/** A card on the wall or a phone. Offers and needs differ by label, shape and colour. */
export function PostCard({ post, author, children }: { post: PublicPost; author: string; children?: ReactNode }) {
  return (
    <article className={`post-card ${post.kind}`} data-post-id={post.id} data-kind={post.kind}>
      <p className="post-kind">
        <span aria-hidden="true">{post.kind === "offer" ? "▲" : "●"}</span> {KIND_LABEL[post.kind]}
      </p>
      <p className="post-text">{post.text}</p>
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
