// Restoring a market from its JSON export (market-export.ts, versions 1 to 3). An import is a
// host action like creating a market, and it is held to what a live market is held to: every text
// passes the same schemas (schemas.ts, so the same filter, text-input.ts), the market stays within
// the live caps (limits.ts), and the work is done in slices that give the event loop back between
// them, so a market at the caps never stalls the other markets on the server.
import { z } from "zod";
import { STAGE_KEYS } from "./agenda.ts";
import { invalid, MarketError } from "./errors.ts";
import { eventLoopBudget } from "./event-loop-budget.ts";
import type { MarketLimitsConfig } from "./limits.ts";
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION } from "./market-export.ts";
import {
  DEFAULT_CATEGORIES,
  GATHER_WAYS,
  MARKET_LANGUAGES,
  OUTCOMES,
  PHASES,
  POST_KINDS,
  PROJECTOR_VIEWS,
  SCHEMA_VERSION,
  type Circle,
  type Connection,
  type FollowThrough,
  type Market,
  type ModerationEntry,
  type Participant,
  type Post,
} from "./model.ts";
import { categoriesInput, createMarketInput, createPostInput, hideInput, joinInput, LIMITS, parseInput } from "./schemas.ts";
import { textField } from "./text-input.ts";
import { pairsOf, SIDES, takes } from "./kinds.ts";
import { descriptorsOf } from "./posts.ts";

/** The largest body the import route reads: a market at the live caps is far below it. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
/** A circle gathers at most everyone in the market; the cap keeps one item's check small. */
const IMPORT_GATHERINGS_PER_CIRCLE = 5_000;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const time = z.iso.datetime({ offset: true });
const postText = textField(LIMITS.postText, { multiline: true });
/** A side of a connection whose author left has an empty text. */
const connectionText = z.union([z.literal(""), postText]);

// The document's frame; its lists are checked item by item below, in slices.
const list = (max: number) => z.array(z.unknown()).max(max);
const documentSchema = (limits: MarketLimitsConfig) =>
  z.object({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal([1, 2, EXPORT_FORMAT_VERSION]),
    market: z.object({
      title: createMarketInput.shape.title,
      phase: z.enum(PHASES),
      createdAt: time,
      closedAt: time.nullable().optional(),
      categories: categoriesInput.shape.categories.optional(),
      agenda: agendaSchema.optional(),
      postingOverride: z.literal("both").optional(),
      groups: groupsSchema.optional(),
      joiningLocked: z.boolean().optional(),
      capacity: z.number().int().min(1).max(limits.maxParticipantsPerMarket).optional(),
      projectorView: z.enum(PROJECTOR_VIEWS).optional(),
      projectorCategory: createPostInput.shape.category,
      language: z.enum(MARKET_LANGUAGES).optional(),
      dreamsOpen: z.boolean().optional(),
    }),
    participants: list(limits.maxParticipantsPerMarket),
    posts: list(limits.maxPostsPerMarket),
    connections: list(limits.maxConnectionsPerMarket),
    // Version 3. At most one circle per dream; one mark per person and connection or circle, so
    // two per connection and, bounded loosely, one per card for the circles.
    circles: list(limits.maxPostsPerMarket).optional(),
    followThrough: list(2 * limits.maxConnectionsPerMarket + limits.maxPostsPerMarket).optional(),
    // Live, the history grows with moderation; bounded here like the longest list a market keeps.
    history: list(limits.maxConnectionsPerMarket).optional(),
  });

const stageSchema = z.object({
  id,
  key: z.enum(STAGE_KEYS),
  title: textField(LIMITS.stageTitle),
  instructions: z.union([z.literal(""), textField(LIMITS.stageInstructions)]),
  minutes: z.number().int().min(1).max(240),
  phase: z.enum(PHASES),
  posting: z.array(z.enum(POST_KINDS)).max(POST_KINDS.length),
  skipped: z.boolean(),
});
const agendaSchema = z.object({
  template: z.enum(["standard", "short"]),
  stages: z.array(stageSchema).min(1).max(50),
  currentId: id.nullable(),
  stageStartedAt: z.number().int().min(0).optional(),
});
const groupsSchema = z.object({
  size: z.number().int().min(2).max(12),
  rotation: z.number().int().min(0).max(10_000),
  tables: z.array(z.object({ name: z.string().regex(/^[A-Z]{1,3}$/), participantIds: z.array(id).max(100) })).max(1000),
  history: z.array(z.array(z.array(id).max(100)).max(1000)).max(50),
});

const participantSchema = z.object({
  id,
  name: joinInput.shape.name,
  contact: joinInput.shape.contact.nullable(),
  joinedAt: time,
  removedAt: time.optional(),
});

const postSchema = z.object({
  id,
  kind: z.enum(POST_KINDS),
  text: createPostInput.shape.text,
  tags: createPostInput.shape.tags,
  category: createPostInput.shape.category,
  exchange: createPostInput.shape.exchange,
  urgency: createPostInput.shape.urgency,
  when: createPostInput.shape.when,
  where: createPostInput.shape.where,
  starred: z.boolean().optional(),
  hidden: z.object({ at: time, reason: hideInput.shape.reason }).optional(),
  participantId: id,
  createdAt: time,
  updatedAt: time.optional(),
  dreamId: id.optional(),
});

const circleSchema = z.object({
  id,
  dreamId: id,
  authorId: id,
  dreamText: postText,
  gatherings: z
    .array(z.object({ participantId: id, way: z.enum(GATHER_WAYS), postId: id.optional(), status: z.enum(["pending", "accepted"]), at: time }))
    .max(IMPORT_GATHERINGS_PER_CIRCLE),
  createdAt: time,
  updatedAt: time,
});

const followThroughSchema = z.object({
  relation: z.enum(["connection", "circle"]),
  relationId: id,
  participantId: id,
  outcome: z.enum(OUTCOMES),
  at: time,
});

const connectionSchema = z.object({
  id,
  offerId: id,
  needId: id,
  offerParticipantId: id,
  needParticipantId: id,
  offerText: connectionText,
  needText: connectionText,
  requestedBy: z.union([id, z.literal("host")]),
  acceptedBy: z.array(z.enum(SIDES)).max(SIDES.length),
  status: z.enum(["pending", "accepted", "declined"]),
  createdAt: time,
  updatedAt: time,
});

const historySchema = z.object({
  at: time,
  action: z.enum(["hide_post", "unhide_post", "edit_post", "remove_participant", "lock_joining", "unlock_joining"]),
  postId: id.optional(),
  participantId: id.optional(),
  detail: postText.optional(),
});

export interface FreshIdentity {
  id: string;
  code: string;
  hostKeyHash: string;
  /** Participants' tokens never leave their server: a restored participant cannot sign in. */
  unusableTokenHash: () => string;
  now: string;
}

/**
 * Builds a new market from an export: everything the export carries, under a new id, join code
 * and host key. Contacts their owners did not share with the host are not in the export, so they
 * stay empty. Refuses (400) a document that breaks any rule a live market keeps.
 */
export async function marketFromImport(input: unknown, fresh: FreshIdentity, limits: MarketLimitsConfig): Promise<Market> {
  const doc = parseInput(documentSchema(limits), input);
  const { market: header } = doc;
  const categories = header.categories ?? [...DEFAULT_CATEGORIES];
  if (header.projectorCategory !== undefined && !categories.includes(header.projectorCategory)) throw unusable(`the projector's category ${header.projectorCategory} is not one of the market's.`);

  const participantIds = new Set<string>();
  const participants = await inSlices(doc.participants, participantSchema, "participants", (p): Participant => {
    if (participantIds.has(p.id)) throw unusable(`participant ${p.id} appears twice.`);
    participantIds.add(p.id);
    return {
      id: p.id,
      name: p.name,
      contact: p.contact ?? "",
      shareContactWithHost: p.contact !== null,
      tokenHash: fresh.unusableTokenHash(),
      joinedAt: p.joinedAt,
      ...(p.removedAt ? { removedAt: p.removedAt } : {}),
    };
  });

  const postIds = new Set<string>();
  const posts = await inSlices(doc.posts, postSchema, "posts", (post): Post => {
    if (postIds.has(post.id)) throw unusable(`post ${post.id} appears twice.`);
    if (!participantIds.has(post.participantId)) throw unusable(`post ${post.id} belongs to no participant in the file.`);
    if (post.category !== undefined && !categories.includes(post.category)) throw unusable(`post ${post.id} has the category ${post.category}, which is not one of the market's.`);
    postIds.add(post.id);
    const { category: _c, exchange: _e, urgency: _u, when: _w, where: _p, starred, ...rest } = withoutUndefined(post);
    // As live: a post keeps the descriptors its kind takes (kinds.ts).
    return { ...rest, ...descriptorsOf(post, post.kind), ...(starred && takes(post.kind, "starred") ? { starred } : {}) };
  });

  const connectionIds = new Set<string>();
  const connections = await inSlices(doc.connections, connectionSchema, "connections", (c): Connection => {
    if (connectionIds.has(c.id)) throw unusable(`connection ${c.id} appears twice.`);
    connectionIds.add(c.id);
    return { ...c, acceptedBy: [...new Set(c.acceptedBy)] };
  });
  const postsById = new Map(posts.map((post) => [post.id, post]));
  for (const post of posts) {
    if (post.dreamId === undefined) continue;
    const dream = postsById.get(post.dreamId);
    // As live (posts.ts): an offer or need is written for a card that gathers (a dream).
    if (!dream || pairsOf(dream.kind) || !pairsOf(post.kind)) throw unusable(`post ${post.id} is written for ${post.dreamId}, which is not a dream in the file.`);
  }
  const circleIds = new Set<string>();
  const dreamsWithCircle = new Set<string>();
  const circles = await inSlices(doc.circles ?? [], circleSchema, "circles", (c): Circle => {
    if (circleIds.has(c.id) || dreamsWithCircle.has(c.dreamId)) throw unusable(`circle ${c.id} appears twice.`);
    circleIds.add(c.id);
    dreamsWithCircle.add(c.dreamId);
    const dream = postsById.get(c.dreamId);
    if (!dream || pairsOf(dream.kind) || dream.participantId !== c.authorId) throw unusable(`circle ${c.id} gathers around no dream of its author in the file.`);
    const gathered = new Set<string>();
    const gatherings = c.gatherings.map((g) => {
      if (!participantIds.has(g.participantId) || g.participantId === c.authorId || gathered.has(g.participantId)) throw unusable(`circle ${c.id} names ${g.participantId} wrongly.`);
      gathered.add(g.participantId);
      const brought = g.postId === undefined ? undefined : postsById.get(g.postId);
      if (g.postId !== undefined && (brought?.participantId !== g.participantId || brought.kind !== g.way)) throw unusable(`circle ${c.id}: ${g.participantId} brings a card that is not theirs.`);
      return withoutUndefined(g);
    });
    return { ...c, gatherings };
  });
  const followThrough = await inSlices(doc.followThrough ?? [], followThroughSchema, "followThrough", (mark): FollowThrough => {
    const known = mark.relation === "connection" ? connectionIds.has(mark.relationId) : circleIds.has(mark.relationId);
    if (!known || !participantIds.has(mark.participantId)) throw unusable(`a follow-through mark names a ${mark.relation} or person not in the file.`);
    return mark;
  });
  const history = await inSlices(doc.history ?? [], historySchema, "history", (entry): ModerationEntry => withoutUndefined(entry));

  const closed = header.phase === "closed";
  const { title, phase, createdAt, closedAt, ...settings } = withoutUndefined(header);
  return {
    schemaVersion: SCHEMA_VERSION,
    id: fresh.id,
    code: fresh.code,
    title,
    hostKeyHash: fresh.hostKeyHash,
    phase,
    createdAt,
    ...(closed ? { closedAt: closedAt ?? fresh.now } : {}),
    restoredAt: fresh.now,
    seq: 0,
    participants,
    posts,
    connections,
    ...(circles.length ? { circles } : {}),
    ...(followThrough.length ? { followThrough } : {}),
    ...settings,
    ...(history.length ? { history } : {}),
  };
}

/** Checks and converts a list a slice at a time, giving the event loop back between slices. */
async function inSlices<S extends z.ZodType, R>(items: unknown[], schema: S, name: string, convert: (item: z.output<S>) => R): Promise<R[]> {
  const out: R[] = [];
  const budget = eventLoopBudget();
  for (let i = 0; i < items.length; i++) {
    await budget.pause();
    let item: z.output<S>;
    try {
      item = parseInput(schema, items[i]);
    } catch (error) {
      if (error instanceof MarketError) throw unusable(`${name}[${i}]: ${error.message}`);
      throw error;
    }
    out.push(convert(item));
  }
  return out;
}

/** zod writes absent optional fields as missing; this keeps stored objects free of `undefined`. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const unusable = (problem: string) => invalid("invalid_export", { problem });
