// What the projector wall shows: the newest cards of each kind, and how many there are. One pass
// from the newest end, stopping the collecting once each column is full: a wall of 2,000 posts
// costs a count, not a sort, on every card that arrives.
import type { PublicPost } from "../../server/market/views.ts";

export interface WallColumns {
  offers: PublicPost[];
  needs: PublicPost[];
  offerCount: number;
  needCount: number;
}

/** Posts are kept in the order they were created (the snapshot's and the events' order). */
export function wallColumns(posts: PublicPost[], perColumn: number): WallColumns {
  const wall: WallColumns = { offers: [], needs: [], offerCount: 0, needCount: 0 };
  for (let i = posts.length - 1; i >= 0; i--) {
    const post = posts[i]!;
    if (post.kind === "offer") {
      if (wall.offerCount++ < perColumn) wall.offers.push(post);
    } else if (wall.needCount++ < perColumn) {
      wall.needs.push(post);
    }
  }
  return wall;
}
