// Who is in a market: joining, signing in with a secret, and leaving (which erases the person).
import { requireParticipant, type Actor, type RequestOrigin } from "./actor.ts";
import { unauthenticated } from "./errors.ts";
import { hashSecret, newId, newSecret, secretMatches } from "./identity.ts";
import { issuePersonalCode } from "./personal-codes.ts";
import type { MarketLimits } from "./limits.ts";
import type { MarketRegistry } from "./market-registry.ts";
import type { Connection, Participant, Side } from "./model.ts";
import { canJoin, requireJoiningOpen, requirePhase } from "./rules.ts";
import { joinInput, parseInput } from "./schemas.ts";
import { facilitationView, publicParticipant } from "./views.ts";
import { seatLateJoiner } from "./groups.ts";

/** Who just joined: their token for this browser and their personal code to keep (shown once). */
export interface JoinedParticipant {
  participant: Participant;
  token: string;
  personalCode: string;
}

export class Participants {
  constructor(
    private readonly registry: MarketRegistry,
    private readonly limits: MarketLimits,
  ) {}

  /**
   * Resolves a bearer secret (participant token or host key) into an actor. No secret makes a
   * viewer; a wrong secret is refused rather than silently downgraded.
   */
  async authenticate(code: string, secret: string | undefined): Promise<Actor> {
    const loaded = await this.registry.byCode(code);
    if (!secret) return { role: "viewer" };
    if (secretMatches(secret, loaded.market.hostKeyHash)) return { role: "host" };
    if (loaded.market.helperKeyHash && secretMatches(secret, loaded.market.helperKeyHash)) return { role: "helper" };
    const participant = loaded.participantsByToken.get(hashSecret(secret));
    if (participant) return { role: "participant", participantId: participant.id };
    throw unauthenticated("invalid_credentials");
  }

  /** Joins by one's own phone, or (`atDesk`) is added by the helper desk, which then acts for them. */
  async joinMarket(code: string, input: unknown, from: RequestOrigin = {}, atDesk = false): Promise<JoinedParticipant> {
    const loaded = await this.registry.byCode(code);
    const { market } = loaded;
    const fields = parseInput(joinInput, input);
    return this.registry.change(loaded, async ({ emit }) => {
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
        joinedAt: this.registry.timestamp(),
        ...(atDesk ? { atDesk } : {}),
      };
      market.participants.push(participant);
      loaded.indexParticipant(participant);
      const personalCode = issuePersonalCode(loaded, participant);
      emit("participant:joined", { participant: publicParticipant(participant), counts: loaded.counts() });
      // Late, while tables are running: a seat at a table at once, and every screen sees it.
      if (market.groups?.tables.length) {
        market.groups = seatLateJoiner(market.groups, participant.id);
        emit("facilitation:changed", { facilitation: facilitationView(market, loaded.agenda()), serverNow: this.registry.now().getTime() });
      }
      return { participant, token, personalCode };
    });
  }

  /** The participant behind an actor, for their own page ("me"). */
  async participant(code: string, actor: Actor): Promise<Participant> {
    const loaded = await this.registry.byCode(code);
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
    const loaded = await this.registry.byCode(code);
    const participantId = requireParticipant(actor);
    const participant = loaded.participantsById.get(participantId);
    if (!participant) throw unauthenticated();
    await this.registry.change(loaded, ({ market, emit }) => {
      market.participants.splice(market.participants.indexOf(participant), 1);
      loaded.unindexParticipant(participant);
      const theirPosts = market.posts.filter((post) => post.participantId === participantId);
      market.posts = market.posts.filter((post) => post.participantId !== participantId);
      for (const post of theirPosts) loaded.unindexPost(post);

      const at = this.registry.timestamp();
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
      loaded.recountConnections();

      const remaining = loaded.counts();
      for (const post of theirPosts) emit("post:removed", { postId: post.id, counts: remaining });
      emit("participant:left", { participantId, connections: changed.map((c) => loaded.publicConnection(c)), counts: remaining });
    });
  }
}

/** Which side of a connection a participant is on, if any. */
export function sideOf(connection: Connection, participantId: string): Side | undefined {
  if (connection.offerParticipantId === participantId) return "offer";
  if (connection.needParticipantId === participantId) return "need";
  return undefined;
}
