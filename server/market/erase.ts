// What leaving erases (the right to erasure): the person's name and contact, their posts, their
// side's text in connections, and every word about them in the moderation history (the old text
// of a post the host edited, a reason the host gave). Connections they were in stay for the other
// person, shown as "someone who left"; a request still waiting for an answer is withdrawn. They leave
// every dream's circle, the circles of their own dreams go with those dreams, and what they said
// happened after the market goes with them (circles.ts `eraseFromCircles`). The
// history keeps that the host acted, and when, without the words. The store compacts on a removal,
// so nothing erased lives on in its journal (docs/decisions/006).
import type { LoadedMarket } from "./loaded-market.ts";
import type { Circle, Connection, Participant, Post } from "./model.ts";
import { eraseFromCircles } from "./circles.ts";
import { sideOf } from "./connections.ts";

export interface Erasure {
  posts: Post[];
  connections: Connection[];
  /** Dreams' circles they were in that remain without them. */
  circles: Circle[];
}

export function eraseParticipant(loaded: LoadedMarket, participant: Participant, at: string): Erasure {
  const { market } = loaded;
  const id = participant.id;
  market.participants.splice(market.participants.indexOf(participant), 1);
  loaded.unindexParticipant(participant);

  const posts = market.posts.filter((post) => post.participantId === id);
  market.posts = market.posts.filter((post) => post.participantId !== id);
  for (const post of posts) loaded.unindexPost(post);
  // Cards written before their kind opened (drafts.ts) are theirs too.
  if (market.drafts) market.drafts = market.drafts.filter((draft) => draft.participantId !== id);

  const connections: Connection[] = [];
  for (const c of market.connections) {
    const side = sideOf(c, id);
    if (!side) continue;
    if (side === "offer") c.offerText = "";
    else c.needText = "";
    if (c.status === "pending") c.status = "declined";
    c.updatedAt = at;
    connections.push(c);
  }
  loaded.recountConnections();
  const circles = eraseFromCircles(market, id, posts.map((post) => post.id));

  const theirPosts = new Set(posts.map((post) => post.id));
  if (market.history?.some((entry) => entry.detail !== undefined && (entry.participantId === id || (entry.postId && theirPosts.has(entry.postId))))) {
    market.history = market.history.map((entry) => {
      if (entry.participantId !== id && !(entry.postId && theirPosts.has(entry.postId))) return entry;
      const { detail: _erased, ...rest } = entry;
      return rest;
    });
  }
  return { posts, connections, circles };
}

