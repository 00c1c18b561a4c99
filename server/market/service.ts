// The market service: the one place where every change is validated, authorised, made durable
// and published. HTTP actions, the JSON API and socket handlers all call it. It is a thin facade:
// each reason to change lives in its own module over one registry of loaded markets
// (market-registry.ts), which holds the one way to commit and publish a change.
import type { Actor, RequestOrigin } from "./actor.ts";
import { CardImport } from "./card-import.ts";
import { Circles, type CircleFollowUp, type MyCircle } from "./circles.ts";
import type { Card } from "./cards-csv.ts";
import { Connections } from "./connections.ts";
import type { Harvest, MarketEventListener } from "./events.ts";
import { HostExports, type HostExport } from "./host-export.ts";
import { harvestOf, MarketLifecycle, type CreatedMarket } from "./lifecycle.ts";
import { MarketLimits, type MarketLimitsConfig, type RateLimiterStore } from "./limits.ts";
import type { LoadedMarket } from "./loaded-market.ts";
import { MarketRegistry, retryingStale, type MarketChange } from "./market-registry.ts";
import type { FollowThrough, Outcome, Participant } from "./model.ts";
import { Participants, type JoinedParticipant } from "./participants.ts";
import { PersonalCodes } from "./personal-codes.ts";
import { HelperDesk, type DeskPerson } from "./desk.ts";
import { Posts } from "./posts.ts";
import type { TimeStep } from "./change-steps.ts";
import { MarketRehearsal, type ResetPreview } from "./rehearsal.ts";
import type { MarketStore } from "./store-port.ts";
import { Suggestions, type DreamSuggestion, type Suggestion } from "./suggestions.ts";
import type { JsonPart } from "./json-parts.ts";
import type { FollowUp, MarketSnapshot, MarketSummary, PublicConnection, PublicPost } from "./views.ts";

// The names the transports and the command modules import from here.
export type { Actor, DreamSuggestion, HostExport, MarketChange, RequestOrigin, Suggestion };
export { requireHost } from "./actor.ts";
export { requireKnownCategory } from "./posts.ts";

export interface MarketServiceOptions {
  now?: () => Date;
  limits?: MarketLimitsConfig;
  /** Where the limits count (default: this process's memory). */
  rateLimiters?: RateLimiterStore;
  /** Times each step of a change (the metrics). */
  timeStep?: TimeStep;
}

/**
 * Every command runs again when the store refused it as made on an older copy of the market
 * (another node moved it on): the command modules resolve the market afresh on each run.
 */
export class MarketService {
  private readonly registry: MarketRegistry;
  private readonly lifecycle: MarketLifecycle;
  private readonly participants: Participants;
  private readonly personalCodes: PersonalCodes;
  private readonly desk: HelperDesk;
  private readonly posts: Posts;
  private readonly connections: Connections;
  private readonly matches: Suggestions;
  private readonly cards: CardImport;
  private readonly exports: HostExports;
  private readonly circles: Circles;
  private readonly rehearsal: MarketRehearsal;
  /** The market's caps and rate limits, one set per service (where they count: `rateLimiters`). */
  readonly limits: MarketLimits;

  constructor(store: MarketStore, options: MarketServiceOptions = {}) {
    const limits = (this.limits = new MarketLimits(options.limits, options.rateLimiters));
    this.registry = new MarketRegistry(store, options.now ?? (() => new Date()), options.timeStep);
    this.lifecycle = new MarketLifecycle(this.registry, limits);
    this.participants = new Participants(this.registry, limits);
    this.personalCodes = new PersonalCodes(this.registry, limits);
    this.desk = new HelperDesk(this.registry, this.participants);
    this.posts = new Posts(this.registry, limits);
    this.connections = new Connections(this.registry, limits);
    this.matches = new Suggestions(this.registry);
    this.cards = new CardImport(this.registry);
    this.exports = new HostExports(this.registry);
    this.circles = new Circles(this.registry, this.posts);
    this.rehearsal = new MarketRehearsal(this.registry);
  }

  /** Listens to every market's events (the realtime layer relays them). Returns an unsubscribe. */
  subscribe(listener: MarketEventListener): () => void {
    return this.registry.subscribe(listener);
  }

  /** Lets go of markets idle for `idleMs` (they load again on demand). */
  unloadIdle(idleMs: number): void {
    this.registry.unloadIdle(idleMs);
  }

  /** How many markets are held in memory. */
  get loadedMarkets(): number {
    return this.registry.loadedCount;
  }

  /** Runs one change to one market for the command modules beside the service (facilitation). */
  change<R>(code: string, run: (change: MarketChange) => R | Promise<R>): Promise<R> {
    return this.registry.change(code, run);
  }

  /** Reads one market without changing it. */
  read<R>(code: string, run: (loaded: LoadedMarket, now: number) => R): Promise<R> {
    return this.registry.read(code, run);
  }

  /** The harvest as it stands (used when the agenda reaches its closing stage). */
  harvestOf(loaded: LoadedMarket): Harvest {
    return harvestOf(loaded);
  }

  // ---- Lifecycle (lifecycle.ts) ----------------------------------------------------------

  createMarket(input: unknown, from: RequestOrigin = {}): Promise<CreatedMarket> {
    return retryingStale(() => this.lifecycle.createMarket(input, from));
  }
  importMarket(input: unknown, from: RequestOrigin = {}): Promise<CreatedMarket> {
    return retryingStale(() => this.lifecycle.importMarket(input, from));
  }
  deleteMarket(code: string, actor: Actor): Promise<void> {
    return this.registry.retrying(code, () => this.lifecycle.deleteMarket(code, actor));
  }
  purgeExpired(retentionDays: number): Promise<string[]> {
    return retryingStale(() => this.lifecycle.purgeExpired(retentionDays));
  }
  roundsCountingDown(): ReturnType<MarketLifecycle["roundsCountingDown"]> {
    return retryingStale(() => this.lifecycle.roundsCountingDown());
  }
  summary(code: string): Promise<MarketSummary> {
    return retryingStale(() => this.lifecycle.summary(code));
  }
  locate(idOrCode: string): Promise<{ id: string; code: string; title: string; seq: number }> {
    return retryingStale(() => this.lifecycle.locate(idOrCode));
  }
  changePhase(code: string, actor: Actor, input: unknown): Promise<MarketSummary> {
    return this.registry.retrying(code, () => this.lifecycle.changePhase(code, actor, input));
  }
  harvest(code: string): Promise<Harvest> {
    return retryingStale(() => this.lifecycle.harvest(code));
  }

  // ---- Prepared ahead: rehearse, then reset to empty (rehearsal.ts) ---------------------

  setRehearsal(code: string, actor: Actor, input: unknown): Promise<boolean> {
    return this.registry.retrying(code, () => this.rehearsal.setRehearsal(code, actor, input));
  }
  resetPreview(code: string, actor: Actor): Promise<ResetPreview & { rehearsal: boolean }> {
    return this.registry.retrying(code, () => this.rehearsal.preview(code, actor));
  }
  resetMarket(code: string, actor: Actor, input: unknown): Promise<ResetPreview> {
    return this.registry.retrying(code, () => this.rehearsal.reset(code, actor, input));
  }

  // ---- Who is in the market (participants.ts) --------------------------------------------

  authenticate(code: string, secret: string | undefined): Promise<Actor> {
    return this.registry.retrying(code, () => this.participants.authenticate(code, secret));
  }
  joinMarket(code: string, input: unknown, from: RequestOrigin = {}): Promise<JoinedParticipant> {
    return this.registry.retrying(code, () => this.participants.joinMarket(code, input, from));
  }
  participant(code: string, actor: Actor): Promise<Participant> {
    return this.registry.retrying(code, () => this.participants.participant(code, actor));
  }
  authenticateToErase(code: string, secret: string | undefined): Promise<Actor> {
    return this.registry.retrying(code, () => this.participants.authenticateToErase(code, secret));
  }
  leaveMarket(code: string, actor: Actor): Promise<void> {
    return this.registry.retrying(code, () => this.participants.leaveMarket(code, actor));
  }

  // ---- Nobody loses their place (personal-codes.ts) --------------------------------------

  comeBack(code: string, personalCode: unknown, from: RequestOrigin = {}): Promise<{ participant: Participant; token: string }> {
    return this.registry.retrying(code, () => this.personalCodes.comeBack(code, personalCode, from));
  }
  newPersonalCode(code: string, actor: Actor, participantId?: string): Promise<{ participantId: string; personalCode: string }> {
    return this.registry.retrying(code, () => this.personalCodes.newCode(code, actor, participantId));
  }
  revokePersonalCode(code: string, actor: Actor, participantId: string): Promise<void> {
    return this.registry.retrying(code, () => this.personalCodes.revoke(code, actor, participantId));
  }

  // ---- No phone, no problem: the helper desk (desk.ts) ------------------------------------

  addAtDesk(code: string, actor: Actor, input: unknown): Promise<JoinedParticipant> {
    return this.registry.retrying(code, () => this.desk.addPerson(code, actor, input));
  }
  deskPeople(code: string, actor: Actor): Promise<DeskPerson[]> {
    return this.registry.retrying(code, () => this.desk.people(code, actor));
  }
  actFor(code: string, actor: Actor, participantId: string): Promise<Actor & { role: "participant" }> {
    return this.registry.retrying(code, () => this.desk.actFor(code, actor, participantId));
  }
  newHelperKey(code: string, actor: Actor): Promise<string> {
    return this.registry.retrying(code, () => this.desk.newHelperKey(code, actor));
  }
  revokeHelperKey(code: string, actor: Actor): Promise<void> {
    return this.registry.retrying(code, () => this.desk.revokeHelperKey(code, actor));
  }

  // ---- Posts and what screens see (posts.ts) ---------------------------------------------

  snapshot(code: string, actor: Actor): Promise<MarketSnapshot> {
    return this.registry.retrying(code, () => this.posts.snapshot(code, actor));
  }
  /** The snapshot as JSON text in parts (Posts.snapshotJson): what the API sends a screen catching up. */
  snapshotJson(code: string, actor: Actor): Promise<JsonPart[]> {
    return this.registry.retrying(code, () => this.posts.snapshotJson(code, actor));
  }
  listPosts(code: string, actor: Actor): Promise<PublicPost[]> {
    return this.registry.retrying(code, () => this.posts.listPosts(code, actor));
  }
  createPost(code: string, actor: Actor, input: unknown): Promise<{ post: PublicPost; created: boolean }> {
    return this.registry.retrying(code, () => this.posts.createPost(code, actor, input));
  }
  updatePost(code: string, actor: Actor, postId: string, input: unknown): Promise<PublicPost> {
    return this.registry.retrying(code, () => this.posts.updatePost(code, actor, postId, input));
  }
  removePost(code: string, actor: Actor, postId: string): Promise<void> {
    return this.registry.retrying(code, () => this.posts.removePost(code, actor, postId));
  }

  // ---- Connections (connections.ts), suggestions (suggestions.ts) ------------------------

  requestConnection(code: string, actor: Actor, input: unknown): Promise<{ connection: PublicConnection; created: boolean }> {
    return this.registry.retrying(code, () => this.connections.requestConnection(code, actor, input));
  }
  respondToConnection(code: string, actor: Actor, connectionId: string, answer: unknown): Promise<PublicConnection> {
    return this.registry.retrying(code, () => this.connections.respondToConnection(code, actor, connectionId, answer));
  }
  followUps(code: string, actor: Actor): Promise<FollowUp[]> {
    return this.registry.retrying(code, () => this.connections.followUps(code, actor));
  }
  suggestions(code: string, actor: Actor, options: { postId?: string; limit?: number } = {}): Promise<Suggestion[]> {
    return this.registry.retrying(code, () => this.matches.suggestions(code, actor, options));
  }
  dreamFits(code: string, actor: Actor, dreamId: string, limit?: number): Promise<DreamSuggestion[]> {
    return this.registry.retrying(code, () => this.matches.forDream(code, actor, dreamId, limit));
  }
  dreamsForMe(code: string, actor: Actor, limit?: number): Promise<DreamSuggestion[]> {
    return this.registry.retrying(code, () => this.matches.dreamsForMe(code, actor, limit));
  }

  // ---- Dreams' circles and follow-through (circles.ts) --------------------------------

  gather(code: string, actor: Actor, dreamId: string, input: unknown): Promise<MyCircle> {
    return this.registry.retrying(code, () => this.circles.gather(code, actor, dreamId, input));
  }
  acceptIntoCircle(code: string, actor: Actor, dreamId: string, participantId: string): Promise<MyCircle> {
    return this.registry.retrying(code, () => this.circles.accept(code, actor, dreamId, participantId));
  }
  myCircles(code: string, actor: Actor): Promise<MyCircle[]> {
    return this.registry.retrying(code, () => this.circles.mine(code, actor));
  }
  circleFollowUps(code: string, actor: Actor): Promise<CircleFollowUp[]> {
    return this.registry.retrying(code, () => this.circles.followUps(code, actor));
  }
  mySaid(code: string, actor: Actor): Promise<Record<string, Outcome>> {
    return this.registry.retrying(code, () => this.circles.mySaid(code, actor));
  }
  markFollowThrough(code: string, actor: Actor, input: unknown): Promise<FollowThrough> {
    return this.registry.retrying(code, () => this.circles.markFollowThrough(code, actor, input));
  }

  // ---- The host's cards in and data out (card-import.ts, host-export.ts) -----------------

  importCards(code: string, actor: Actor, cards: Card[]): Promise<{ participants: number; posts: number }> {
    return this.registry.retrying(code, () => this.cards.importCards(code, actor, cards));
  }
  exportFor(code: string, actor: Actor): Promise<HostExport> {
    return this.registry.retrying(code, () => this.exports.exportFor(code, actor));
  }
}
