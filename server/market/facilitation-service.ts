// The facilitator's commands: agenda, sharing rounds, rotating groups, descriptors' categories,
// starring, the still-open read-out, and moderation. Thin functions over the pure modules
// (agenda.ts, round.ts, groups.ts): each validates, authorises, changes one market through
// MarketService.change (one commit) and publishes its events.
import { announceCircles, eraseFromCircles } from "./circles.ts";
import { addDreamsStage, currentStage, goToStage, moveStage, nextStage, shiftStage, updateStage, agendaFromTemplate, type Agenda, type StageChange } from "./agenda.ts";
import { conflict, forbidden, invalid, notFound, unauthenticated } from "./errors.ts";
import { rotateGroups, splitIntoGroups, type Random } from "./groups.ts";
import { takes } from "./kinds.ts";
import type { Market, ModerationEntry, Post } from "./model.ts";
import { addRoundTime, endRound, nextSpeaker, pauseRound, pickSpeaker, resumeRound, roundTurn, skipSpeaker, startRound, type Round } from "./round.ts";
import { agendaInput, categoriesInput, groupsInput, hideInput, languageInput, lockInput, parseInput, projectorCategoryInput, projectorViewInput, roundInput } from "./schemas.ts";
import { requireHost, type Actor } from "./actor.ts";
import type { MarketChange } from "./market-registry.ts";
import { requireKnownCategory } from "./posts.ts";
import type { MarketService } from "./service.ts";
import { newId } from "./identity.ts";
import { DraftService, releaseDrafts } from "./drafts.ts";
import { canChangeAnything, requirePhase } from "./rules.ts";
import { facilitationView, type PublicPost } from "./views.ts";
import { inRoom, onWall } from "./visibility.ts";

export interface FacilitationOptions {
  /** Random source for seating people at tables (inject a seeded one in tests). */
  random?: Random;
}

export class FacilitationService {
  private readonly random: Random;
  /** Cards written before their kind opens, posted by the stages this service moves through. */
  readonly drafts: DraftService;

  constructor(
    private readonly markets: MarketService,
    options: FacilitationOptions = {},
  ) {
    this.random = options.random ?? Math.random;
    this.drafts = new DraftService(markets);
  }

  // ---- Agenda ----------------------------------------------------------------------------

  async agenda(code: string, actor: Actor, input: unknown): Promise<Agenda> {
    requireHost(actor);
    const command = parseInput(agendaInput, input);
    return this.markets.change(code, (change) => {
      const { loaded, market, now } = change;
      // Going to a stage is also how a closed market reopens: it lands where the host chose.
      if (command.action !== "goto") requireOpen(market);
      let agenda = loaded.agenda();
      const wasStage = agenda.currentId;
      if ("from" in command && command.from !== undefined && command.from !== (wasStage ?? "")) {
        throw conflict("stale_stage_move", { stage: currentStage(agenda)?.title ?? "" });
      }
      try {
        switch (command.action) {
          case "template":
            agenda = agendaFromTemplate(command.template);
            if (market.agenda?.currentId) {
              const first = agenda.stages.find((s) => s.phase === market.phase && !s.skipped);
              agenda = first ? goToStage(agenda, first.id, now) : agenda;
            }
            break;
          case "start": {
            const first = agenda.stages.find((s) => !s.skipped);
            if (!first) throw conflict("agenda_empty");
            agenda = goToStage(agenda, first.id, now);
            break;
          }
          case "next":
            if (!agenda.currentId) {
              const first = agenda.stages.find((s) => !s.skipped);
              if (first) agenda = goToStage(agenda, first.id, now);
            } else agenda = nextStage(agenda, now);
            break;
          case "goto":
            agenda = goToStage(agenda, command.stageId, now);
            break;
          case "move":
            agenda = command.to !== undefined ? moveStage(agenda, command.stageId, command.to) : shiftStage(agenda, command.stageId, command.by!);
            break;
          case "update": {
            const { action: _a, stageId, ...rest } = command;
            agenda = updateStage(agenda, stageId, rest as StageChange);
            break;
          }
          case "open-both":
            if (command.open) market.postingOverride = "both";
            else delete market.postingOverride;
            break;
          case "open-dreams":
            if (command.open) market.dreamsOpen = true;
            else delete market.dreamsOpen;
            break;
          case "add-dreams-stage":
            agenda = addDreamsStage(agenda);
            break;
        }
      } catch (error) {
        if (error instanceof RangeError) throw notFound("stage");
        throw error;
      }
      market.agenda = agenda;
      change.declare.field("agenda"); // entering a stage sets plain values only: the chain finds them
      const stage = currentStage(agenda);
      if (stage && agenda.currentId !== wasStage) this.enterStage(change, stage.key, stage.phase);
      emitFacilitation(change);
      // Cards written for a kind that has just opened go up now (with their requests).
      releaseDrafts(loaded, change.timestamp, change.emit, change.declare);
      return agenda;
    });
  }

  /** Entering a stage moves the coarse phase along and sets what the projector shows. */
  private enterStage(change: MarketChange, key: string, phase: Market["phase"]): void {
    const { market, loaded } = change;
    market.projectorView = key === "still-open" ? "still-open" : key === "network-rotate" && market.groups?.tables.length ? "tables" : "wall";
    if (market.phase !== phase) {
      market.phase = phase;
      if (phase === "closed") market.closedAt = change.timestamp;
      else delete market.closedAt;
      change.emit("phase:changed", { phase });
      if (phase === "closed") change.emit("market:closed", { harvest: this.markets.harvestOf(loaded) });
    }
  }


  // ---- Sharing rounds --------------------------------------------------------------------

  async round(code: string, actor: Actor, input: unknown): Promise<Round | null> {
    requireHost(actor);
    const command = parseInput(roundInput, input);
    return this.markets.change(code, ({ market, now, emit, declare }) => {
      requireOpen(market);
      const current = market.round;
      const tableSizes = market.groups?.tables.map((t) => t.participantIds.length) ?? [];
      let round: Round;
      if (command.action === "start") {
        if (command.scope === "tables" && !market.groups?.tables.length) throw conflict("no_tables");
        const order = market.participants.filter(inRoom).map((p) => p.id);
        if (command.scope === "room" && order.length === 0) throw conflict("nobody_here");
        round = startRound({ id: newId(), focus: command.focus, scope: command.scope, perSpeakerMs: command.seconds * 1000, order }, now);
        if (command.scope === "tables") round = nextSpeaker({ ...round, slot: -1 }, now, tableSizes);
      } else {
        if (!current || current.status === "ended") throw conflict("no_round");
        switch (command.action) {
          case "next":
            if (command.from !== undefined && command.from !== roundTurn(current)) throw conflict("stale_round_move");
            round = nextSpeaker(current, now, tableSizes);
            break;
          case "pick":
            if (!market.participants.some((p) => p.id === command.participantId && inRoom(p))) throw notFound("participant");
            round = pickSpeaker(current, command.participantId, now);
            break;
          case "pause":
            round = pauseRound(current, now);
            break;
          case "resume":
            round = resumeRound(current, now);
            break;
          case "add":
            round = addRoundTime(current, command.seconds * 1000, now);
            break;
          case "skip":
            round = skipSpeaker(current, now, tableSizes);
            break;
          case "end":
            round = endRound(current);
            break;
        }
      }
      market.round = round;
      declare.field("round");
      emit("round:changed", { round, serverNow: now });
      return round;
    });
  }

  /**
   * Called by the server's timer when a turn's deadline passes: marks the time up, once, and only if
   * the turn it was set for is still the one running (no pause, no added time since).
   */
  async roundTimeUp(code: string, roundId: string, deadline: number): Promise<void> {
    await this.markets.change(code, ({ market, now, emit, declare }) => {
      const round = market.round;
      if (!round || round.id !== roundId || round.status !== "running" || round.timeUpAt !== undefined) return declare.nothing();
      if (round.clock.status !== "running" || round.clock.deadline !== deadline || now < deadline) return declare.nothing();
      market.round = { ...round, timeUpAt: now };
      declare.field("round");
      emit("round:changed", { round: market.round, serverNow: now });
    });
  }

  // ---- Groups ----------------------------------------------------------------------------

  async groups(code: string, actor: Actor, input: unknown): Promise<void> {
    requireHost(actor);
    const command = parseInput(groupsInput, input);
    await this.markets.change(code, (change) => {
      const { market } = change;
      requireOpen(market);
      const here = market.participants.filter(inRoom).map((p) => p.id);
      if (command.action === "clear") {
        delete market.groups;
        if (market.projectorView === "tables") market.projectorView = "wall";
      }
      else if (command.action === "split") {
        if (here.length < 2) throw conflict("too_few_people");
        market.groups = splitIntoGroups(here, command.size, this.random);
        market.projectorView = "tables";
      } else {
        if (!market.groups) throw conflict("no_groups");
        market.groups = rotateGroups(market.groups, here, this.random);
        market.projectorView = "tables";
      }
      change.declare.field("groups");
      change.declare.field("round");
      // A tables round follows the new tables from their first speaker.
      if (market.round?.scope === "tables" && market.round.status === "running") {
        market.round = endRound(market.round);
        change.emit("round:changed", { round: market.round, serverNow: change.now });
      }
      emitFacilitation(change);
    });
  }

  // ---- Descriptors, the projector's view -------------------------------------------------

  async setCategories(code: string, actor: Actor, input: unknown): Promise<string[]> {
    requireHost(actor);
    const { categories } = parseInput(categoriesInput, input);
    return this.markets.change(code, (change) => {
      requireOpen(change.market);
      change.market.categories = categories;
      change.declare.field("categories");
      // A wall filtered on a category that no longer exists would stand empty: show all again.
      if (change.market.projectorCategory && !categories.includes(change.market.projectorCategory)) delete change.market.projectorCategory;
      emitFacilitation(change);
      return categories;
    });
  }

  /** What the projector shows when no round runs: the wall, the tables, or what is still open. */
  async setProjectorView(code: string, actor: Actor, input: unknown): Promise<void> {
    requireHost(actor);
    const { view } = parseInput(projectorViewInput, input);
    await this.markets.change(code, (change) => {
      change.market.projectorView = view;
      change.declare.nothing(); // a plain value: the chain finds it
      emitFacilitation(change);
    });
  }

  /** Which category the wall shows alone ("show only: space"), or every category again (null). */
  async setProjectorCategory(code: string, actor: Actor, input: unknown): Promise<string | null> {
    requireHost(actor);
    const { category } = parseInput(projectorCategoryInput, input);
    return this.markets.change(code, (change) => {
      change.declare.nothing(); // a plain value set or gone: the chain finds it
      if (category === null) delete change.market.projectorCategory;
      else {
        requireKnownCategory(change.market, category);
        change.market.projectorCategory = category;
      }
      emitFacilitation(change);
      return category;
    });
  }

  /** The language of the projector and the host console (phones follow each person's browser). */
  async setLanguage(code: string, actor: Actor, input: unknown): Promise<void> {
    requireHost(actor);
    const { language } = parseInput(languageInput, input);
    await this.markets.change(code, (change) => {
      change.market.language = language;
      change.declare.nothing(); // a plain value: the chain finds it
      emitFacilitation(change);
    });
  }

  // ---- Prioritise ------------------------------------------------------------------------

  /** Stars a participant's one most important need (un-starring their others); again to un-star. */
  async starNeed(code: string, actor: Actor, postId: string): Promise<PublicPost> {
    if (actor.role === "viewer") throw unauthenticated();
    if (actor.role !== "participant") throw forbidden("star_own_need_only");
    return this.markets.change(code, ({ loaded, market, timestamp, emit, declare }) => {
      requireOpen(market);
      const post = loaded.postsById.get(postId);
      if (!post || !onWall(post)) throw notFound("post");
      if (post.participantId !== actor.participantId) throw forbidden("star_own_need_only");
      if (!takes(post.kind, "starred")) throw invalid("not_a_need");
      const starring = !post.starred;
      for (const other of market.posts) {
        if (other.participantId !== actor.participantId || other === post || !other.starred) continue;
        delete other.starred;
        other.updatedAt = timestamp;
        declare.put("posts", other);
        emit("post:updated", { post: loaded.publicPost(other) });
      }
      if (starring) post.starred = true;
      else delete post.starred;
      post.updatedAt = timestamp;
      declare.put("posts", post);
      const view = loaded.publicPost(post);
      emit("post:updated", { post: view });
      return view;
    });
  }

  // ---- Moderation ------------------------------------------------------------------------

  async hidePost(code: string, actor: Actor, postId: string, input: unknown = {}): Promise<void> {
    requireHost(actor);
    const { reason } = parseInput(hideInput, input ?? {});
    await this.markets.change(code, ({ loaded, market, timestamp, emit, declare }) => {
      const post = loaded.postsById.get(postId);
      if (!post) throw notFound("post");
      if (post.hidden) return declare.nothing();
      post.hidden = { at: timestamp, ...(reason ? { reason } : {}) };
      declare.put("posts", post);
      declare.field("history");
      loaded.indexPost(post);
      log(market, { at: timestamp, action: "hide_post", postId, participantId: post.participantId, ...(reason ? { detail: reason } : {}) });
      emit("post:removed", { postId, counts: loaded.counts(), reason: "hidden" });
    });
  }

  async unhidePost(code: string, actor: Actor, postId: string): Promise<void> {
    requireHost(actor);
    await this.markets.change(code, ({ loaded, market, timestamp, emit, declare }) => {
      const post = loaded.postsById.get(postId);
      if (!post) throw notFound("post");
      if (!post.hidden) return declare.nothing();
      const author = loaded.participantsById.get(post.participantId);
      if (author?.removedAt) throw conflict("author_removed");
      delete post.hidden;
      declare.put("posts", post);
      declare.field("history");
      loaded.indexPost(post);
      log(market, { at: timestamp, action: "unhide_post", postId, participantId: post.participantId });
      emit("post:created", { post: loaded.publicPost(post), counts: loaded.counts() });
    });
  }

  /** Removes a participant: their token is refused from now on and their posts are hidden. */
  async removeParticipant(code: string, actor: Actor, participantId: string): Promise<void> {
    requireHost(actor);
    await this.markets.change(code, ({ loaded, market, timestamp, now, emit }) => {
      const participant = loaded.participantsById.get(participantId);
      if (!participant) throw notFound("participant");
      if (participant.removedAt) return;
      participant.removedAt = timestamp;
      loaded.indexParticipant(participant);
      log(market, { at: timestamp, action: "remove_participant", participantId });
      const hidden: Post[] = [];
      for (const post of market.posts) {
        if (post.participantId !== participantId || post.hidden) continue;
        post.hidden = { at: timestamp, reason: "participant removed" };
        loaded.indexPost(post);
        hidden.push(post);
      }
      // A removed person leaves every circle, and their dreams' circles go with them.
      const circlesLeft = eraseFromCircles(market, participantId, hidden.map((post) => post.id));
      if (market.groups) {
        market.groups = { ...market.groups, tables: market.groups.tables.map((t) => ({ ...t, participantIds: t.participantIds.filter((id) => id !== participantId) })) };
      }
      const counts = loaded.counts();
      emit("participant:removed", { participantId, counts });
      for (const post of hidden) emit("post:removed", { postId: post.id, counts, reason: "hidden" });
      announceCircles(loaded, circlesLeft, emit);
      const round = market.round;
      if (round && round.status === "running" && round.order.includes(participantId)) {
        const without = { ...round, order: round.order.filter((id) => id !== participantId) };
        market.round = round.speakerId === participantId ? skipSpeaker({ ...without, speakerId: null }, now) : without;
        emit("round:changed", { round: market.round, serverNow: now });
      }
    });
  }

  async lockJoining(code: string, actor: Actor, input: unknown): Promise<boolean> {
    requireHost(actor);
    const { locked } = parseInput(lockInput, input);
    return this.markets.change(code, (change) => {
      const { market, timestamp } = change;
      if (Boolean(market.joiningLocked) === locked) {
        change.declare.nothing();
        return locked;
      }
      market.joiningLocked = locked;
      change.declare.field("history");
      log(market, { at: timestamp, action: locked ? "lock_joining" : "unlock_joining" });
      emitFacilitation(change);
      return locked;
    });
  }

  /** The moderation history, for the host. */
  async history(code: string, actor: Actor): Promise<ModerationEntry[]> {
    requireHost(actor);
    return this.markets.read(code, (loaded) => [...(loaded.market.history ?? [])]);
  }

  /** Hidden posts and removed people, for the host's moderation panel. */
  async moderationView(code: string, actor: Actor) {
    requireHost(actor);
    return this.markets.read(code, (loaded) => ({
      hiddenPosts: loaded.market.posts.filter((p) => !onWall(p)).map((p) => loaded.publicPost(p)),
      removed: loaded.market.participants.filter((p) => !inRoom(p)).map((p) => ({ id: p.id, name: p.name, removedAt: p.removedAt! })),
      history: [...(loaded.market.history ?? [])],
    }));
  }
}

function log(market: Market, entry: ModerationEntry): void {
  (market.history ??= []).push(entry);
}

/** Facilitation changes a market still open (the one rule in rules.ts). */
function requireOpen(market: Market): void {
  requirePhase(canChangeAnything(market.phase), market.phase);
}

/** Tells every screen what the room's agenda and plan are now (one event, whoever changed them). */
export function emitFacilitation(change: MarketChange): void {
  change.emit("facilitation:changed", { facilitation: facilitationView(change.market, change.loaded.agenda()), serverNow: change.now });
}
