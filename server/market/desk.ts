// No phone, no problem: the helper desk. The host (or a helper holding the desk's own link, which
// the host hands out and can revoke) adds a person with name and contact, then acts for them:
// types their offers and needs, asks to connect and answers, and prints their follow-ups. Such a
// person is an ordinary participant (the harvest counts them like everyone else); the desk only
// gets their participant actor, and only for people it added.
import { requireDesk, requireHost, type Actor } from "./actor.ts";
import { forbidden, notFound } from "./errors.ts";
import { hashSecret, newSecret } from "./identity.ts";
import type { MarketRegistry } from "./market-registry.ts";
import type { JoinedParticipant, Participants } from "./participants.ts";

/** A person the desk looks after, as the desk lists them (their contact is the desk's to print). */
export interface DeskPerson {
  id: string;
  name: string;
  contact: string;
}

export class HelperDesk {
  constructor(
    private readonly registry: MarketRegistry,
    private readonly participants: Participants,
  ) {}

  async addPerson(code: string, actor: Actor, input: unknown): Promise<JoinedParticipant> {
    requireDesk(actor);
    return this.participants.joinMarket(code, input, {}, true);
  }

  /** The people added at the desk, in the order they came. */
  async people(code: string, actor: Actor): Promise<DeskPerson[]> {
    requireDesk(actor);
    const loaded = await this.registry.byCode(code);
    return loaded.market.participants.filter((p) => p.atDesk && !p.removedAt).map(({ id, name, contact }) => ({ id, name, contact }));
  }

  /** The actor the desk uses to act for one of its people: that person, as if on their own phone. */
  async actFor(code: string, actor: Actor, participantId: string): Promise<Actor & { role: "participant" }> {
    requireDesk(actor);
    const loaded = await this.registry.byCode(code);
    const person = loaded.participantsById.get(participantId);
    if (!person || person.removedAt) throw notFound("participant");
    if (!person.atDesk) throw forbidden("not_at_desk");
    return { role: "participant", participantId };
  }

  /** A new helper link (the old one stops working). Returns the key, shown to the host only now. */
  async newHelperKey(code: string, actor: Actor): Promise<string> {
    requireHost(actor);
    return this.registry.change(code, ({ market, durableBeforeAnswer, declare }) => {
      declare.nothing(); // only a plain value moves: the chain finds it
      const key = newSecret();
      market.helperKeyHash = hashSecret(key);
      durableBeforeAnswer();
      return key;
    });
  }

  async revokeHelperKey(code: string, actor: Actor): Promise<void> {
    requireHost(actor);
    await this.registry.change(code, ({ market, durableBeforeAnswer, declare }) => {
      declare.nothing(); // a field that goes is found without a word
      delete market.helperKeyHash;
      durableBeforeAnswer();
    });
  }
}
