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

/**
 * Where a page of the wall starts: at the card it started with, found again after cards arrived
 * or left (the list is newest first, so indexes shift); at the newest card when it is gone.
 */
export function pageStart(list: readonly PublicPost[], firstId: string | undefined): number {
  if (!firstId) return 0;
  return Math.max(0, list.findIndex((post) => post.id === firstId));
}

/**
 * The first card of the next page: the one after the `shown` cards from `start`, or the newest
 * again once every card had its turn. Undefined means "from the newest".
 */
export function nextPageFirstId(list: readonly PublicPost[], start: number, shown: number): string | undefined {
  return list[start + Math.max(1, shown)]?.id;
}
