// Who may see what, and what the room counts. Each idea is defined here once and used by the
// views, the live events, the exports, the suggestions and the matcher, on the server and on the
// screens (this module is pure, so the client bundles it too). Works on the stored shapes and the
// public ones alike.
import type { ConnectionStatus } from "./model.ts";
import { perKind, pluralOf, type KindPlural, type PostKind } from "./kinds.ts";

/** The room's counts: people, cards on the wall per kind (`offers`, `needs`), connections. */
export type MarketCounts = {
  participants: number;
  connections: number;
  pendingConnections: number;
} & Record<KindPlural, number>;

/** On the wall: a post the host has not hidden (a removed person's posts are hidden too). */
export const onWall = (post: { hidden?: unknown }): boolean => !post.hidden;

/** In the room: a participant the host has not removed. */
export const inRoom = (participant: { removedAt?: string }): boolean => !participant.removedAt;

/**
 * Who may see a post: everyone (participants, the projector, the host's wall) while it is on the
 * wall; once hidden, its author alone, marked hidden. The host reviews hidden posts in the
 * moderation view, not on the wall.
 */
export function visibleTo(post: { hidden?: unknown; participantId: string }, viewerId: string | undefined): boolean {
  return onWall(post) || post.participantId === viewerId;
}

/**
 * The room's counts: people in the room, offers and needs on the wall, accepted and pending
 * connections. Kept up to date change by change by a loaded market (so an event's counts cost
 * O(1)), and built by a scan for a market that is not loaded: the same rules either way.
 */
export class RoomCounts {
  /** The kind each post on the wall is counted under, by post id. */
  private readonly counted = new Map<string, PostKind>();
  private readonly present = new Set<string>();
  private readonly onWallByKind = perKind(() => 0);
  private connections = 0;
  private pendingConnections = 0;

  /** Counts a post, or recounts it after a hide, an unhide or an edit. */
  trackPost(post: { id: string; kind: PostKind; hidden?: unknown }): void {
    this.untrackPost(post.id);
    if (!onWall(post)) return;
    this.counted.set(post.id, post.kind);
    this.onWallByKind[pluralOf(post.kind)]++;
  }

  untrackPost(postId: string): void {
    const was = this.counted.get(postId);
    if (!was) return;
    this.counted.delete(postId);
    this.onWallByKind[pluralOf(was)]--;
  }

  /** Counts a participant, or recounts them after their removal. */
  trackParticipant(participant: { id: string; removedAt?: string }): void {
    if (inRoom(participant)) this.present.add(participant.id);
    else this.present.delete(participant.id);
  }

  untrackParticipant(participantId: string): void {
    this.present.delete(participantId);
  }

  /** Connections change rarely (one request or answer at a time); a scan of them is fine. */
  trackConnections(connections: ReadonlyArray<{ status: ConnectionStatus }>): void {
    this.connections = 0;
    this.pendingConnections = 0;
    for (const c of connections) {
      if (c.status === "accepted") this.connections++;
      else if (c.status === "pending") this.pendingConnections++;
    }
  }

  counts(): MarketCounts {
    return {
      participants: this.present.size,
      ...this.onWallByKind,
      connections: this.connections,
      pendingConnections: this.pendingConnections,
    };
  }
}

type Countable = {
  participants: ReadonlyArray<{ id: string; removedAt?: string }>;
  posts: ReadonlyArray<{ id: string; kind: PostKind; hidden?: unknown }>;
  connections: ReadonlyArray<{ status: ConnectionStatus }>;
};

/** The counts of a market (or of a snapshot) that no one keeps up to date: one scan. */
export function countsOf(market: Countable): MarketCounts {
  const counts = new RoomCounts();
  for (const p of market.participants) counts.trackParticipant(p);
  for (const post of market.posts) counts.trackPost(post);
  counts.trackConnections(market.connections);
  return counts.counts();
}

/**
 * Still open: a post on the wall with no accepted connection yet. A pending request may still be
 * declined, so its posts stay open. The wall's read-out and the host's printed summary both use
 * this, in the read-out's order: starred needs first, then the most urgent, then the oldest.
 */
export function stillOpenPosts<P extends StillOpenCandidate>(posts: readonly P[], connections: ReadonlyArray<{ status: ConnectionStatus; offerId: string; needId: string }>): P[] {
  const connected = new Set<string>();
  for (const c of connections) {
    if (c.status !== "accepted") continue;
    connected.add(c.offerId);
    connected.add(c.needId);
  }
  const urgency = { high: 0, medium: 1, low: 2 } as const;
  return posts
    .filter((post) => onWall(post) && !connected.has(post.id))
    .sort(
      (a, b) =>
        Number(Boolean(b.starred)) - Number(Boolean(a.starred)) ||
        (a.urgency ? urgency[a.urgency] : 3) - (b.urgency ? urgency[b.urgency] : 3) ||
        a.createdAt.localeCompare(b.createdAt),
    );
}

interface StillOpenCandidate {
  id: string;
  hidden?: unknown;
  starred?: unknown;
  urgency?: "high" | "medium" | "low";
  createdAt: string;
}
