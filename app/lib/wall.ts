// What the projector wall shows: each kind's cards, newest first. Posts are kept in the order they
// were created (the snapshot's and the events' order), so one pass from the newest end does it:
// a wall of 2,000 posts costs a walk, not a sort, on every burst of cards that arrives.
import { perKind, pluralOf, type KindPlural } from "../../server/market/kinds.ts";
import type { PublicPost } from "../../server/market/views.ts";

/** One column per kind of card, named by the kind's plural (`offers`, `needs`). */
export type WallColumns = Record<KindPlural, PublicPost[]>;

export function wallColumns(posts: PublicPost[], keep: (post: PublicPost) => boolean = () => true): WallColumns {
  const wall = perKind((): PublicPost[] => []);
  for (let i = posts.length - 1; i >= 0; i--) {
    const post = posts[i]!;
    if (keep(post)) wall[pluralOf(post.kind)].push(post);
  }
  return wall;
}
