// The market's data as it is stored and reasoned about. Plain data only: no I/O, no transport.

export const PHASES = ["lobby", "sharing", "connecting", "closed"] as const;
export type Phase = (typeof PHASES)[number];

// "dream" is the natural third kind the product keeps open for a later version.
export const POST_KINDS = ["offer", "need"] as const;
export type PostKind = (typeof POST_KINDS)[number];

export const SCHEMA_VERSION = 1;

export interface Participant {
  id: string;
  name: string;
  contact: string;
  shareContactWithHost: boolean;
  /** sha256 of the participant's bearer token; the token itself is never stored. */
  tokenHash: string;
  joinedAt: string;
}

export interface Post {
  id: string;
  kind: PostKind;
  text: string;
  tags: string[];
  participantId: string;
  /** The author's client-made id, so a resend after a dropped connection never duplicates. */
  clientId?: string;
  createdAt: string;
  updatedAt?: string;
}

export type ConnectionStatus = "pending" | "accepted" | "declined";
export type Side = "offer" | "need";

export interface Connection {
  id: string;
  offerId: string;
  needId: string;
  offerParticipantId: string;
  needParticipantId: string;
  /** The texts as they were when the connection was made: what the two people agreed on. */
  offerText: string;
  needText: string;
  /** A participant id, or "host" when the facilitator proposed it. */
  requestedBy: string;
  /** The sides that have said yes; a connection is accepted when both have. */
  acceptedBy: Side[];
  status: ConnectionStatus;
  createdAt: string;
  updatedAt: string;
}

export interface Market {
  schemaVersion: number;
  id: string;
  code: string;
  title: string;
  /** sha256 of the host key; the key itself is never stored. */
  hostKeyHash: string;
  phase: Phase;
  createdAt: string;
  closedAt?: string;
  /** When this market was restored from a JSON export; the retention clock restarts from it. */
  restoredAt?: string;
  /** Sequence number of the last published event; strictly increasing per market. */
  seq: number;
  participants: Participant[];
  posts: Post[];
  connections: Connection[];
}
