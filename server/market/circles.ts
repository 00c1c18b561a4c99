// Dreams and their circles: gathering around a dream ("I'm in", "I can help with …", "I need this
// too"), the author accepting people into the circle, the circle's follow-ups at close, and what
// each person of a connection or circle says happened after the market (follow-through).
import { requireParticipant, type Actor } from "./actor.ts";
import { forbidden, invalid, notFound, unauthenticated } from "./errors.ts";
import { newId } from "./identity.ts";
import { KINDS } from "./kinds.ts";
import type { LoadedMarket } from "./loaded-market.ts";
import type { MarketChange, MarketRegistry } from "./market-registry.ts";
import type { Circle, FollowThrough, GatherWay, Market, Outcome, Post } from "./model.ts";
import type { Posts } from "./posts.ts";
import { canConnect, requirePhase } from "./rules.ts";
import { followThroughInput, gatherInput, parseInput } from "./schemas.ts";
import { nameOf } from "./views.ts";
import { inRoom, onWall } from "./visibility.ts";

/** Someone around a dream, as its author's phone sees them (no contact before close). */
export interface GatheredPerson {
  participantId: string;
  name: string;
  way: GatherWay;
  /** The offer or need they bring. */
  text?: string;
  status: "pending" | "accepted";
}

/**
 * A circle as it travels live (the `circle:updated` event): everyone who gathered, as the dream's
 * author and the host see it. A gatherer receives it with their own entry only (`circleFor`).
 */
export interface PublicCircle {
  circleId: string;
  dreamId: string;
  dreamText: string;
  authorId: string;
  people: GatheredPerson[];
}

/** A circle as one of its people sees it on their phone. */
export interface MyCircle extends PublicCircle {
  mine: boolean;
}

/** A circle in someone's follow-ups: the other accepted people with their contacts. */
export interface CircleFollowUp {
  circleId: string;
  dreamText: string;
  members: Array<{ name: string; contact: string; way: GatherWay | "dreamer"; text?: string }>;
}

/** The market's follow-through: a share of the room, never a person. */
export interface FollowThroughShare {
  /** Accepted connections and circles with at least one accepted member. */
  relations: number;
  /** Relations someone said something about. */
  answered: number;
  /** Relations where someone said "we met" or "we're in touch". */
  followedThrough: number;
  /** followedThrough / relations, 0..1. */
  share: number;
}

const circlesOf = (market: Market): Circle[] => (market.circles ??= []);
export const circleOfDream = (market: Market, dreamId: string): Circle | undefined => market.circles?.find((c) => c.dreamId === dreamId);
/** The people in a circle: its dreamer and everyone accepted. */
export const circleMembers = (circle: Circle): string[] => [circle.authorId, ...circle.gatherings.filter((g) => g.status === "accepted").map((g) => g.participantId)];
/** A circle counts once someone besides its dreamer is in it. */
export const isFormed = (circle: Circle): boolean => circle.gatherings.some((g) => g.status === "accepted");
/** Whether a card gathers people rather than pairing (a dream): the kinds table says. */
export const gathers = (post: Post): boolean => !KINDS[post.kind].pairs;

/**
 * The harvest's "of us leave with at least one connection": people in the room with an accepted
 * connection or in a dream's circle that formed. A count, never who (circles are their people's).
 */
export function connectedPeopleOf(market: Pick<Market, "participants" | "connections" | "circles">): number {
  const connected = new Set<string>();
  for (const c of market.connections) {
    if (c.status !== "accepted") continue;
    connected.add(c.offerParticipantId);
    connected.add(c.needParticipantId);
  }
  for (const circle of market.circles ?? []) if (isFormed(circle)) for (const id of circleMembers(circle)) connected.add(id);
  return market.participants.filter((p) => inRoom(p) && connected.has(p.id)).length;
}

export class Circles {
  constructor(
    private readonly registry: MarketRegistry,
    private readonly posts: Posts,
  ) {}

  /** Gathers me around a dream. With a new offer or need, that card is written for the dream first. */
  async gather(code: string, actor: Actor, dreamId: string, input: unknown): Promise<MyCircle> {
    const loaded = await this.registry.byCode(code);
    const participantId = requireInRoom(loaded, actor);
    const fields = parseInput(gatherInput, input);
    const dream = requireDream(loaded, dreamId);
    if (dream.participantId === participantId) throw invalid("own_dream");
    requirePhase(canConnect(loaded.market.phase), loaded.market.phase);
    let postId: string | undefined;
    if (fields.way !== "in") {
      if (fields.postId && fields.postId !== "new") {
        const mine = loaded.postsById.get(fields.postId);
        if (!mine || mine.participantId !== participantId || mine.kind !== fields.way || !onWall(mine)) throw notFound("post");
        postId = mine.id;
      } else {
        const { post } = await this.posts.createPost(code, actor, { kind: fields.way, text: fields.text ?? "", dreamId, ...(fields.clientId ? { clientId: fields.clientId } : {}) });
        postId = post.id;
      }
    }
    return this.registry.change(loaded, ({ market, emit, timestamp, declare }) => {
      requirePhase(canConnect(market.phase), market.phase);
      // The host may have removed them, or the dream, while the new card was being written.
      requireInRoom(loaded, actor);
      requireDream(loaded, dreamId);
      let circle = circleOfDream(market, dreamId);
      if (!circle) {
        circle = { id: newId(), dreamId, authorId: dream.participantId, dreamText: dream.text, gatherings: [], createdAt: timestamp, updatedAt: timestamp };
        circlesOf(market).push(circle);
      }
      const earlier = circle.gatherings.find((g) => g.participantId === participantId);
      if (earlier) {
        // Saying it again another way updates how I come; an accepted person stays accepted.
        earlier.way = fields.way;
        if (postId) earlier.postId = postId;
        else delete earlier.postId;
      } else {
        circle.gatherings.push({ participantId, way: fields.way, ...(postId ? { postId } : {}), status: "pending", at: timestamp });
      }
      circle.updatedAt = timestamp;
      declare.put("circles", circle);
      // The wall's count of who gathered travels with the dream; who gathered, to the people concerned.
      emit("post:updated", { post: loaded.publicPost(dream) });
      emit("circle:updated", { circle: publicCircle(loaded, circle) });
      return myCircle(loaded, circle, participantId);
    });
  }

  /** The dream's author accepts someone who gathered: they are in its circle. */
  async accept(code: string, actor: Actor, dreamId: string, who: string): Promise<MyCircle> {
    const loaded = await this.registry.byCode(code);
    const participantId = requireInRoom(loaded, actor);
    const dream = requireDream(loaded, dreamId);
    if (dream.participantId !== participantId) throw forbidden("not_dream_author");
    const gathering = circleOfDream(loaded.market, dreamId)?.gatherings.find((g) => g.participantId === who);
    if (!gathering) throw notFound("participant");
    requirePhase(canConnect(loaded.market.phase), loaded.market.phase);
    return this.registry.change(loaded, ({ market, emit, durableBeforeAnswer, timestamp, declare }) => {
      const circle = circleOfDream(market, dreamId)!;
      if (gathering.status !== "accepted") {
        gathering.status = "accepted";
        circle.updatedAt = timestamp;
        declare.put("circles", circle);
        // The circle's size travels with the dream (the harvest counts circles); who, to its people.
        emit("post:updated", { post: loaded.publicPost(dream) });
        emit("circle:updated", { circle: publicCircle(loaded, circle) });
      } else {
        declare.nothing();
        durableBeforeAnswer();
      }
      return myCircle(loaded, circle, participantId);
    });
  }

  /** The circles I am in or gathered around, as my phone shows them. */
  async mine(code: string, actor: Actor): Promise<MyCircle[]> {
    const loaded = await this.registry.byCode(code);
    const participantId = requireParticipant(actor);
    return (loaded.market.circles ?? [])
      .filter((c) => c.authorId === participantId || c.gatherings.some((g) => g.participantId === participantId))
      .map((c) => myCircle(loaded, c, participantId));
  }

  /** My formed circles with the other members' contacts: the consent rule of connections (accepted only). */
  async followUps(code: string, actor: Actor): Promise<CircleFollowUp[]> {
    const loaded = await this.registry.byCode(code);
    const participantId = requireParticipant(actor);
    const result: CircleFollowUp[] = [];
    for (const circle of loaded.market.circles ?? []) {
      const members = circleMembers(circle);
      if (!isFormed(circle) || !members.includes(participantId)) continue;
      result.push({
        circleId: circle.id,
        dreamText: circle.dreamText,
        members: members
          .filter((id) => id !== participantId)
          .map((id) => {
            const person = loaded.participantsById.get(id);
            const gathering = circle.gatherings.find((g) => g.participantId === id);
            const text = gathering?.postId ? loaded.postsById.get(gathering.postId)?.text : undefined;
            return { name: person?.name ?? nameOf(loaded.market, ""), contact: person?.contact ?? "", way: gathering?.way ?? "dreamer", ...(text ? { text } : {}) };
          }),
      });
    }
    return result;
  }

  /** What I said about each of my connections and circles, by `relation:id`. */
  async mySaid(code: string, actor: Actor): Promise<Record<string, Outcome>> {
    const loaded = await this.registry.byCode(code);
    const participantId = requireParticipant(actor);
    const said: Record<string, Outcome> = {};
    for (const r of loaded.market.followThrough ?? []) if (r.participantId === participantId) said[`${r.relation}:${r.relationId}`] = r.outcome;
    return said;
  }

  /** "We met", "we're in touch" or "didn't happen", from one person of an accepted connection or a formed circle. */
  async markFollowThrough(code: string, actor: Actor, input: unknown): Promise<FollowThrough> {
    const loaded = await this.registry.byCode(code);
    const participantId = requireParticipant(actor);
    const fields = parseInput(followThroughInput, input);
    const { market } = loaded;
    const isMine =
      fields.relation === "connection"
        ? market.connections.some((c) => c.id === fields.relationId && c.status === "accepted" && (c.offerParticipantId === participantId || c.needParticipantId === participantId))
        : (market.circles ?? []).some((c) => c.id === fields.relationId && isFormed(c) && circleMembers(c).includes(participantId));
    if (!isMine) throw forbidden("not_in_circle");
    return this.registry.change(loaded, ({ market, durableBeforeAnswer, timestamp, declare }) => {
      const records = (market.followThrough ??= []);
      declare.field("followThrough");
      const earlier = records.find((r) => r.relation === fields.relation && r.relationId === fields.relationId && r.participantId === participantId);
      const record: FollowThrough = { ...fields, participantId, at: timestamp };
      if (earlier) Object.assign(earlier, record);
      else records.push(record);
      durableBeforeAnswer();
      return record;
    });
  }
}

/** A participant still in the room: the service may hold an actor the host has removed since. */
function requireInRoom(loaded: LoadedMarket, actor: Actor): string {
  const participantId = requireParticipant(actor);
  const person = loaded.participantsById.get(participantId);
  if (!person || !inRoom(person)) throw unauthenticated();
  return participantId;
}

function requireDream(loaded: LoadedMarket, dreamId: string): Post {
  const dream = loaded.postsById.get(dreamId);
  if (!dream || !onWall(dream) || !gathers(dream)) throw invalid("not_a_dream");
  return dream;
}

export function publicCircle(loaded: LoadedMarket, circle: Circle): PublicCircle {
  return {
    circleId: circle.id,
    dreamId: circle.dreamId,
    dreamText: loaded.postsById.get(circle.dreamId)?.text ?? circle.dreamText,
    authorId: circle.authorId,
    people: circle.gatherings.map((g) => {
      const text = g.postId ? loaded.postsById.get(g.postId)?.text : undefined;
      return { participantId: g.participantId, name: loaded.nameOf(g.participantId), way: g.way, status: g.status, ...(text ? { text } : {}) };
    }),
  };
}

/** What one person may see of a circle: its author everyone who gathered, anyone else their own entry. */
export function circleFor(circle: PublicCircle, participantId: string): PublicCircle {
  return circle.authorId === participantId ? circle : { ...circle, people: circle.people.filter((p) => p.participantId === participantId) };
}

const myCircle = (loaded: LoadedMarket, circle: Circle, participantId: string): MyCircle => ({
  ...circleFor(publicCircle(loaded, circle), participantId),
  mine: circle.authorId === participantId,
});


/** The share of accepted connections and formed circles someone said met or stayed in touch. */
export function followThroughShare(market: {
  connections: ReadonlyArray<{ id: string; status: string }>;
  circles?: readonly Circle[];
  followThrough?: readonly FollowThrough[];
}): FollowThroughShare {
  const relations = [
    ...market.connections.filter((c) => c.status === "accepted").map((c) => `connection:${c.id}`),
    ...(market.circles ?? []).filter(isFormed).map((c) => `circle:${c.id}`),
  ];
  const said = new Map<string, boolean>();
  for (const r of market.followThrough ?? []) {
    const key = `${r.relation}:${r.relationId}`;
    said.set(key, (said.get(key) ?? false) || r.outcome !== "did_not_happen");
  }
  const answered = relations.filter((key) => said.has(key)).length;
  const followedThrough = relations.filter((key) => said.get(key)).length;
  return { relations: relations.length, answered, followedThrough, share: relations.length ? followedThrough / relations.length : 0 };
}

/**
 * A dream leaves the market (its author removed it, or left): its circle and what its people said
 * of it go with it, and the cards written for it stay as plain offers and needs.
 */
/** `declare`: the command's list of what it changed, when it says (without it, the command hands over the whole market). */
export function dissolveCircleOf(market: Market, dreamId: string, declare?: MarketChange["declare"]): void {
  for (const post of market.posts) {
    if (post.dreamId !== dreamId) continue;
    delete post.dreamId;
    declare?.put("posts", post);
  }
  const circle = circleOfDream(market, dreamId);
  if (!circle) return;
  market.circles = market.circles!.filter((c) => c !== circle);
  declare?.removed("circles", circle.id);
  if (market.followThrough) {
    market.followThrough = market.followThrough.filter((r) => !(r.relation === "circle" && r.relationId === circle.id));
    declare?.field("followThrough");
  }
}

/**
 * Erases a person from every circle: their gatherings, the circles of their own dreams, and what
 * they said happened after. Returns the circles they left that remain (their people hear of it).
 */
export function eraseFromCircles(market: Market, participantId: string, theirDreamIds: readonly string[]): Circle[] {
  for (const dreamId of theirDreamIds) dissolveCircleOf(market, dreamId);
  if (market.followThrough) market.followThrough = market.followThrough.filter((r) => r.participantId !== participantId);
  const left: Circle[] = [];
  for (const circle of market.circles ?? []) {
    const before = circle.gatherings.length;
    circle.gatherings = circle.gatherings.filter((g) => g.participantId !== participantId);
    if (circle.gatherings.length !== before) left.push(circle);
  }
  return left;
}

/** Tells the people of circles someone left (and the wall, its count) that they changed. */
export function announceCircles(loaded: LoadedMarket, circles: readonly Circle[], emit: MarketChange["emit"]): void {
  for (const circle of circles) {
    const dream = loaded.postsById.get(circle.dreamId);
    if (dream) emit("post:updated", { post: loaded.publicPost(dream) });
    emit("circle:updated", { circle: publicCircle(loaded, circle) });
  }
}
