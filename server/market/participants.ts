// Who is in a market: joining, signing in with a secret, and leaving (which erases the person).
import { requireParticipant, type Actor, type RequestOrigin } from "./actor.ts";
import { unauthenticated } from "./errors.ts";
import { hashSecret, newId, newSecret, secretMatches } from "./identity.ts";
import { issuePersonalCode } from "./personal-codes.ts";
import type { MarketLimits } from "./limits.ts";
import type { MarketRegistry } from "./market-registry.ts";
import { eraseParticipant } from "./erase.ts";
import { announceCircles } from "./circles.ts";
import type { Participant } from "./model.ts";
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
    return this.registry.change(loaded, async ({ emit, declare }) => {
      requirePhase(canJoin(market.phase), market.phase);
      requireJoiningOpen(market.joiningLocked);
      this.limits.requireRoomForParticipant(market.participants.length, market.capacity);
      if (from.address) {
        await this.limits.consume("joinPace", from.address);
        await this.limits.consume("joinAddress", from.address);
      }
      await this.limits.consume("joinMarket", market.id);
      this.limits.requireRoomForParticipant(market.participants.length, market.capacity);
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
      declare.put("participants", participant);
      loaded.indexParticipant(participant);
      const personalCode = issuePersonalCode(loaded, participant);
      emit("participant:joined", { participant: publicParticipant(participant), counts: loaded.counts() });
      // Late, while tables are running: a seat at a table at once, and every screen sees it.
      if (market.groups?.tables.length) {
        market.groups = seatLateJoiner(market.groups, participant.id);
        declare.field("groups");
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
   * The participant a secret belongs to, for erasing their data: a person the host removed keeps
   * that right, so their token still opens this one door (and no other: see authenticate).
   */
  async authenticateToErase(code: string, secret: string | undefined): Promise<Actor> {
    const loaded = await this.registry.byCode(code);
    if (secret) {
      const tokenHash = hashSecret(secret);
      const removed = loaded.market.participants.find((p) => p.removedAt && p.tokenHash === tokenHash);
      if (removed) return { role: "participant", participantId: removed.id };
    }
    return this.authenticate(code, secret);
  }

  /**
   * A participant leaves and erases their data (erase.ts). Allowed in every phase, closed included,
   * and to a person the host removed.
   */
  async leaveMarket(code: string, actor: Actor): Promise<void> {
    const loaded = await this.registry.byCode(code);
    const participantId = requireParticipant(actor);
    const participant = loaded.participantsById.get(participantId);
    if (!participant) throw unauthenticated();
    await this.registry.change(loaded, ({ emit, timestamp }) => {
      const erased = eraseParticipant(loaded, participant, timestamp);
      const remaining = loaded.counts();
      for (const post of erased.posts) emit("post:removed", { postId: post.id, counts: remaining });
      emit("participant:left", { participantId, connections: erased.connections.map((c) => loaded.publicConnection(c)), counts: remaining });
      announceCircles(loaded, erased.circles, emit);
    });
  }
}
