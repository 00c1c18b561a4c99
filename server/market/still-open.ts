// The "still open" read-out and the harvest figures. Pure helpers over public data, used by the
// service's API and by the screens alike.
import type { PublicConnection, PublicParticipant, PublicPost } from "./views.ts";
import { countsOf, stillOpenPosts } from "./visibility.ts";

/** What is still open (visibility.ts defines it), split into offers and needs for the read-out. */
export function stillOpen(posts: PublicPost[], connections: PublicConnection[]): { offers: PublicPost[]; needs: PublicPost[] } {
  const open = stillOpenPosts(posts, connections);
  return { offers: open.filter((p) => p.kind === "offer"), needs: open.filter((p) => p.kind === "need") };
}

export interface HarvestStats {
  people: number;
  offers: number;
  needs: number;
  connections: number;
  /** People with at least one accepted connection. Never who: the room, not a ranking. */
  connectedPeople: number;
  /** connectedPeople / people, 0..1. */
  connectedShare: number;
}

export function harvestStats(participants: PublicParticipant[], posts: PublicPost[], connections: PublicConnection[]): HarvestStats {
  const connectedIds = new Set<string>();
  let accepted = 0;
  for (const c of connections) {
    if (c.status !== "accepted") continue;
    accepted++;
    connectedIds.add(c.offerParticipantId);
    connectedIds.add(c.needParticipantId);
  }
  const here = new Set(participants.map((p) => p.id));
  const connectedPeople = [...connectedIds].filter((id) => here.has(id)).length;
  const { offers, needs } = countsOf({ participants, posts, connections });
  return {
    people: participants.length,
    offers,
    needs,
    connections: accepted,
    connectedPeople,
    connectedShare: participants.length ? connectedPeople / participants.length : 0,
  };
}
