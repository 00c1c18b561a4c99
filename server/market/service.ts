// The market service: the one place where every change is validated, authorised, made durable
// and published. HTTP actions, the JSON API and socket handlers all call these functions.
import { conflict, forbidden, invalid, invalidField, notFound, unauthenticated } from "./errors.ts";
import type { Harvest, MarketEvent, MarketEventListener, MarketEventMap, MarketEventType } from "./events.ts";
import { hashSecret, isWellFormedJoinCode, newId, newJoinCode, newSecret, normalizeJoinCode, secretMatches } from "./identity.ts";
import { SCHEMA_VERSION, type Connection, type Market, type Participant, type Phase, type Post, type Side } from "./model.ts";
import { marketFromExport } from "./market-export.ts";
import { isDueForPurge } from "./retention.ts";
import { currentStage, firstStageOfPhase, goToStage } from "./agenda.ts";
import { newConnectionRequest } from "./connection-request.ts";
import { releaseDrafts } from "./drafts.ts";
import { canChangeAnything, canConnect, canJoin, canPost, openKinds, requireJoiningOpen, requireKindOpen, requirePhase } from "./rules.ts";
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
import { MarketLimits, type MarketLimitsConfig } from "./limits.ts";
import { pendingTimeUp } from "./round.ts";
import type { MarketStore } from "./store-port.ts";
import { LoadedMarket } from "./loaded-market.ts";
import type { Card } from "./cards-csv.ts";
import {
  categoriesOf,
  countsOf,
  facilitationView,
  nameOf,
  visibleTo,
  publicParticipant,
  summaryOf,
  type FollowUp,
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
  limits?: MarketLimitsConfig;
}

/** Where a request came from, for the per-address limits (the transport knows; may be unknown). */
export interface RequestOrigin {
  address?: string;
}

/** One change to one market, for the command modules beside the service (facilitation, moderation). */
export interface MarketChange {
  loaded: LoadedMarket;
  market: Market;
  /** The server's clock, in ms. */
  now: number;
  timestamp: string;
  /** Queues an event; it is published once the change is durable. */
  emit<T extends MarketEventType>(type: T, data: MarketEventMap[T]): void;
}

export class MarketService {
  private readonly loaded = new Map<string, Promise<LoadedMarket | undefined>>();
  private readonly idsByCode = new Map<string, string>();
  private readonly listeners = new Set<MarketEventListener>();
  private readonly now: () => Date;
  private readonly limits: MarketLimits;

  constructor(
    private readonly store: MarketStore,
    options: MarketServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.limits = new MarketLimits(options.limits);
  }

  /** Listens to every market's events (the realtime layer relays them). Returns an unsubscribe. */
  subscribe(listener: MarketEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- Markets ---------------------------------------------------------------------------

  async createMarket(input: unknown, from: RequestOrigin = {}): Promise<{ market: MarketSummary & { id: string }; hostKey: string }> {
    const { title } = parseInput(createMarketInput, input);
    if (from.address) await this.limits.consume("createMarket", from.address);
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

  /**
   * Restores a market from a JSON export (market-export.ts) under a new id, join code and host
   * key. Contacts that were not shared with the host are not in the export, so they stay empty.
   */
  async importMarket(input: unknown): Promise<{ market: MarketSummary & { id: string }; hostKey: string }> {
    const hostKey = newSecret();
    const market = marketFromExport(input, {
      id: newId(),
      code: await this.unusedJoinCode(),
      hostKeyHash: hashSecret(hostKey),
      // Participants' tokens never leave their server: a restored participant cannot sign in.
      unusableTokenHash: () => hashSecret(newSecret()),
      now: this.timestamp(),
    });
    await this.store.create(market);
    this.remember(new LoadedMarket(market));
    return { market: { id: market.id, ...summaryOf(market) }, hostKey };
  }

  /** Deletes a market with everything in it, for good (the host's "Delete market"). */
  async deleteMarket(code: string, actor: Actor): Promise<void> {
    const loaded = await this.byCode(code);
    requireHost(actor);
    await this.purge(loaded, "host");
  }

  /**
   * Deletes every market whose retention time has run out (RETENTION_DAYS after closing).
   * Run at start-up and periodically by the server; the clock is the service's `now`.
   */
  async purgeExpired(retentionDays: number): Promise<string[]> {
    const now = this.now();
    const purged: string[] = [];
    for (const market of await this.store.list()) {
      if (!isDueForPurge(market, retentionDays, now)) continue;
      const loaded = (await this.byId(market.id)) ?? new LoadedMarket(market);
      await this.purge(loaded, "retention");
      purged.push(market.code);
    }
    return purged;
  }

  /**
   * Every round whose turn is still counting down, with the service's now. Timers die with the
   * process, so after a restart the server schedules these again (markets load lazily, but the
   * store holds them all). Includes turns whose deadline passed while the server was down.
   */
  async roundsCountingDown(): Promise<{ serverNow: number; rounds: Array<{ marketId: string; roundId: string; deadline: number }> }> {
    const rounds: Array<{ marketId: string; roundId: string; deadline: number }> = [];
    for (const market of await this.store.list()) {
      const deadline = pendingTimeUp(market.round);
      if (deadline !== undefined) rounds.push({ marketId: market.id, roundId: market.round!.id, deadline });
    }
    return { serverNow: this.now().getTime(), rounds };
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
    throw unauthenticated("invalid_credentials");
  }

  /** Everything a screen needs to draw the market, without contact details. */
  async snapshot(code: string, actor: Actor): Promise<MarketSnapshot> {
    const loaded = await this.byCode(code);
    // Every audience sees the same public snapshot (contacts live in follow-ups), except that a
    // post the host hid stays visible, marked hidden, to its author alone.
    const viewerId = actor.role === "participant" ? actor.participantId : undefined;
    const { market } = loaded;
    return {
      id: market.id,
      ...summaryOf(market),
      seq: market.seq,
      participants: market.participants.filter((p) => !p.removedAt).map(publicParticipant),
      posts: market.posts.filter((post) => visibleTo(post, viewerId)).map((post) => loaded.publicPost(post)),
      connections: market.connections.map((c) => loaded.publicConnection(c)),
      facilitation: facilitationView(market, loaded.agenda()),
      round: market.round ?? null,
      serverNow: this.now().getTime(),
    };
  }

  async listPosts(code: string, actor: Actor): Promise<PublicPost[]> {
    const loaded = await this.byCode(code);
    requireMember(actor);
    const viewerId = actor.role === "participant" ? actor.participantId : undefined;
    return loaded.market.posts.filter((post) => visibleTo(post, viewerId)).map((post) => loaded.publicPost(post));
  }

  // ---- Participants ----------------------------------------------------------------------

  async joinMarket(code: string, input: unknown, from: RequestOrigin = {}): Promise<{ participant: Participant; token: string }> {
    const loaded = await this.byCode(code);
    const { market } = loaded;
    const fields = parseInput(joinInput, input);
    requirePhase(canJoin(market.phase), market.phase);
    requireJoiningOpen(market.joiningLocked);
    this.limits.requireRoomForParticipant(market.participants.length);
    if (from.address) await this.limits.consume("joinAddress", from.address);
    await this.limits.consume("joinMarket", market.id);
    this.limits.requireRoomForParticipant(market.participants.length);
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

  /**
   * A participant leaves and erases their data: their name, contact and posts are removed, and so
   * is their side's text in connections. Connections they were in stay for the other person, shown
   * as "someone who left"; a request still waiting for an answer is withdrawn (declined).
   * Allowed in every phase, closed included.
   */
  async leaveMarket(code: string, actor: Actor): Promise<void> {
    const loaded = await this.byCode(code);
    const { market } = loaded;
    const participantId = requireParticipant(actor);
    const participant = loaded.participantsById.get(participantId);
    if (!participant) throw unauthenticated();

    market.participants.splice(market.participants.indexOf(participant), 1);
    loaded.unindexParticipant(participant);
    const theirPosts = market.posts.filter((post) => post.participantId === participantId);
    market.posts = market.posts.filter((post) => post.participantId !== participantId);
    for (const post of theirPosts) loaded.unindexPost(post);
    if (market.drafts) market.drafts = market.drafts.filter((draft) => draft.participantId !== participantId);

    const at = this.timestamp();
    const changed: Connection[] = [];
    for (const c of market.connections) {
      const side = sideOf(c, participantId);
      if (!side) continue;
      if (side === "offer") c.offerText = "";
      else c.needText = "";
      if (c.status === "pending") c.status = "declined";
      c.updatedAt = at;
      changed.push(c);
    }

    const events: MarketEvent[] = [];
    const remaining = countsOf(market);
    for (const post of theirPosts) events.push(this.nextEvent(loaded, "post:removed", { postId: post.id, counts: remaining }));
    events.push(
      this.nextEvent(loaded, "participant:left", {
        participantId,
        connections: changed.map((c) => loaded.publicConnection(c)),
        counts: remaining,
      }),
    );
    await this.store.commit(market);
    for (const event of events) this.publish(loaded, event);
  }

  // ---- Posts -----------------------------------------------------------------------------

  async createPost(code: string, actor: Actor, input: unknown): Promise<{ post: PublicPost; created: boolean }> {
    const loaded = await this.byCode(code);
    const { market } = loaded;
    const participantId = requireParticipant(actor);
    const fields = parseInput(createPostInput, input);
    // A resend after a dropped connection answers with the first post, never a duplicate, and
    // only once that post is on disk (the first request may still be on its way there).
    const earlierResend = async () => {
      const earlier = fields.clientId ? loaded.postsByClientId.get(`${participantId}:${fields.clientId}`) : undefined;
      if (!earlier) return undefined;
      await this.store.commit(market);
      return { post: loaded.publicPost(earlier), created: false };
    };
    // What may change while the limiter makes us wait: checked before and after it.
    const requireOpenForThisPost = () => {
      requirePhase(canPost(market.phase), market.phase);
      const stage = market.agenda?.currentId ? currentStage(market.agenda) : undefined;
      requireKindOpen(fields.kind, openKinds(market.phase, stage, market.postingOverride));
      this.limits.requireRoomForPost(market.posts.length);
    };
    const resent = await earlierResend();
    if (resent) return resent;
    requireOpenForThisPost();
    requireKnownCategory(market, fields.category);
    await this.limits.consume("post", participantId);
    // Two copies of one resend may both have waited above: only the first adds the post.
    const resentMeanwhile = await earlierResend();
    if (resentMeanwhile) return resentMeanwhile;
    requireOpenForThisPost();
    const post: Post = {
      id: newId(),
      kind: fields.kind,
      text: fields.text,
      tags: fields.tags,
      participantId,
      ...(fields.clientId ? { clientId: fields.clientId } : {}),
      ...descriptorsOf(fields, fields.kind),
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
    requirePhase(canChangeAnything(loaded.market.phase), loaded.market.phase);
    requireKnownCategory(loaded.market, fields.category);
    if (actor.role === "host" && fields.text !== undefined && fields.text !== post.text) {
      (loaded.market.history ??= []).push({ at: this.timestamp(), action: "edit_post", postId: post.id, participantId: post.participantId, detail: post.text });
    }
    if (fields.text !== undefined) post.text = fields.text;
    if (fields.tags !== undefined) post.tags = fields.tags;
    Object.assign(post, descriptorsOf(fields, post.kind));
    post.updatedAt = this.timestamp();
    loaded.indexPost(post);
    const publicView = loaded.publicPost(post);
    await this.commitAndPublish(loaded, "post:updated", { post: publicView });
    return publicView;
  }

  async removePost(code: string, actor: Actor, postId: string): Promise<void> {
    const loaded = await this.byCode(code);
    const { market } = loaded;
    const post = this.ownPost(loaded, actor, postId);
    requirePhase(canChangeAnything(market.phase), market.phase);
    market.posts.splice(market.posts.indexOf(post), 1);
    loaded.unindexPost(post);
    // Connections keep the texts they were made with, so a follow-up survives its post.
    await this.commitAndPublish(loaded, "post:removed", { postId: post.id, counts: loaded.counts() });
  }

  // ---- Connections -----------------------------------------------------------------------

  /**
   * Asks to connect an offer with a need. The side that asks has said yes already; the other side
   * answers. When the host or a third person proposes it ("I know who could help"), both answer.
   */
  async requestConnection(code: string, actor: Actor, input: unknown): Promise<{ connection: PublicConnection; created: boolean }> {
    const loaded = await this.byCode(code);
    const { market } = loaded;
    requireMember(actor);
    const { offerId, needId } = parseInput(connectInput, input);
    const offer = loaded.postsById.get(offerId);
    const need = loaded.postsById.get(needId);
    if (!offer || offer.kind !== "offer" || offer.hidden) throw invalid("offer_not_found");
    if (!need || need.kind !== "need" || need.hidden) throw invalid("need_not_found");
    if (offer.participantId === need.participantId) {
      throw invalid("same_person");
    }
    requirePhase(canConnect(market.phase), market.phase);

    const findExisting = () => market.connections.find((c) => c.offerId === offerId && c.needId === needId);
    const answerExisting = async (existing: Connection) => {
      if (existing.status === "declined") throw conflict("connection_declined");
      await this.store.commit(market); // durable before acknowledged, even for a resend
      return { connection: loaded.publicConnection(existing), created: false };
    };
    const before = findExisting();
    if (before) return answerExisting(before);
    await this.limits.consume("connect", actor.role === "participant" ? actor.participantId : `host:${market.id}`);
    if (!loaded.postsById.has(offerId) || !loaded.postsById.has(needId)) throw notFound("post");
    // Looked up again after the wait: the same request sent twice at once makes one connection.
    const existing = findExisting();
    if (existing) return answerExisting(existing);
    requirePhase(canConnect(market.phase), market.phase);

    const at = this.timestamp();
    const connection = newConnectionRequest(offer, need, actor.role === "participant" ? actor.participantId : "host", at);
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
    if (!side) throw forbidden("not_in_connection");
    // A resent answer (a phone that lost its connection) gets the same result, once durable.
    const sameAnswer = response === "accept" ? connection.acceptedBy.includes(side) : connection.status === "declined";
    if (sameAnswer) {
      await this.store.commit(market);
      return loaded.publicConnection(connection);
    }
    if (connection.status !== "pending") throw conflict("connection_answered");
    requirePhase(canConnect(market.phase), market.phase);

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

  // ---- Suggestions -----------------------------------------------------------------------

  /**
   * Offer-need pairs that fit, best first, leaving out pairs already asked about. For a post: its
   * best counterparts. For a participant: pairs with one of their posts. For the host: the room's
   * strongest pairs.
   */
  async suggestions(code: string, actor: Actor, options: { postId?: string; limit?: number } = {}): Promise<Suggestion[]> {
    const loaded = await this.byCode(code);
    requireMember(actor);
    const limit = Math.min(Math.max(options.limit ?? 10, 1), 50);
    const asked = new Set(loaded.market.connections.map((c) => `${c.offerId}:${c.needId}`));
    // Ask for enough to fill the list after leaving out the pairs already asked about.
    const wanted = limit + asked.size;
    if (options.postId && !loaded.postsById.has(options.postId)) throw notFound("post");
    const found = options.postId
      ? loaded.matches.suggestionsForPost(options.postId, wanted)
      : actor.role === "participant"
        ? loaded.matches.suggestionsForParticipant(actor.participantId, wanted)
        : loaded.matches.topPairs(wanted);
    const result: Suggestion[] = [];
    for (const match of found) {
      if (asked.has(`${match.offerId}:${match.needId}`)) continue;
      const offer = loaded.postsById.get(match.offerId);
      const need = loaded.postsById.get(match.needId);
      if (!offer || !need) continue;
      result.push({ offer: loaded.publicPost(offer), need: loaded.publicPost(need), score: round(match.score), sharedTerms: match.sharedTerms });
      if (result.length === limit) break;
    }
    return result;
  }

  /**
   * Brings a paper market's cards into this market (host only): one participant per name and
   * contact, their posts, all in one durable write. Card writers handed their contact to the
   * host, so it is shared with the host; it is never shown on the wall.
   */
  async importCards(code: string, actor: Actor, cards: Card[]): Promise<{ participants: number; posts: number }> {
    const loaded = await this.byCode(code);
    const { market } = loaded;
    requireHost(actor);
    requirePhase(canChangeAnything(market.phase), market.phase);
    if (cards.length === 0) throw invalid("no_cards");
    const people = new Map<string, Participant>();
    const posts: Post[] = [];
    const problems: string[] = [];
    for (const card of cards) {
      const key = `${card.name.trim().toLowerCase()}\u0000${card.contact.trim().toLowerCase()}`;
      try {
        let person = people.get(key);
        if (!person) {
          const fields = parseInput(joinInput, { name: card.name, contact: card.contact || "(paper card)", shareContactWithHost: true });
          person = { id: newId(), ...fields, tokenHash: hashSecret(newSecret()), joinedAt: this.timestamp() };
        }
        const postFields = parseInput(createPostInput, { kind: card.kind, text: card.text, tags: card.tags.slice(0, 5) });
        people.set(key, person);
        posts.push({ id: newId(), kind: postFields.kind, text: postFields.text, tags: postFields.tags, participantId: person.id, createdAt: this.timestamp() });
      } catch (error) {
        problems.push(`line ${card.line}: ${(error as Error).message}`);
      }
    }
    if (problems.length) throw invalid("invalid_cards", { problems: problems.slice(0, 5).join(" ") });
    const events: MarketEvent[] = [];
    for (const person of people.values()) {
      market.participants.push(person);
      loaded.indexParticipant(person);
      events.push(this.nextEvent(loaded, "participant:joined", { participant: publicParticipant(person), counts: countsOf(market) }));
    }
    for (const post of posts) {
      market.posts.push(post);
      loaded.indexPost(post);
      events.push(this.nextEvent(loaded, "post:created", { post: loaded.publicPost(post), counts: countsOf(market) }));
    }
    await this.store.commit(market);
    for (const event of events) this.publish(loaded, event);
    return { participants: people.size, posts: posts.length };
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
    // While the agenda runs, a plain phase change lands on that phase's first stage.
    const agenda = market.agenda;
    if (agenda?.currentId && currentStage(agenda)?.phase !== phase) {
      const landing = firstStageOfPhase(agenda, phase);
      market.agenda = landing ? goToStage(agenda, landing.id, this.now().getTime()) : { ...agenda, currentId: null };
      const serverNow = this.now().getTime();
      events.push(this.nextEvent(loaded, "facilitation:changed", { facilitation: facilitationView(market, loaded.agenda()), serverNow }));
    }
    if (closing) events.push(this.nextEvent(loaded, "market:closed", { harvest: this.harvestOf(loaded) }));
    releaseDrafts(loaded, this.timestamp(), (type, data) => events.push(this.nextEvent(loaded, type, data)));
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

  /**
   * Runs one change to one market for the command modules beside the service: `run` validates and
   * authorises before it mutates, queues its events with `emit`; the change is committed once and
   * the events published after it is durable.
   */
  async change<R>(code: string, run: (change: MarketChange) => R | Promise<R>): Promise<R> {
    const loaded = await this.byCode(code);
    const queued: Array<[MarketEventType, MarketEventMap[MarketEventType]]> = [];
    const now = this.now();
    const result = await run({
      loaded,
      market: loaded.market,
      now: now.getTime(),
      timestamp: now.toISOString(),
      emit: (type, data) => void queued.push([type, data]),
    });
    if (queued.length === 0) return result;
    const events = queued.map(([type, data]) => this.nextEvent(loaded, type, data as never));
    await this.store.commit(loaded.market);
    for (const event of events) this.publish(loaded, event);
    return result;
  }

  /** Reads one market without changing it. */
  async read<R>(code: string, run: (loaded: LoadedMarket, now: number) => R): Promise<R> {
    return run(await this.byCode(code), this.now().getTime());
  }

  // ---- Internals -------------------------------------------------------------------------

  /** The harvest as it stands (used when the agenda reaches its closing stage). */
  harvestOf(loaded: LoadedMarket): Harvest {
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

  private async purge(loaded: LoadedMarket, reason: "host" | "retention"): Promise<void> {
    const { market } = loaded;
    await this.store.remove(market.id);
    this.loaded.delete(market.id);
    if (this.idsByCode.get(market.code) === market.id) this.idsByCode.delete(market.code);
    this.publish(loaded, this.nextEvent(loaded, "market:deleted", { reason }));
  }

  private ownPost(loaded: LoadedMarket, actor: Actor, postId: string): Post {
    const post = loaded.postsById.get(postId);
    if (!post) throw notFound("post");
    if (actor.role === "host") return post;
    const participantId = requireParticipant(actor);
    if (post.participantId !== participantId) throw forbidden("not_your_post");
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
    throw conflict("no_code");
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

export interface Suggestion {
  offer: PublicPost;
  need: PublicPost;
  score: number;
  sharedTerms: string[];
}

const round = (score: number) => Math.round(score * 1000) / 1000;

function sideOf(connection: Connection, participantId: string): Side | undefined {
  if (connection.offerParticipantId === participantId) return "offer";
  if (connection.needParticipantId === participantId) return "need";
  return undefined;
}

export function requireParticipant(actor: Actor): string {
  if (actor.role === "participant") return actor.participantId;
  if (actor.role === "host") throw forbidden("host_cannot_take_part");
  throw unauthenticated();
}

function requireMember(actor: Actor): void {
  if (actor.role === "viewer") throw unauthenticated();
}

export function requireHost(actor: Actor): void {
  if (actor.role !== "host") throw forbidden("not_host");
}

/** Refuses a category that is not in the market's list (400, naming the choices). */
export function requireKnownCategory(market: Market, category: string | undefined): void {
  if (category === undefined) return;
  const categories = categoriesOf(market);
  if (!categories.includes(category)) {
    throw invalidField("category", { code: "field_one_of", params: { field: "category", choices: categories.join(", ") } });
  }
}

/** The descriptors a post keeps: urgency belongs to needs only. */
function descriptorsOf(fields: Partial<Pick<Post, "category" | "exchange" | "urgency" | "when" | "where">>, kind: Post["kind"]): Partial<Post> {
  const out: Partial<Post> = {};
  if (fields.category !== undefined) out.category = fields.category;
  if (fields.exchange !== undefined) out.exchange = fields.exchange;
  if (fields.urgency !== undefined && kind === "need") out.urgency = fields.urgency;
  if (fields.when !== undefined) out.when = fields.when;
  if (fields.where !== undefined) out.where = fields.where.kind === "place" ? fields.where : { kind: fields.where.kind };
  return out;
}
