// A market held in memory by the service, with the lookups and counts that keep each request
// free of scans. Only the service and its command modules (facilitation) hold one.
import { eventLoopBudget } from "./event-loop-budget.ts";
import { defaultAgenda, type Agenda } from "./agenda.ts";
import { MatchIndex, type MatchablePost } from "./matching.ts";
import type { Connection, Market, Participant, Post } from "./model.ts";
import { nameOf, publicConnection, publicPost, type MarketCounts, type PublicConnection, type PublicPost } from "./views.ts";

/** A market held in memory with the lookups that keep each request free of scans. */
export class LoadedMarket {
  readonly participantsByToken = new Map<string, Participant>();
  readonly participantsById = new Map<string, Participant>();
  readonly postsById = new Map<string, Post>();
  readonly postsByClientId = new Map<string, Post>();
  /** Offer-need suggestions, kept up to date post by post (never rebuilt per request). */
  readonly matches = new MatchIndex();
  // Kept as changes happen, so an event's counts cost O(1) rather than a scan of every post.
  private offers = 0;
  private needs = 0;
  private connectionCounts = { connections: 0, pendingConnections: 0 };

  constructor(
    readonly market: Market,
    index = true,
  ) {
    if (!index) return;
    for (const p of market.participants) this.indexParticipant(p);
    for (const post of market.posts) this.indexPost(post);
    this.recountConnections();
  }

  /** The same, indexed a slice at a time with the event loop given back between slices (an import). */
  static async inSlices(market: Market): Promise<LoadedMarket> {
    const loaded = new LoadedMarket(market, false);
    const budget = eventLoopBudget();
    for (const p of market.participants) loaded.indexParticipant(p);
    for (const post of market.posts) {
      await budget.pause();
      loaded.indexPost(post);
    }
    loaded.recountConnections();
    return loaded;
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
    // A removed participant's token is refused from then on.
    if (p.removedAt) this.participantsByToken.delete(p.tokenHash);
    else this.participantsByToken.set(p.tokenHash, p);
    this.participantsById.set(p.id, p);
  }

  /** Adds a post to the lookups, or refreshes them after an edit. */
  indexPost(post: Post): void {
    if (!this.postsById.has(post.id)) post.kind === "offer" ? this.offers++ : this.needs++;
    this.postsById.set(post.id, post);
    if (post.clientId) this.postsByClientId.set(`${post.participantId}:${post.clientId}`, post);
    this.matches.upsert(matchable(post));
  }

  unindexParticipant(p: Participant): void {
    this.participantsByToken.delete(p.tokenHash);
    this.participantsById.delete(p.id);
  }

  unindexPost(post: Post): void {
    if (this.postsById.delete(post.id)) post.kind === "offer" ? this.offers-- : this.needs--;
    this.matches.remove(post.id);
    if (post.clientId) this.postsByClientId.delete(`${post.participantId}:${post.clientId}`);
  }

  nameOf = (participantId: string): string => this.participantsById.get(participantId)?.name ?? nameOf(this.market, participantId);

  publicPost(post: Post): PublicPost {
    return publicPost(post, this.nameOf(post.participantId));
  }

  publicConnection(connection: Connection): PublicConnection {
    return publicConnection(connection, this.nameOf);
  }

  /** The market's agenda; markets made before agendas existed get the default one. */
  agenda(): Agenda {
    return (this.market.agenda ??= defaultAgenda());
  }
}

function matchable(post: Post): MatchablePost {
  return { id: post.id, kind: post.kind, text: post.text, tags: post.tags, participantId: post.participantId };
}
