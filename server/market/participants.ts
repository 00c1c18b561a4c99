// Who is in a market: joining, signing in with a secret, and leaving (which erases the person).
import { requireParticipant, type Actor, type RequestOrigin } from "./actor.ts";
import { unauthenticated } from "./errors.ts";
import { hashSecret, newId, newSecret, secretMatches } from "./identity.ts";
import type { MarketLimits } from "./limits.ts";
import type { MarketRegistry } from "./market-registry.ts";
import { eraseParticipant } from "./erase.ts";
import type { Participant } from "./model.ts";
import { canJoin, requireJoiningOpen, requirePhase } from "./rules.ts";
import { joinInput, parseInput } from "./schemas.ts";
import { publicParticipant } from "./views.ts";

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
    const participant = loaded.participantsByToken.get(hashSecret(secret));
    if (participant) return { role: "participant", participantId: participant.id };
    throw unauthenticated("invalid_credentials");
  }

  async joinMarket(code: string, input: unknown, from: RequestOrigin = {}): Promise<{ participant: Participant; token: string }> {
    const loaded = await this.registry.byCode(code);
    const { market } = loaded;
    const fields = parseInput(joinInput, input);
    return this.registry.change(loaded, async ({ emit }) => {
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
      };
      market.participants.push(participant);
      loaded.indexParticipant(participant);
      emit("participant:joined", { participant: publicParticipant(participant), counts: loaded.counts() });
      return { participant, token };
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
    });
  }
}
