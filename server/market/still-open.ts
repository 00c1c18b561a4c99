// The "still open" read-out and the harvest figures. Pure helpers over public data, used by the
// service's API and by the screens alike.
import type { PublicConnection, PublicParticipant, PublicPost } from "./views.ts";

/**
 * Offers and needs with no connection yet (pending or accepted), starred needs first, then the
 * most urgent, then the oldest: the order of the final read-out.
 */
export function stillOpen(posts: PublicPost[], connections: PublicConnection[]): { offers: PublicPost[]; needs: PublicPost[] } {
  const connected = new Set<string>();
  for (const c of connections) {
    if (c.status === "declined") continue;
    connected.add(c.offerId);
    connected.add(c.needId);
  }
  const urgency = { high: 0, medium: 1, low: 2 } as const;
  const open = posts
    .filter((post) => !post.hidden && !connected.has(post.id))
    .sort(
      (a, b) =>
        Number(Boolean(b.starred)) - Number(Boolean(a.starred)) ||
        (a.urgency ? urgency[a.urgency] : 3) - (b.urgency ? urgency[b.urgency] : 3) ||
        a.createdAt.localeCompare(b.createdAt),
    );
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
  const visible = posts.filter((p) => !p.hidden);
  return {
    people: participants.length,
    offers: visible.filter((p) => p.kind === "offer").length,
    needs: visible.filter((p) => p.kind === "need").length,
    connections: accepted,
    connectedPeople,
    connectedShare: participants.length ? connectedPeople / participants.length : 0,
  };
}
