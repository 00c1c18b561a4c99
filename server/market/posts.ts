// Offers and needs: what screens see of them, and posting, editing and removing one.
import { requireMember, requireParticipant, type Actor } from "./actor.ts";
import { connectionsFor, participantsFor, postsFor, sharedSnapshotJson } from "./audiences.ts";
import { forbidden, invalid, invalidField, notFound } from "./errors.ts";
import { newId } from "./identity.ts";
import { KINDS, takes, type PostKind } from "./kinds.ts";
import type { MarketLimits } from "./limits.ts";
import type { LoadedMarket } from "./loaded-market.ts";
import type { MarketRegistry } from "./market-registry.ts";
import type { Market, Post } from "./model.ts";
import { canChangeAnything, canPost, kindsOpenNow, requireKindOpen, requirePhase } from "./rules.ts";
import { createPostInput, parseInput, updatePostInput } from "./schemas.ts";
import { categoriesOf, facilitationView, summaryOf, type MarketSnapshot, type PublicPost } from "./views.ts";
import { onWall } from "./visibility.ts";
import { connectedPeopleOf, dissolveCircleOf } from "./circles.ts";
import { withJsonFields, type JsonPart } from "./json-parts.ts";

export class Posts {
  constructor(
    private readonly registry: MarketRegistry,
    private readonly limits: MarketLimits,
  ) {}

  /** Everything a screen needs to draw the market, without contact details. */
  async snapshot(code: string, actor: Actor): Promise<MarketSnapshot> {
    const loaded = await this.registry.byCode(code);
    return { ...this.snapshotRest(loaded, actor), participants: participantsFor(loaded, actor), posts: postsFor(loaded, actor) };
  }

  /**
   * The same as JSON text in parts, for the API: its people and posts, most of its bytes, are
   * parts shared by every screen of the audience (audiences.ts, sharedSnapshotJson).
   */
  async snapshotJson(code: string, actor: Actor): Promise<JsonPart[]> {
    const loaded = await this.registry.byCode(code);
    const { participants, posts } = sharedSnapshotJson(loaded, actor);
    return withJsonFields(this.snapshotRest(loaded, actor), [
      ["participants", participants],
      ["posts", posts],
    ]);
  }

  /** A snapshot but for its people and posts. */
  private snapshotRest(loaded: LoadedMarket, actor: Actor): Omit<MarketSnapshot, "participants" | "posts"> {
    // No snapshot carries contacts (they live in follow-ups); what else each audience holds is
    // decided in audiences.ts: the projector gets first names and only what it shows.
    const { market } = loaded;
    return {
      id: market.id,
      ...summaryOf(market, loaded.counts()),
      seq: market.seq,
      connections: connectionsFor(loaded, actor),
      facilitation: facilitationView(market, loaded.agenda()),
      round: market.round ?? null,
      serverNow: this.registry.now().getTime(),
      ...(market.phase === "closed" ? { connectedPeople: connectedPeopleOf(market) } : {}),
    };
  }

  async listPosts(code: string, actor: Actor): Promise<PublicPost[]> {
    const loaded = await this.registry.byCode(code);
    requireMember(actor);
    return postsFor(loaded, actor);
  }

  async createPost(code: string, actor: Actor, input: unknown): Promise<{ post: PublicPost; created: boolean }> {
    const loaded = await this.registry.byCode(code);
    const { market } = loaded;
    const participantId = requireParticipant(actor);
    const fields = parseInput(createPostInput, input);
    return this.registry.change(loaded, async ({ emit, durableBeforeAnswer, declare }) => {
      // A resend after a dropped connection answers with the first post, never a duplicate, and
      // only once that post is on disk (the first request may still be on its way there).
      const earlierResend = () => {
        const earlier = fields.clientId ? loaded.postsByClientId.get(`${participantId}:${fields.clientId}`) : undefined;
        if (!earlier) return undefined;
        declare.nothing();
        durableBeforeAnswer();
        return { post: loaded.publicPost(earlier), created: false };
      };
      // What may change while the limiter makes us wait: checked before and after it.
      const requireOpenForThisPost = () => {
        requirePhase(canPost(market.phase), market.phase);
        // An offer or need written for a dream is accepted wherever dreams are open (it belongs to it).
        const open = kindsOpenNow(market);
        const dream = fields.dreamId ? loaded.postsById.get(fields.dreamId) : undefined;
        requireKindOpen(dream && open.includes(dream.kind) ? dream.kind : fields.kind, open);
        this.limits.requireRoomForPost(market.posts.length);
      };
      const resent = earlierResend();
      if (resent) return resent;
      requireOpenForThisPost();
      requireKnownCategory(market, fields.category);
      if (fields.dreamId) requireDreamFor(loaded, fields.dreamId, fields.kind);
      await this.limits.consume("post", participantId);
      // Two copies of one resend may both have waited above: only the first adds the post.
      const resentMeanwhile = earlierResend();
      if (resentMeanwhile) return resentMeanwhile;
      requireOpenForThisPost();
      const post: Post = {
        id: newId(),
        kind: fields.kind,
        text: fields.text,
        tags: fields.tags,
        participantId,
        ...(fields.clientId ? { clientId: fields.clientId } : {}),
        ...(fields.dreamId ? { dreamId: fields.dreamId } : {}),
        ...descriptorsOf(fields, fields.kind),
        createdAt: this.registry.timestamp(),
      };
      market.posts.push(post);
      declare.put("posts", post);
      loaded.indexPost(post);
      const publicView = loaded.publicPost(post);
      emit("post:created", { post: publicView, counts: loaded.counts() });
      return { post: publicView, created: true };
    });
  }

  async updatePost(code: string, actor: Actor, postId: string, input: unknown): Promise<PublicPost> {
    const loaded = await this.registry.byCode(code);
    const post = ownPost(loaded, actor, postId);
    const fields = parseInput(updatePostInput, input);
    requirePhase(canChangeAnything(loaded.market.phase), loaded.market.phase);
    requireKnownCategory(loaded.market, fields.category);
    return this.registry.change(loaded, ({ market, emit, declare }) => {
      if (actor.role === "host" && fields.text !== undefined && fields.text !== post.text) {
        (market.history ??= []).push({ at: this.registry.timestamp(), action: "edit_post", postId: post.id, participantId: post.participantId, detail: post.text });
        declare.field("history");
      }
      declare.put("posts", post);
      if (fields.text !== undefined) post.text = fields.text;
      if (fields.tags !== undefined) post.tags = fields.tags;
      Object.assign(post, descriptorsOf(fields, post.kind));
      post.updatedAt = this.registry.timestamp();
      loaded.indexPost(post);
      const publicView = loaded.publicPost(post);
      emit("post:updated", { post: publicView });
      return publicView;
    });
  }

  async removePost(code: string, actor: Actor, postId: string): Promise<void> {
    const loaded = await this.registry.byCode(code);
    const post = ownPost(loaded, actor, postId);
    requirePhase(canChangeAnything(loaded.market.phase), loaded.market.phase);
    await this.registry.change(loaded, ({ market, emit, declare }) => {
      market.posts.splice(market.posts.indexOf(post), 1);
      declare.removed("posts", post.id);
      loaded.unindexPost(post);
      // A dream's circle goes with it; connections keep the texts they were made with, so a
      // follow-up survives its post.
      dissolveCircleOf(market, post.id, declare);
      emit("post:removed", { postId: post.id, counts: loaded.counts() });
    });
  }
}

/** A post its author (or the host) may change. */
function ownPost(loaded: LoadedMarket, actor: Actor, postId: string): Post {
  const post = loaded.postsById.get(postId);
  if (!post) throw notFound("post");
  if (actor.role === "host") return post;
  const participantId = requireParticipant(actor);
  if (post.participantId !== participantId) throw forbidden("not_your_post");
  return post;
}

/** Refuses a category that is not in the market's list (400, naming the choices). */
export function requireKnownCategory(market: Market, category: string | undefined): void {
  if (category === undefined) return;
  const categories = categoriesOf(market);
  if (!categories.includes(category)) {
    throw invalidField("category", { code: "field_one_of", params: { field: "category", choices: categories.join(", ") } });
  }
}

/** The descriptors a post keeps: those its kind takes (kinds.ts; urgency belongs to needs only). */
export function descriptorsOf(fields: Partial<Pick<Post, "category" | "exchange" | "urgency" | "when" | "where">>, kind: Post["kind"]): Partial<Post> {
  const out: Partial<Post> = {};
  if (fields.category !== undefined && takes(kind, "category")) out.category = fields.category;
  if (fields.exchange !== undefined && takes(kind, "exchange")) out.exchange = fields.exchange;
  if (fields.urgency !== undefined && takes(kind, "urgency")) out.urgency = fields.urgency;
  if (fields.when !== undefined && takes(kind, "when")) out.when = fields.when;
  if (fields.where !== undefined && takes(kind, "where")) out.where = fields.where.kind === "place" ? fields.where : { kind: fields.where.kind };
  return out;
}

/** A card written for a dream: the dream is on the wall, and the card is one that pairs (an offer or a need). */
function requireDreamFor(loaded: LoadedMarket, dreamId: string, kind: PostKind): void {
  const dream = loaded.postsById.get(dreamId);
  if (!dream || !onWall(dream) || KINDS[dream.kind].pairs) throw invalid("not_a_dream");
  if (!KINDS[kind].pairs) throw invalid("not_a_dream");
}
