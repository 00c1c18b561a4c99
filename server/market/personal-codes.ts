// Nobody loses their place: each person gets a personal code (and a link carrying it) that brings
// the same person back in any browser, on any device, also after the close within retention.
// A QR scanner's in-app browser keeps its cookie to itself; the code is how a person carries
// themselves over. Like tokens, only the code's sha256 is stored, so it is shown when it is made
// (joining, or a new one asked for) and never again; the host can revoke it and make a new one.
//
// Guessing (README, "Nobody loses their place", has the arithmetic): 12 characters from the 32-letter join alphabet
// are 60 bits. Wrong codes are limited per address and per market (limits.ts); a right one costs
// nothing, so a hall coming back at once on one venue address is never stopped.
import { customAlphabet } from "nanoid";
import { requireHost, type Actor, type RequestOrigin } from "./actor.ts";
import { notFound, unauthenticated } from "./errors.ts";
import { hashSecret, JOIN_CODE_ALPHABET, newSecret } from "./identity.ts";
import type { LoadedMarket } from "./loaded-market.ts";
import type { MarketLimits } from "./limits.ts";
import type { MarketRegistry } from "./market-registry.ts";
import type { Participant } from "./model.ts";

export const PERSONAL_CODE_LENGTH = 12;
const newPersonalCode = customAlphabet(JOIN_CODE_ALPHABET, PERSONAL_CODE_LENGTH);
/** A person rarely has more than a few browsers; the oldest comeback session goes first. */
const MAX_COMEBACK_SESSIONS = 10;

/** "ABCDEFGHJKLM" -> "ABCD-EFGH-JKLM": easier to read aloud and to copy by hand. */
export const formatPersonalCode = (code: string): string => code.match(/.{1,4}/g)?.join("-") ?? code;

/** Accepts what people type: lower case, spaces, dashes. */
export const normalizePersonalCode = (input: string): string => input.toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 32);

/** The personal link's path: the market's join page, with the code ready to send. */
export const personalLinkPath = (marketCode: string, personalCode: string): string => `/join/${marketCode}?back=${encodeURIComponent(personalCode)}`;

/** Gives a participant a new personal code (the old one stops working) and returns it, formatted. */
export function issuePersonalCode(loaded: LoadedMarket, participant: Participant): string {
  const code = newPersonalCode();
  loaded.forgetSecrets(participant);
  participant.personalCodeHash = hashSecret(code);
  loaded.indexParticipant(participant);
  return formatPersonalCode(code);
}

export class PersonalCodes {
  constructor(
    private readonly registry: MarketRegistry,
    private readonly limits: MarketLimits,
  ) {}

  /**
   * Brings a person back by their personal code: a new token for this browser, beside the ones
   * they already have. Works in every phase, closed included (that is when follow-ups matter).
   */
  async comeBack(code: string, typed: unknown, from: RequestOrigin = {}): Promise<{ participant: Participant; token: string }> {
    const loaded = await this.registry.byCode(code);
    const marketId = loaded.market.id;
    // Every attempt counts first (parallel guesses cannot slip through); a right one is given back.
    if (from.address) await this.limits.consume("personalCodeAddress", from.address);
    await this.limits.consume("personalCodeMarket", marketId);
    const normalized = typeof typed === "string" ? normalizePersonalCode(typed) : "";
    const participant = normalized ? loaded.participantsByPersonalCode.get(hashSecret(normalized)) : undefined;
    if (!participant || participant.removedAt) throw unauthenticated("personal_code_unknown");
    if (from.address) await this.limits.giveBack("personalCodeAddress", from.address);
    await this.limits.giveBack("personalCodeMarket", marketId);
    return this.registry.change(loaded, ({ durableBeforeAnswer, declare }) => {
      declare.put("participants", participant);
      const token = newSecret();
      loaded.forgetSecrets(participant);
      participant.comebackTokenHashes = [...(participant.comebackTokenHashes ?? []), hashSecret(token)].slice(-MAX_COMEBACK_SESSIONS);
      loaded.indexParticipant(participant);
      durableBeforeAnswer();
      return { participant, token };
    });
  }

  /**
   * A new personal code: for oneself (a participant), or for anyone by the host (to hand over at
   * the desk). The old code stops working; browsers that already came back stay signed in.
   */
  async newCode(code: string, actor: Actor, participantId?: string): Promise<{ participantId: string; personalCode: string }> {
    const loaded = await this.registry.byCode(code);
    const participant = this.target(loaded, actor, participantId);
    return this.registry.change(loaded, ({ durableBeforeAnswer, declare }) => {
      declare.put("participants", participant);
      durableBeforeAnswer();
      return { participantId: participant.id, personalCode: issuePersonalCode(loaded, participant) };
    });
  }

  /**
   * The host revokes a person's personal code (it was lost, or shared by mistake): the code stops
   * working and every browser that came back by it is signed out. The browser they joined on stays.
   */
  async revoke(code: string, actor: Actor, participantId: string): Promise<void> {
    requireHost(actor);
    const loaded = await this.registry.byCode(code);
    const participant = this.target(loaded, actor, participantId);
    await this.registry.change(loaded, ({ durableBeforeAnswer, declare }) => {
      declare.put("participants", participant);
      loaded.forgetSecrets(participant);
      delete participant.personalCodeHash;
      delete participant.comebackTokenHashes;
      loaded.indexParticipant(participant);
      durableBeforeAnswer();
    });
  }

  private target(loaded: LoadedMarket, actor: Actor, participantId: string | undefined): Participant {
    const id = actor.role === "participant" ? actor.participantId : (requireHost(actor), participantId);
    const participant = id ? loaded.participantsById.get(id) : undefined;
    if (!participant || participant.removedAt) throw notFound("participant");
    return participant;
  }
}
