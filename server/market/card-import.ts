// A paper market's cards brought into a live market by the host.
import { requireHost, type Actor } from "./actor.ts";
import type { Card } from "./cards-csv.ts";
import { invalid } from "./errors.ts";
import { hashSecret, newId, newSecret } from "./identity.ts";
import type { MarketRegistry } from "./market-registry.ts";
import type { Participant, Post } from "./model.ts";
import { canChangeAnything, requirePhase } from "./rules.ts";
import { createPostInput, joinInput, parseInput } from "./schemas.ts";
import { publicParticipant } from "./views.ts";

export class CardImport {
  constructor(private readonly registry: MarketRegistry) {}

  /**
   * Brings a paper market's cards into this market (host only): one participant per name and
   * contact, their posts, all in one durable write. Card writers handed their contact to the
   * host, so it is shared with the host; it is never shown on the wall.
   */
  async importCards(code: string, actor: Actor, cards: Card[]): Promise<{ participants: number; posts: number }> {
    const loaded = await this.registry.byCode(code);
    const { market } = loaded;
    requireHost(actor);
    requirePhase(canChangeAnything(market.phase), market.phase);
    if (cards.length === 0) throw invalid("no_cards");
    const people = new Map<string, Participant>();
    const posts: Post[] = [];
    const problems: string[] = [];
    for (const card of cards) {
      const key = `${card.name.trim().toLowerCase()}\u0000${card.contact.trim().toLowerCase()}`;
      try {
        let person = people.get(key);
        if (!person) {
          const fields = parseInput(joinInput, { name: card.name, contact: card.contact || "(paper card)", shareContactWithHost: true });
          person = { id: newId(), ...fields, tokenHash: hashSecret(newSecret()), joinedAt: this.registry.timestamp() };
        }
        const postFields = parseInput(createPostInput, { kind: card.kind, text: card.text, tags: card.tags.slice(0, 5) });
        people.set(key, person);
        posts.push({ id: newId(), kind: postFields.kind, text: postFields.text, tags: postFields.tags, participantId: person.id, createdAt: this.registry.timestamp() });
      } catch (error) {
        problems.push(`line ${card.line}: ${(error as Error).message}`);
      }
    }
    if (problems.length) throw invalid("invalid_cards", { problems: problems.slice(0, 5).join(" ") });
    return this.registry.change(loaded, ({ emit }) => {
      for (const person of people.values()) {
        market.participants.push(person);
        loaded.indexParticipant(person);
        emit("participant:joined", { participant: publicParticipant(person), counts: loaded.counts() });
      }
      for (const post of posts) {
        market.posts.push(post);
        loaded.indexPost(post);
        emit("post:created", { post: loaded.publicPost(post), counts: loaded.counts() });
      }
      return { participants: people.size, posts: posts.length };
    });
  }
}
