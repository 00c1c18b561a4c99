// The JSON export of a whole market: a documented, versioned document (docs/exports.md) that
// another server can import to restore the market. It carries what the host may see: contacts
// only of participants who agreed to share them with the host; everyone else's contact is null,
// and a restored market keeps it empty.
import { z } from "zod";
import { invalid } from "./errors.ts";
import { LIMITS, parseInput } from "./schemas.ts";
import { SCHEMA_VERSION, type Connection, type Market, type Participant, type Post } from "./model.ts";
import { POST_KINDS, SIDES } from "./kinds.ts";
import type { HostExport } from "./host-export.ts";

export const EXPORT_FORMAT = "offers-and-needs-market";
export const EXPORT_FORMAT_VERSION = 1;

export function marketJson(data: HostExport, exportedAt: Date = new Date()): string {
  return JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_FORMAT_VERSION, exportedAt: exportedAt.toISOString(), ...data }, null, 2);
}

// ---- Import ------------------------------------------------------------------------------

/** Upper bounds that keep one import from exhausting the server. */
export const IMPORT_LIMITS = { participants: 5_000, posts: 20_000, connections: 50_000, bytes: 20 * 1024 * 1024 } as const;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const time = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().max(max);

const participantSchema = z.object({
  id,
  name: text(LIMITS.name).min(1),
  contact: text(LIMITS.contact).nullable(),
  joinedAt: time,
});

const postSchema = z.object({
  id,
  kind: z.enum(POST_KINDS),
  text: text(LIMITS.postText).min(1),
  tags: z.array(text(LIMITS.tag)).max(LIMITS.tags).default([]),
  participantId: id,
  createdAt: time,
  updatedAt: time.optional(),
});

const connectionSchema = z.object({
  id,
  offerId: id,
  needId: id,
  offerParticipantId: id,
  needParticipantId: id,
  // A side whose author left has an empty text.
  offerText: text(LIMITS.postText),
  needText: text(LIMITS.postText),
  requestedBy: z.string().max(64),
  acceptedBy: z.array(z.enum(SIDES)).max(SIDES.length),
  status: z.enum(["pending", "accepted", "declined"]),
  createdAt: time,
  updatedAt: time,
});

export const marketExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_FORMAT_VERSION),
  market: z.object({
    title: text(LIMITS.title).min(1),
    phase: z.enum(["lobby", "sharing", "connecting", "closed"]),
    createdAt: time,
    closedAt: time.nullable().optional(),
  }),
  participants: z.array(participantSchema).max(IMPORT_LIMITS.participants),
  posts: z.array(postSchema).max(IMPORT_LIMITS.posts),
  connections: z.array(connectionSchema).max(IMPORT_LIMITS.connections),
});

export type MarketExportDocument = z.output<typeof marketExportSchema>;

/**
 * Builds a new market from an export: same title, phase, participants, posts and connections;
 * a new id, join code and host key. Participants cannot sign in to the restored market (their
 * tokens never leave the original server), and contacts they did not share with the host are empty.
 */
export function marketFromExport(input: unknown, fresh: { id: string; code: string; hostKeyHash: string; unusableTokenHash: () => string; now: string }): Market {
  const doc = parseInput(marketExportSchema, input);
  const participantIds = new Set<string>();
  const participants: Participant[] = doc.participants.map((p) => {
    if (participantIds.has(p.id)) throw unusable(`participant ${p.id} appears twice.`);
    participantIds.add(p.id);
    return {
      id: p.id,
      name: p.name,
      contact: p.contact ?? "",
      shareContactWithHost: p.contact !== null,
      tokenHash: fresh.unusableTokenHash(),
      joinedAt: p.joinedAt,
    };
  });
  const postIds = new Set<string>();
  const posts: Post[] = doc.posts.map((post) => {
    if (postIds.has(post.id)) throw unusable(`post ${post.id} appears twice.`);
    if (!participantIds.has(post.participantId)) throw unusable(`post ${post.id} belongs to no participant in the file.`);
    postIds.add(post.id);
    return {
      id: post.id,
      kind: post.kind,
      text: post.text,
      tags: post.tags,
      participantId: post.participantId,
      createdAt: post.createdAt,
      ...(post.updatedAt ? { updatedAt: post.updatedAt } : {}),
    };
  });
  const connectionIds = new Set<string>();
  const connections: Connection[] = doc.connections.map((c) => {
    if (connectionIds.has(c.id)) throw unusable(`connection ${c.id} appears twice.`);
    connectionIds.add(c.id);
    return { ...c, acceptedBy: [...new Set(c.acceptedBy)] };
  });
  const closed = doc.market.phase === "closed";
  return {
    schemaVersion: SCHEMA_VERSION,
    id: fresh.id,
    code: fresh.code,
    title: doc.market.title,
    hostKeyHash: fresh.hostKeyHash,
    phase: doc.market.phase,
    createdAt: doc.market.createdAt,
    ...(closed ? { closedAt: doc.market.closedAt ?? fresh.now } : {}),
    restoredAt: fresh.now,
    seq: 0,
    participants,
    posts,
    connections,
  };
}

const unusable = (problem: string) => invalid("invalid_export", { problem });
