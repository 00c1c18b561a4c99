// Cards written before their kind opens. In the lobby people prepare their cards; in the offers
// stages "I'm interested" keeps the need someone writes for an offer. Each draft is posted the
// moment its kind opens, and a draft that answers a card is sent with its request to connect then:
// so a stage that says "tap I'm interested" never refuses it, and nothing typed is lost.
import { newConnectionRequest } from "./connection-request.ts";
import { conflict, invalid, notFound } from "./errors.ts";
import { newId } from "./identity.ts";
import type { LoadedMarket } from "./loaded-market.ts";
import type { Draft, Post } from "./model.ts";
import { canChangeAnything, kindsOpenNow, requirePhase } from "./rules.ts";
import { draftInput, parseInput } from "./schemas.ts";
import { requireParticipant } from "./actor.ts";
import type { Actor, MarketChange, MarketService } from "./service.ts";
import { onWall } from "./visibility.ts";
import type { PublicConnection, PublicPost } from "./views.ts";

/** How many cards one person may keep waiting: enough to prepare, too few to flood a stage. */
export const MAX_DRAFTS_PER_PERSON = 12;

type Emit = MarketChange["emit"];

/**
 * Posts every draft whose kind is open now, in the order they were written, and sends the request
 * of each one that answers a card still there. Drafts of people who left or were removed go.
 * `declare`: the command's own list of what it changed, when releasing is all the command does
 * besides its drafts (a command that changes more says nothing, and hands over the whole market).
 */
export function releaseDrafts(loaded: LoadedMarket, at: string, emit: Emit, declare?: MarketChange["declare"]): void {
  const { market } = loaded;
  if (!market.drafts?.length) return;
  const open = kindsOpenNow(market);
  const waiting: Draft[] = [];
  const gone: string[] = [];
  for (const draft of market.drafts) {
    const author = loaded.participantsById.get(draft.participantId);
    if (!author || author.removedAt) {
      gone.push(draft.id);
      continue;
    }
    if (!open.includes(draft.kind)) {
      waiting.push(draft);
      continue;
    }
    gone.push(draft.id);
    const post: Post = { id: newId(), kind: draft.kind, text: draft.text, tags: [], participantId: draft.participantId, ...(draft.clientId ? { clientId: draft.clientId } : {}), createdAt: at };
    market.posts.push(post);
    declare?.put("posts", post);
    loaded.indexPost(post);
    emit("post:created", { post: loaded.publicPost(post), counts: loaded.counts() });
    const target = draft.answers ? loaded.postsById.get(draft.answers) : undefined;
    if (!target || !onWall(target) || target.participantId === draft.participantId) continue;
    const [offer, need] = post.kind === "offer" ? [post, target] : [target, post];
    if (market.connections.some((c) => c.offerId === offer.id && c.needId === need.id)) continue;
    const connection = newConnectionRequest(offer, need, draft.participantId, at);
    market.connections.push(connection);
    declare?.put("connections", connection);
    loaded.recountConnections();
    emit("connection:created", { connection: loaded.publicConnection(connection), counts: loaded.counts() });
  }
  if (!gone.length) return;
  if (waiting.length) {
    market.drafts = waiting;
    for (const id of gone) declare?.removed("drafts", id);
  } else delete market.drafts; // the list goes as a whole: the chain sees the field go
}

/** What saving a card brought: a draft that waits, or the post (and its request) made at once. */
export type SavedCard = { draft: Draft; post?: undefined; connection?: undefined } | { draft?: undefined; post: PublicPost; connection?: PublicConnection };

export class DraftService {
  constructor(private readonly markets: MarketService) {}

  /**
   * Writes a card for later, or answers a card with a new one: posted at once (with its request)
   * when its kind is open, kept as a draft until it opens otherwise.
   */
  async save(code: string, actor: Actor, input: unknown): Promise<SavedCard> {
    const participantId = requireParticipant(actor);
    const fields = parseInput(draftInput, input);
    return this.markets.change(code, (change) => {
      const { loaded, market, timestamp } = change;
      requirePhase(canChangeAnything(market.phase), market.phase);
      const resent = fields.clientId ? this.earlier(loaded, participantId, fields.clientId) : undefined;
      if (resent) {
        // A resend answers with the first, once that one is on disk (it may still be on its way).
        change.declare.nothing();
        change.durableBeforeAnswer();
        return resent;
      }
      if (fields.answers) {
        const target = loaded.postsById.get(fields.answers);
        if (!target || !onWall(target)) throw notFound("post");
        if (target.participantId === participantId) throw invalid("same_person");
        if (target.kind === fields.kind) throw invalid("answer_same_kind");
      }
      const mine = market.drafts?.filter((d) => d.participantId === participantId).length ?? 0;
      if (mine >= MAX_DRAFTS_PER_PERSON) throw conflict("too_many_drafts", { max: MAX_DRAFTS_PER_PERSON });
      // Every draft has a client id, so the post it becomes can be found by it.
      const draft: Draft = { id: newId(), participantId, kind: fields.kind, text: fields.text, ...(fields.answers ? { answers: fields.answers } : {}), clientId: fields.clientId ?? newId(), createdAt: timestamp };
      (market.drafts ??= []).push(draft);
      change.declare.put("drafts", draft);
      releaseDrafts(loaded, timestamp, change.emit, change.declare);
      // Saved means kept: the phone is told so only once the draft (or its post) is on disk.
      change.durableBeforeAnswer();
      return this.earlier(loaded, participantId, draft.clientId, draft.id) ?? { draft };
    });
  }

  /** The author's drafts, oldest first. */
  async of(code: string, actor: Actor): Promise<Draft[]> {
    const participantId = actor.role === "participant" ? actor.participantId : undefined;
    if (!participantId) return [];
    return this.markets.read(code, (loaded) => (loaded.market.drafts ?? []).filter((d) => d.participantId === participantId));
  }

  async discard(code: string, actor: Actor, draftId: string): Promise<void> {
    const participantId = requireParticipant(actor);
    await this.markets.change(code, ({ market, declare, durableBeforeAnswer }) => {
      const draft = market.drafts?.find((d) => d.id === draftId && d.participantId === participantId);
      if (!draft) return declare.nothing(); // gone already (posted, or discarded from another tab)
      market.drafts = market.drafts!.filter((d) => d !== draft);
      declare.removed("drafts", draft.id);
      durableBeforeAnswer();
    });
  }

  /** A draft still waiting, or the post it became (with its request), found by its id or client id. */
  private earlier(loaded: LoadedMarket, participantId: string, clientId: string | undefined, draftId?: string): SavedCard | undefined {
    const waiting = loaded.market.drafts?.find((d) => d.participantId === participantId && (d.id === draftId || (clientId !== undefined && d.clientId === clientId)));
    if (waiting) return { draft: waiting };
    const post = clientId ? loaded.postsByClientId.get(`${participantId}:${clientId}`) : undefined;
    if (!post) return undefined;
    const connection = loaded.market.connections.find((c) => (post.kind === "offer" ? c.offerId : c.needId) === post.id && c.requestedBy === participantId);
    return { post: loaded.publicPost(post), ...(connection ? { connection: loaded.publicConnection(connection) } : {}) };
  }
}
