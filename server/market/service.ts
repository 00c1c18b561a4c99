// The market service: the one place where every change is validated, authorised, made durable
// and published. HTTP actions, the JSON API and socket handlers all call these functions.
import { conflict, forbidden, MarketError, notFound, unauthenticated } from "./errors.ts";
import type { Harvest, MarketEvent, MarketEventListener, MarketEventMap, MarketEventType } from "./events.ts";
import { hashSecret, isWellFormedJoinCode, newId, newJoinCode, newSecret, normalizeJoinCode, secretMatches } from "./identity.ts";
import { SCHEMA_VERSION, type Connection, type Market, type Participant, type Phase, type Post, type Side } from "./model.ts";
import { canChangeAnything, canConnect, canJoin, canPost, requirePhase } from "./rules.ts";
import {
  connectInput,
  connectionResponse,
  createMarketInput,
  createPostInput,
  joinInput,
  parseInput,
  phaseInput,
  updatePostInput,
} from "./schemas.ts";
import type { MarketStore } from "./store-port.ts";
import {
  countsOf,
  nameOf,
  publicConnection,
  publicParticipant,
  publicPost,
  summaryOf,
  type FollowUp,
  type MarketCounts,
  type MarketSnapshot,
  type MarketSummary,
  type PublicConnection,
  type PublicPost,
} from "./views.ts";

/** Who is asking. Resolved once per request or socket from the bearer secret. */
export type Actor =
  | { role: "host" }
  | { role: "participant"; participantId: string }
  | { role: "viewer" };

export interface MarketServiceOptions {
  now?: () => Date;
}

/** A market held in memory with the lookups that keep each request free of scans. */
class LoadedMarket {
  readonly participantsByToken = new Map<string, Participant>();
  readonly participantsById = new Map<string, Participant>();
  readonly postsById = new Map<string, Post>();
  readonly postsByClientId = new Map<string, Post>();
  // Kept as changes happen, so an event's counts cost O(1) rather than a scan of every post.
  private offers = 0;
  private needs = 0;
  private connectionCounts = { connections: 0, pendingConnections: 0 };

  constructor(readonly market: Market) {
    for (const p of market.participants) this.indexParticipant(p);
    for (const post of market.posts) this.indexPost(post);
    this.recountConnections();
  }

  /** The same figures as countsOf(market), without scanning the posts. */
  counts(): MarketCounts {
    return { participants: this.market.participants.length, offers: this.offers, needs: this.needs, ...this.connectionCounts };
  }

  /** Connections change rarely (one request or answer at a time); a scan of them is fine. */
  recountConnections(): void {
    let connections = 0;
    let pendingConnections = 0;
    for (const c of this.market.connections) {
      if (c.status === "accepted") connections++;
      else if (c.status === "pending") pendingConnections++;
    }
    this.connectionCounts = { connections, pendingConnections };
  }

  indexParticipant(p: Participant): void {
    this.participantsByToken.set(p.tokenHash, p);
    this.participantsById.set(p.id, p);
  }

  indexPost(post: Post): void {
    if (!this.postsById.has(post.id)) post.kind === "offer" ? this.offers++ : this.needs++;
    this.postsById.set(post.id, post);
    if (post.clientId) this.postsByClientId.set(`${post.participantId}:${post.clientId}`, post);
  }

  unindexPost(post: Post): void {
    if (this.postsById.delete(post.id)) post.kind === "offer" ? this.offers-- : this.needs--;
    if (post.clientId) this.postsByClientId.delete(`${post.participantId}:${post.clientId}`);
  }

  nameOf = (participantId: string): string => this.participantsById.get(participantId)?.name ?? nameOf(this.market, participantId);

  publicPost(post: Post): PublicPost {
    return publicPost(post, this.nameOf(post.participantId));
  }

  publicConnection(connection: Connection): PublicConnection {
    return publicConnection(connection, this.nameOf);
  }
}

export class MarketService {
  private readonly loaded = new Map<string, Promise<LoadedMarket | undefined>>();
  private readonly idsByCode = new Map<string, string>();
  private readonly listeners = new Set<MarketEventListener>();
  private readonly now: () => Date;

  constructor(
    private readonly store: MarketStore,
    options: MarketServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Listens to every market's events (the realtime layer relays them). Returns an unsubscribe. */
  subscribe(listener: MarketEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- Markets ---------------------------------------------------------------------------

  async createMarket(input: unknown): Promise<{ market: MarketSummary & { id: string }; hostKey: string }> {
    const { title } = parseInput(createMarketInput, input);
    const hostKey = newSecret();
    const market: Market = {
      schemaVersion: SCHEMA_VERSION,
      id: newId(),
      code: await this.unusedJoinCode(),
      title,
      hostKeyHash: hashSecret(hostKey),
      phase: "lobby",
      createdAt: this.timestamp(),
      seq: 0,
      participants: [],
      posts: [],
      connections: [],
    };
    await this.store.create(market);
    this.remember(new LoadedMarket(market));
    return { market: { id: market.id, ...summaryOf(market) }, hostKey };
  }

  async summary(code: string): Promise<MarketSummary> {
    return summaryOf((await this.byCode(code)).market);
  }

  /** The market's id and code for a host link, or not found. */
  async locate(idOrCode: string): Promise<{ id: string; code: string; title: string }> {
    const loaded = (await this.byId(idOrCode)) ?? (await this.byCode(idOrCode));
    return { id: loaded.market.id, code: loaded.market.code, title: loaded.market.title };
  }

  /**
   * Resolves a bearer secret (participant token or host key) into an actor. No secret makes a
   * viewer; a wrong secret is refused rather than silently downgraded.
   */
  async authenticate(code: string, secret: string | undefined): Promise<Actor> {
    const loaded = await this.byCode(code);
    if (!secret) return { role: "viewer" };
    if (secretMatches(secret, loaded.market.hostKeyHash)) return { role: "host" };
    const participant = loaded.participantsByToken.get(hashSecret(secret));
    if (participant) return { role: "participant", participantId: participant.id };
    throw unauthenticated("That link or token is not valid for this market.");
  }

  /** Everything a screen needs to draw the market, without contact details. */
  async snapshot(code: string, actor: Actor): Promise<MarketSnapshot> {
    const loaded = await this.byCode(code);
    void actor; // every audience sees the same public snapshot; contacts live in follow-ups
    const { market } = loaded;
    return {
      id: market.id,
      ...summaryOf(market),
      seq: market.seq,
      participants: market.participants.map(publicParticipant),
      posts: market.posts.map((post) => loaded.publicPost(post)),
      connections: market.connections.map((c) => loaded.publicConnection(c)),
    };
  }

  async listPosts(code: string, actor: Actor): Promise<PublicPost[]> {
    const loaded = await this.byCode(code);
    requireMember(actor);
    return loaded.market.posts.map((post) => loaded.publicPost(post));
  }

  // ---- Participants ----------------------------------------------------------------------

  async joinMarket(code: string, input: unknown): Promise<{ participant: Participant; token: string }> {
    const loaded = await this.byCode(code);
    const { market } = loaded;
    const fields = parseInput(joinInput, input);
    requirePhase(canJoin(market.phase), market.phase, "join");
    const token = newSecret();
    const participant: Participant = {
      id: newId(),
      name: fields.name,
      contact: fields.contact,
      shareContactWithHost: fields.shareContactWithHost,
      tokenHash: hashSecret(token),
      joinedAt: this.timestamp(),
    };
    market.participants.push(participant);
    loaded.indexParticipant(participant);
    await this.commitAndPublish(loaded, "participant:joined", {
      participant: publicParticipant(participant),
      counts: loaded.counts(),
    });
    return { participant, token };
  }

  /** The participant behind an actor, for their own page ("me"). */
  async participant(code: string, actor: Actor): Promise<Participant> {
    const loaded = await this.byCode(code);
    const participantId = requireParticipant(actor);
    const participant = loaded.participantsById.get(participantId);
    if (!participant) throw unauthenticated();
    return participant;
  }

  // ---- Posts -----------------------------------------------------------------------------

  async createPost(code: string, actor: Actor, input: unknown): Promise<{ post: PublicPost; created: boolean }> {
    const loaded = await this.byCode(code);
    const { market } = loaded;
    const participantId = requireParticipant(actor);
    const fields = parseInput(createPostInput, input);
    if (fields.clientId) {
      // A resend after a dropped connection: answer with the first post, never a duplicate.
      const earlier = loaded.postsByClientId.get(`${participantId}:${fields.clientId}`);
      if (earlier) return { post: loaded.publicPost(earlier), created: false };
    }
    requirePhase(canPost(market.phase), market.phase, "post");
    const post: Post = {
      id: newId(),
      kind: fields.kind,
      text: fields.text,
      tags: fields.tags,
      participantId,
      ...(fields.clientId ? { clientId: fields.clientId } : {}),
      createdAt: this.timestamp(),
    };
    market.posts.push(post);
    loaded.indexPost(post);
    const publicView = loaded.publicPost(post);
    await this.commitAndPublish(loaded, "post:created", { post: publicView, counts: loaded.counts() });
    return { post: publicView, created: true };
  }

  async updatePost(code: string, actor: Actor, postId: string, input: unknown): Promise<PublicPost> {
    const loaded = await this.byCode(code);
    const post = this.ownPost(loaded, actor, postId);
    const fields = parseInput(updatePostInput, input);
    requirePhase(canChangeAnything(loaded.market.phase), loaded.market.phase, "edit posts");
    if (fields.text !== undefined) post.text = fields.text;
    if (fields.tags !== undefined) post.tags = fields.tags;
    post.updatedAt = this.timestamp();
    const publicView = loaded.publicPost(post);
    await this.commitAndPublish(loaded, "post:updated", { post: publicView });
    return publicView;
  }

  async removePost(code: string, actor: Actor, postId: string): Promise<void> {
    const loaded = await this.byCode(code);
    const { market } = loaded;
    const post = this.ownPost(loaded, actor, postId);
    requirePhase(canChangeAnything(market.phase), market.phase, "remove posts");
    market.posts.splice(market.posts.indexOf(post), 1);
    loaded.unindexPost(post);
    // Connections keep the texts they were made with, so a follow-up survives its post.
    await this.commitAndPublish(loaded, "post:removed", { postId: post.id, counts: loaded.counts() });
  }

  // ---- Connections -----------------------------------------------------------------------

  /**
   * Asks to connect an offer with a need. The side that asks has said yes already; the other side
   * answers. When the host proposes a connection, both sides answer.
   */
  async requestConnection(code: string, actor: Actor, input: unknown): Promise<{ connection: PublicConnection; created: boolean }> {
    const loaded = await this.byCode(code);
    const { market } = loaded;
    requireMember(actor);
    const { offerId, needId } = parseInput(connectInput, input);
    const offer = loaded.postsById.get(offerId);
    const need = loaded.postsById.get(needId);
    if (!offer || offer.kind !== "offer") throw new MarketError("invalid", "offer_not_found", "offerId must be an offer in this market.");
    if (!need || need.kind !== "need") throw new MarketError("invalid", "need_not_found", "needId must be a need in this market.");
    if (offer.participantId === need.participantId) {
      throw new MarketError("invalid", "same_person", "An offer and a need by the same person cannot be connected.");
    }
    let requesterSide: Side | undefined;
    if (actor.role === "participant") {
      if (actor.participantId === offer.participantId) requesterSide = "offer";
      else if (actor.participantId === need.participantId) requesterSide = "need";
      else throw forbidden("You can connect your own offer or need with someone else's.");
    }
    requirePhase(canConnect(market.phase), market.phase, "connect");

    const existing = market.connections.find((c) => c.offerId === offerId && c.needId === needId);
    if (existing?.status === "declined") throw conflict("connection_declined", "This connection was declined.");
    if (existing) return { connection: loaded.publicConnection(existing), created: false };

    const at = this.timestamp();
    const connection: Connection = {
      id: newId(),
      offerId,
      needId,
      offerParticipantId: offer.participantId,
      needParticipantId: need.participantId,
      offerText: offer.text,
      needText: need.text,
      requestedBy: actor.role === "participant" ? actor.participantId : "host",
      acceptedBy: requesterSide ? [requesterSide] : [],
      status: "pending",
      createdAt: at,
      updatedAt: at,
    };
    market.connections.push(connection);
    loaded.recountConnections();
    const publicView = loaded.publicConnection(connection);
    await this.commitAndPublish(loaded, "connection:created", { connection: publicView, counts: loaded.counts() });
    return { connection: publicView, created: true };
  }

  async respondToConnection(code: string, actor: Actor, connectionId: string, answer: unknown): Promise<PublicConnection> {
    const loaded = await this.byCode(code);
    const { market } = loaded;
    const participantId = requireParticipant(actor);
    const response = parseInput(connectionResponse, answer);
    const connection = market.connections.find((c) => c.id === connectionId);
    if (!connection) throw notFound("connection");
    const side = sideOf(connection, participantId);
    if (!side) throw forbidden("Only the two people in a connection can answer it.");
    if (connection.acceptedBy.includes(side) && response === "accept") return loaded.publicConnection(connection);
    if (connection.status !== "pending") throw conflict("connection_answered", `This connection was already ${connection.status}.`);
    requirePhase(canConnect(market.phase), market.phase, "answer connections");

    if (response === "decline") {
      connection.status = "declined";
    } else {
      connection.acceptedBy.push(side);
      if (connection.acceptedBy.includes("offer") && connection.acceptedBy.includes("need")) connection.status = "accepted";
    }
    connection.updatedAt = this.timestamp();
    loaded.recountConnections();
    const publicView = loaded.publicConnection(connection);
    await this.commitAndPublish(loaded, "connection:updated", { connection: publicView, counts: loaded.counts() });
    return publicView;
  }

  /** A participant's accepted connections, with the other person's contact. */
  async followUps(code: string, actor: Actor): Promise<FollowUp[]> {
    const loaded = await this.byCode(code);
    const participantId = requireParticipant(actor);
    const result: FollowUp[] = [];
    for (const c of loaded.market.connections) {
      if (c.status !== "accepted") continue;
      const side = sideOf(c, participantId);
      if (!side) continue;
      const theirSide = side === "offer" ? "need" : "offer";
      const other = loaded.participantsById.get(theirSide === "offer" ? c.offerParticipantId : c.needParticipantId);
      result.push({
        connectionId: c.id,
        theirSide,
        name: other?.name ?? nameOf(loaded.market, ""),
        contact: other?.contact ?? "",
        offerText: c.offerText,
        needText: c.needText,
        acceptedAt: c.updatedAt,
      });
    }
    return result;
  }

  // ---- Phases ----------------------------------------------------------------------------

  async changePhase(code: string, actor: Actor, input: unknown): Promise<MarketSummary> {
    const loaded = await this.byCode(code);
    const { market } = loaded;
    requireHost(actor);
    const { phase } = parseInput(phaseInput, input);
    if (phase === market.phase) return summaryOf(market);
    const closing = phase === "closed";
    market.phase = phase;
    if (closing) market.closedAt = this.timestamp();
    else delete market.closedAt;
    const events = [this.nextEvent(loaded, "phase:changed", { phase })];
    if (closing) events.push(this.nextEvent(loaded, "market:closed", { harvest: this.harvestOf(loaded) }));
    await this.store.commit(market);
    for (const event of events) this.publish(loaded, event);
    return summaryOf(market);
  }

  /** The room's harvest: counts and who connected over what. Never contacts. */
  async harvest(code: string): Promise<Harvest> {
    return this.harvestOf(await this.byCode(code));
  }

  /** The whole market for the host's exports; contacts only of those who agreed to share them. */
  async exportFor(code: string, actor: Actor): Promise<HostExport> {
    const loaded = await this.byCode(code);
    requireHost(actor);
    const { market } = loaded;
    return {
      market: { id: market.id, code: market.code, title: market.title, phase: market.phase, createdAt: market.createdAt, closedAt: market.closedAt ?? null },
      counts: countsOf(market),
      participants: market.participants.map((p) => ({
        id: p.id,
        name: p.name,
        contact: p.shareContactWithHost ? p.contact : null,
        joinedAt: p.joinedAt,
      })),
      posts: market.posts.map((post) => loaded.publicPost(post)),
      connections: market.connections.map((c) => loaded.publicConnection(c)),
    };
  }

  // ---- Internals -------------------------------------------------------------------------

  private harvestOf(loaded: LoadedMarket): Harvest {
    return {
      counts: countsOf(loaded.market),
      connections: loaded.market.connections
        .filter((c) => c.status === "accepted")
        .map((c) => ({
          offerAuthorName: loaded.nameOf(c.offerParticipantId),
          needAuthorName: loaded.nameOf(c.needParticipantId),
          offerText: c.offerText,
          needText: c.needText,
        })),
    };
  }

  private ownPost(loaded: LoadedMarket, actor: Actor, postId: string): Post {
    const post = loaded.postsById.get(postId);
    if (!post) throw notFound("post");
    if (actor.role === "host") return post;
    const participantId = requireParticipant(actor);
    if (post.participantId !== participantId) throw forbidden("Only its author or the host can change this post.");
    return post;
  }

  /**
   * Durable first, then published: a screen never shows what a restart would lose. The events'
   * seq numbers are taken before the commit so the file never lags behind what screens have seen.
   */
  private async commitAndPublish<T extends MarketEventType>(loaded: LoadedMarket, type: T, data: MarketEventMap[T]): Promise<void> {
    const event = this.nextEvent(loaded, type, data);
    await this.store.commit(loaded.market);
    this.publish(loaded, event);
  }

  private nextEvent<T extends MarketEventType>(loaded: LoadedMarket, type: T, data: MarketEventMap[T]): MarketEvent {
    loaded.market.seq += 1;
    return { type, seq: loaded.market.seq, at: this.timestamp(), ...data } as MarketEvent;
  }

  private publish(loaded: LoadedMarket, event: MarketEvent): void {
    for (const listener of this.listeners) listener(loaded.market.id, event);
  }

  private async byCode(code: string): Promise<LoadedMarket> {
    const normalized = normalizeJoinCode(code);
    if (!isWellFormedJoinCode(normalized)) throw notFound("market");
    const knownId = this.idsByCode.get(normalized);
    if (knownId) {
      const loaded = await this.byId(knownId);
      if (loaded) return loaded;
    }
    const market = await this.store.loadByCode(normalized);
    if (!market) throw notFound("market");
    return (await this.byId(market.id)) ?? this.remember(new LoadedMarket(market));
  }

  private async byId(id: string): Promise<LoadedMarket | undefined> {
    let pending = this.loaded.get(id);
    if (!pending) {
      pending = this.store.load(id).then((market) => (market ? new LoadedMarket(market) : undefined));
      this.loaded.set(id, pending);
      const loaded = await pending;
      if (!loaded) this.loaded.delete(id);
      else this.idsByCode.set(loaded.market.code, id);
    }
    return pending;
  }

  private remember(loaded: LoadedMarket): LoadedMarket {
    this.loaded.set(loaded.market.id, Promise.resolve(loaded));
    this.idsByCode.set(loaded.market.code, loaded.market.id);
    return loaded;
  }

  private async unusedJoinCode(): Promise<string> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = newJoinCode();
      if (!this.idsByCode.has(code) && !(await this.store.loadByCode(code))) return code;
    }
    throw new MarketError("conflict", "no_code", "Could not find a free join code; try again.");
  }

  private timestamp(): string {
    return this.now().toISOString();
  }
}

export interface HostExport {
  market: { id: string; code: string; title: string; phase: Phase; createdAt: string; closedAt: string | null };
  counts: ReturnType<typeof countsOf>;
  participants: Array<{ id: string; name: string; contact: string | null; joinedAt: string }>;
  posts: PublicPost[];
  connections: PublicConnection[];
}

function sideOf(connection: Connection, participantId: string): Side | undefined {
  if (connection.offerParticipantId === participantId) return "offer";
  if (connection.needParticipantId === participantId) return "need";
  return undefined;
}

function requireParticipant(actor: Actor): string {
  if (actor.role === "participant") return actor.participantId;
  if (actor.role === "host") throw forbidden("Only participants can do this; the host link is for steering.");
  throw unauthenticated();
}

function requireMember(actor: Actor): void {
  if (actor.role === "viewer") throw unauthenticated();
}

function requireHost(actor: Actor): void {
  if (actor.role !== "host") throw forbidden("Only the host can do this.");
}
