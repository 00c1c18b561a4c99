// What each audience may see of a market. Contact details appear in exactly two places:
// a participant's own follow-ups (accepted connections only) and the host's exports (with consent).
import type { Connection, Market, Participant, Phase, Post, PostKind } from "./model.ts";

export interface PublicParticipant {
  id: string;
  name: string;
  joinedAt: string;
}

export interface PublicPost {
  id: string;
  kind: PostKind;
  text: string;
  tags: string[];
  participantId: string;
  authorName: string;
  createdAt: string;
  updatedAt?: string;
}

export type PublicConnection = Omit<Connection, never> & { offerAuthorName: string; needAuthorName: string };

export interface MarketCounts {
  participants: number;
  offers: number;
  needs: number;
  connections: number;
  pendingConnections: number;
}

export interface MarketSummary {
  code: string;
  title: string;
  phase: Phase;
  counts: MarketCounts;
}

export interface MarketSnapshot extends MarketSummary {
  id: string;
  /** Set by a screen when it hears `market:deleted`; the server never sends a deleted market. */
  deleted?: boolean;
  seq: number;
  participants: PublicParticipant[];
  posts: PublicPost[];
  connections: PublicConnection[];
}

export interface FollowUp {
  connectionId: string;
  /** Which side of the connection the other person is on. */
  theirSide: "offer" | "need";
  name: string;
  contact: string;
  offerText: string;
  needText: string;
  acceptedAt: string;
}

/** A name as the wall shows it: the first word, so a full name never sits on the projector. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

const LEFT = "someone who left";

export function nameOf(market: Market, participantId: string): string {
  return market.participants.find((p) => p.id === participantId)?.name ?? LEFT;
}

export function publicParticipant(p: Participant): PublicParticipant {
  return { id: p.id, name: p.name, joinedAt: p.joinedAt };
}

export function publicPost(post: Post, authorName: string): PublicPost {
  const { clientId: _clientId, ...rest } = post;
  return { ...rest, authorName };
}

export function publicConnection(connection: Connection, names: (id: string) => string): PublicConnection {
  return {
    ...connection,
    offerAuthorName: names(connection.offerParticipantId),
    needAuthorName: names(connection.needParticipantId),
  };
}

export function countsOf(market: Market): MarketCounts {
  let offers = 0;
  let needs = 0;
  for (const post of market.posts) post.kind === "offer" ? offers++ : needs++;
  let connections = 0;
  let pendingConnections = 0;
  for (const c of market.connections) {
    if (c.status === "accepted") connections++;
    else if (c.status === "pending") pendingConnections++;
  }
  return { participants: market.participants.length, offers, needs, connections, pendingConnections };
}

export function summaryOf(market: Market): MarketSummary {
  return { code: market.code, title: market.title, phase: market.phase, counts: countsOf(market) };
}
