// What the projector wall shows: each kind's cards, newest first. Posts are kept in the order they
// were created (the snapshot's and the events' order), so one pass from the newest end does it:
// a wall of 2,000 posts costs a walk, not a sort, on every burst of cards that arrives.
import type { PublicPost } from "../../server/market/views.ts";

export interface WallColumns {
  offers: PublicPost[];
  needs: PublicPost[];
}

export function wallColumns(posts: PublicPost[], keep: (post: PublicPost) => boolean = () => true): WallColumns {
  const wall: WallColumns = { offers: [], needs: [] };
  for (let i = posts.length - 1; i >= 0; i--) {
    const post = posts[i]!;
    if (keep(post)) (post.kind === "offer" ? wall.offers : wall.needs).push(post);
  }
  return wall;
}
