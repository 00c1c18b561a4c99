// Connections between an offer and a need: asking, answering, and the follow-ups they leave.
import { requireMember, requireParticipant, type Actor } from "./actor.ts";
import { conflict, forbidden, invalid, notFound } from "./errors.ts";
import { OTHER_SIDE, SIDES } from "./kinds.ts";
import type { MarketLimits } from "./limits.ts";
import type { MarketRegistry } from "./market-registry.ts";
import type { Connection, Side } from "./model.ts";
import { newConnectionRequest } from "./connection-request.ts";
import { canConnect, requirePhase } from "./rules.ts";
import { connectInput, connectionResponse, parseInput } from "./schemas.ts";
import { nameOf, type FollowUp, type PublicConnection } from "./views.ts";
import { onWall } from "./visibility.ts";

export class Connections {
  constructor(
    private readonly registry: MarketRegistry,
    private readonly limits: MarketLimits,
  ) {}

  /**
   * Asks to connect an offer with a need. The side that asks has said yes already; the other side
   * answers. When the host or a third person proposes it ("I know who could help"), both answer.
   */
  async requestConnection(code: string, actor: Actor, input: unknown): Promise<{ connection: PublicConnection; created: boolean }> {
    const loaded = await this.registry.byCode(code);
    const { market } = loaded;
    requireMember(actor);
    const { offerId, needId } = parseInput(connectInput, input);
    const offer = loaded.postsById.get(offerId);
    const need = loaded.postsById.get(needId);
    if (!offer || offer.kind !== "offer" || !onWall(offer)) throw invalid("offer_not_found");
    if (!need || need.kind !== "need" || !onWall(need)) throw invalid("need_not_found");
    if (offer.participantId === need.participantId) {
      throw invalid("same_person");
    }
    requirePhase(canConnect(market.phase), market.phase);

    return this.registry.change(loaded, async ({ emit, durableBeforeAnswer, declare }) => {
      const findExisting = () => market.connections.find((c) => c.offerId === offerId && c.needId === needId);
      const answerExisting = (existing: Connection) => {
        if (existing.status === "declined") throw conflict("connection_declined");
        declare.nothing();
        durableBeforeAnswer(); // durable before acknowledged, even for a resend
        return { connection: loaded.publicConnection(existing), created: false };
      };
      const before = findExisting();
      if (before) return answerExisting(before);
      this.limits.requireRoomForConnection(market.connections.length);
      await this.limits.consume("connect", actor.role === "participant" ? actor.participantId : `host:${market.id}`);
      if (!loaded.postsById.has(offerId) || !loaded.postsById.has(needId)) throw notFound("post");
      // Looked up again after the wait: the same request sent twice at once makes one connection.
      const existing = findExisting();
      if (existing) return answerExisting(existing);
      requirePhase(canConnect(market.phase), market.phase);

      const at = this.registry.timestamp();
      const connection = newConnectionRequest(offer, need, actor.role === "participant" ? actor.participantId : "host", at);
      market.connections.push(connection);
      declare.put("connections", connection);
      loaded.recountConnections();
      const publicView = loaded.publicConnection(connection);
      emit("connection:created", { connection: publicView, counts: loaded.counts() });
      return { connection: publicView, created: true };
    });
  }

  async respondToConnection(code: string, actor: Actor, connectionId: string, answer: unknown): Promise<PublicConnection> {
    const loaded = await this.registry.byCode(code);
    const { market } = loaded;
    const participantId = requireParticipant(actor);
    const response = parseInput(connectionResponse, answer);
    const connection = market.connections.find((c) => c.id === connectionId);
    if (!connection) throw notFound("connection");
    const side = sideOf(connection, participantId);
    if (!side) throw forbidden("not_in_connection");
    return this.registry.change(loaded, ({ emit, durableBeforeAnswer, declare }) => {
      // A resent answer (a phone that lost its connection) gets the same result, once durable.
      const sameAnswer = response === "accept" ? connection.acceptedBy.includes(side) : connection.status === "declined";
      if (sameAnswer) {
        declare.nothing();
        durableBeforeAnswer();
        return loaded.publicConnection(connection);
      }
      if (connection.status !== "pending") throw conflict("connection_answered");
      requirePhase(canConnect(market.phase), market.phase);

      if (response === "decline") {
        connection.status = "declined";
      } else {
        connection.acceptedBy.push(side);
        if (SIDES.every((s) => connection.acceptedBy.includes(s))) connection.status = "accepted";
      }
      connection.updatedAt = this.registry.timestamp();
      declare.put("connections", connection);
      loaded.recountConnections();
      const publicView = loaded.publicConnection(connection);
      emit("connection:updated", { connection: publicView, counts: loaded.counts() });
      return publicView;
    });
  }

  /** A participant's accepted connections, with the other person's contact. */
  async followUps(code: string, actor: Actor): Promise<FollowUp[]> {
    const loaded = await this.registry.byCode(code);
    const participantId = requireParticipant(actor);
    const result: FollowUp[] = [];
    for (const c of loaded.market.connections) {
      if (c.status !== "accepted") continue;
      const side = sideOf(c, participantId);
      if (!side) continue;
      const theirSide = OTHER_SIDE[side];
      const other = loaded.participantsById.get(theirSide === "offer" ? c.offerParticipantId : c.needParticipantId);
      result.push({
        connectionId: c.id,
        theirSide,
        name: other?.name ?? nameOf(loaded.market, ""),
        contact: other?.contact ?? "",
        offerText: c.offerText,
        needText: c.needText,
        acceptedAt: c.updatedAt,
      });
    }
    return result;
  }
}

/** Which side of a connection a participant is on, if any. */
export function sideOf(connection: Connection, participantId: string): Side | undefined {
  if (connection.offerParticipantId === participantId) return "offer";
  if (connection.needParticipantId === participantId) return "need";
  return undefined;
}
