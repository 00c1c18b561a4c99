// A market held in memory by the service, with the lookups and counts that keep each request
// free of scans. Only the market registry and the command modules over it hold one.
import { applyChange, type ChangeRecord } from "./change-record.ts";
import { circleOfDream, circleMembers, isFormed, gathers } from "./circles.ts";
import { DreamMatches } from "./dream-matching.ts";
import { eventLoopBudget } from "./event-loop-budget.ts";
import { defaultAgenda, type Agenda } from "./agenda.ts";
import { MatchIndex, type MatchablePost } from "./matching.ts";
import type { Connection, Market, Participant, Post } from "./model.ts";
import { nameOf, publicConnection, publicPost, type PublicConnection, type PublicPost } from "./views.ts";
import { onWall, RoomCounts, type MarketCounts } from "./visibility.ts";
import { jsonPart, type JsonPart } from "./json-parts.ts";

/** A market held in memory with the lookups that keep each request free of scans. */
export class LoadedMarket {
  readonly participantsByToken = new Map<string, Participant>();
  /** By the sha256 of their personal code (personal-codes.ts). */
  readonly participantsByPersonalCode = new Map<string, Participant>();
  readonly participantsById = new Map<string, Participant>();
  readonly postsById = new Map<string, Post>();
  readonly postsByClientId = new Map<string, Post>();
  /** Offer-need suggestions, kept up to date post by post (never rebuilt per request). */
  readonly matches = new MatchIndex();
  /** Offers and needs that fit a dream, and dreams that fit a card (built with the first dream). */
  readonly dreamMatches = new DreamMatches(() => this.market.posts.filter(onWall).map(matchable));
  // Kept as changes happen, so an event's counts cost O(1) rather than a scan of every post.
  private readonly roomCounts = new RoomCounts();
  private catchingUp = false;
  /** JSON kept by `sharedJson`, and the changes it was built after. */
  private shared = new Map<string, JsonPart>();
  private changesEnded = 0;
  private sharedAfter = 0;
  private running = 0;

  constructor(
    readonly market: Market,
    index = true,
  ) {
    if (!index) return;
    for (const p of market.participants) this.indexParticipant(p);
    for (const post of market.posts) this.indexPost(post);
    this.recountConnections();
    this.catchUp();
  }

  /** The same, indexed a slice at a time with the event loop given back between slices (an import). */
  static async inSlices(market: Market): Promise<LoadedMarket> {
    const loaded = new LoadedMarket(market, false);
    const budget = eventLoopBudget();
    for (const p of market.participants) loaded.indexParticipant(p);
    for (const post of market.posts) {
      await budget.pause();
      loaded.indexPost(post);
      loaded.catchUp(); // a slice at a time, not all at the first question
    }
    loaded.recountConnections();
    return loaded;
  }

  /** The same figures as countsOf(market) (one set of rules, visibility.ts), without a scan. */
  counts(): MarketCounts {
    return this.roomCounts.counts();
  }

  recountConnections(): void {
    this.roomCounts.trackConnections(this.market.connections);
  }

  /** Adds a participant to the lookups, or refreshes them after the host removed them. */
  indexParticipant(p: Participant): void {
    // A removed participant's tokens and personal code are refused from then on.
    if (p.removedAt) this.forgetSecrets(p);
    else {
      for (const hash of tokenHashesOf(p)) this.participantsByToken.set(hash, p);
      if (p.personalCodeHash) this.participantsByPersonalCode.set(p.personalCodeHash, p);
    }
    this.participantsById.set(p.id, p);
    this.roomCounts.trackParticipant(p);
  }

  /** Adds a post to the lookups, or refreshes them after an edit, a hide or an unhide. */
  indexPost(post: Post): void {
    this.postsById.set(post.id, post);
    if (post.clientId) this.postsByClientId.set(`${post.participantId}:${post.clientId}`, post);
    this.roomCounts.trackPost(post);
    // The matcher pairs only what is on the wall: a hidden post is never suggested to anyone.
    if (onWall(post) && !gathers(post)) this.matches.upsert(matchable(post));
    else this.matches.remove(post.id);
    if (onWall(post)) this.dreamMatches.upsert(matchable(post));
    else this.dreamMatches.remove(post.id);
  }

  /** Reads the cards the matchers were handed (their costliest part: matching.ts, `unread`). */
  catchUp(): void {
    this.matches.catchUp();
    this.dreamMatches.catchUp();
  }

  /**
   * The same once this turn's live events are out (the registry calls it after publishing): a
   * question for suggestions before then catches up by itself.
   */
  catchUpSoon(): void {
    if (this.catchingUp) return;
    this.catchingUp = true;
    setImmediate(() => {
      this.catchingUp = false;
      this.catchUp();
    });
  }

  /**
   * The registry brackets every change it runs on this copy with these (any command, written or
   * not, and records followed from another node), so `sharedJson` never serves what a change left
   * behind.
   */
  changeStarted(): void {
    this.running++;
  }
  changeEnded(): void {
    this.running--;
    this.changesEnded++;
  }
  /** Changes running on this copy now (a change that awaits its commit is still running). */
  get changesRunning(): number {
    return this.running;
  }

  /**
   * JSON that many screens ask for unchanged, built once per change of the market. When a
   * venue's Wi-Fi comes back, every phone reloads its snapshot at once, and the wall in each is
   * the same: serialising (and compressing) it per phone cost a 1,000-person room seconds.
   * While a change runs it is built afresh each time and kept by no one: the change may have
   * altered the market, and taken its seq, before it ends.
   */
  sharedJson(key: string, build: () => unknown): JsonPart {
    if (this.changesRunning > 0) return jsonPart(JSON.stringify(build()));
    if (this.sharedAfter !== this.changesEnded) {
      this.shared.clear();
      this.sharedAfter = this.changesEnded;
    }
    let part = this.shared.get(key);
    if (part === undefined) {
      part = jsonPart(JSON.stringify(build()));
      this.shared.set(key, part);
    }
    return part;
  }

  /** Drops a participant's tokens and personal code from the lookups (before they change). */
  forgetSecrets(p: Participant): void {
    for (const hash of tokenHashesOf(p)) this.participantsByToken.delete(hash);
    if (p.personalCodeHash) this.participantsByPersonalCode.delete(p.personalCodeHash);
  }

  unindexParticipant(p: Participant): void {
    this.forgetSecrets(p);
    this.participantsById.delete(p.id);
    this.roomCounts.untrackParticipant(p.id);
  }

  unindexPost(post: Post): void {
    this.postsById.delete(post.id);
    this.roomCounts.untrackPost(post.id);
    this.matches.remove(post.id);
    this.dreamMatches.remove(post.id);
    if (post.clientId) this.postsByClientId.delete(`${post.participantId}:${post.clientId}`);
  }

  /**
   * Applies change records another node committed (in order), as that node's commands changed
   * the market: an entity changed is changed in place (a command here may hold it), one added goes
   * last, and every lookup, count and match follows. False, with nothing applied, when a record
   * replaces or reorders a list of entities whole: the market is then read again instead.
   */
  follow(records: readonly ChangeRecord[]): boolean {
    const market = this.market as unknown as Record<string, unknown>;
    const isList = (key: string) => Array.isArray(market[key]);
    const followable = (r: ChangeRecord) => !r.order && !Object.keys(r.set ?? {}).some(isList) && !(r.unset ?? []).some(isList);
    if (!records.every(followable)) return false;
    for (const record of records) {
      applyChange(market, { ...(record.set ? { set: record.set } : {}), ...(record.unset ? { unset: record.unset } : {}) });
      for (const [key, ids] of Object.entries(record.del ?? {})) {
        const gone = new Set(ids);
        const list = market[key] as Array<{ id: string }>;
        for (let i = list.length - 1; i >= 0; i--) {
          if (!gone.has(list[i]!.id)) continue;
          this.forget(key, list[i]!);
          list.splice(i, 1); // in place: a command here may hold the list
        }
      }
      for (const [key, entities] of Object.entries(record.put ?? {})) {
        const list = (market[key] ??= []) as Array<{ id: string }>;
        const at = new Map(list.map((entity, i) => [entity.id, i]));
        for (const fresh of entities) {
          const i = at.get(fresh.id);
          const entity = i === undefined ? fresh : list[i]!;
          if (i === undefined) list.push(fresh);
          else {
            // A participant's tokens or personal code may change: the old ones go first.
            if (key === "participants") this.forgetSecrets(entity as Participant);
            for (const field of Object.keys(entity)) delete (entity as Record<string, unknown>)[field];
            Object.assign(entity, fresh);
          }
          if (key === "participants") this.indexParticipant(entity as Participant);
          if (key === "posts") this.indexPost(entity as Post);
        }
      }
      if (record.put?.connections || record.del?.connections) this.recountConnections();
    }
    return true;
  }

  private forget(list: string, entity: { id: string }): void {
    if (list === "posts") this.unindexPost(entity as Post);
    if (list === "participants") this.unindexParticipant(entity as Participant);
  }

  nameOf = (participantId: string): string => this.participantsById.get(participantId)?.name ?? nameOf(this.market, participantId);

  publicPost(post: Post): PublicPost {
    const view = publicPost(post, this.nameOf(post.participantId));
    if (!gathers(post)) return view;
    // A dream carries how many gathered around it and how big its circle is: counts about the room, never who.
    const circle = circleOfDream(this.market, post.id);
    return { ...view, gathered: circle?.gatherings.length ?? 0, circleSize: circle && isFormed(circle) ? circleMembers(circle).length : 0 };
  }

  publicConnection(connection: Connection): PublicConnection {
    return publicConnection(connection, this.nameOf);
  }

  /** The market's agenda; markets made before agendas existed get the default one. */
  agenda(): Agenda {
    return (this.market.agenda ??= defaultAgenda());
  }
}

const tokenHashesOf = (p: Participant): string[] => [p.tokenHash, ...(p.comebackTokenHashes ?? [])];

function matchable(post: Post): MatchablePost {
  const { id, kind, text, tags, participantId, category, when, where } = post;
  return { id, kind, text, tags, participantId, category, when, where };
}
