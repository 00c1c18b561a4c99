// A new request to connect an offer with a need: the one shape every way of asking makes (a phone's
// request, a suggestion, the host's proposal, a draft's request sent when its kind opens).
import { newId } from "./identity.ts";
import type { Connection, Post } from "./model.ts";

/**
 * `requestedBy` is a participant id or "host". The side that asks has said yes already; when a third
 * person or the host proposes it, both sides answer.
 */
export function newConnectionRequest(offer: Post, need: Post, requestedBy: string, at: string): Connection {
  const requesterSide = requestedBy === offer.participantId ? "offer" : requestedBy === need.participantId ? "need" : undefined;
  return {
    id: newId(),
    offerId: offer.id,
    needId: need.id,
    offerParticipantId: offer.participantId,
    needParticipantId: need.participantId,
    offerText: offer.text,
    needText: need.text,
    requestedBy,
    acceptedBy: requesterSide ? [requesterSide] : [],
    status: "pending",
    createdAt: at,
    updatedAt: at,
  };
}
