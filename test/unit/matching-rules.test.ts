// The rules that make a suggestion worth its screen space (issue 17): a near-miss loses to the
// exact thing, the kind of exchange and when/where must fit, languages meet, one threshold holds
// in every room size, and the why reads in the reader's language.
import { describe, expect, it } from "vitest";
import { i18nFor, LANGUAGES } from "../../app/lib/i18n.ts";
import "../../app/lib/translations.server.ts";
import { whyOf } from "../../app/lib/why.ts";
import { syntheticMarket } from "../../bench/matching.ts";
import { MATCH_THRESHOLD, MatchIndex, type MatchablePost } from "../../server/market/matching.ts";
import { detectLanguage } from "../../server/market/matching-language.ts";
import { CONCEPTS } from "../../server/market/matching-lexicon.ts";

let next = 0;
function card(kind: "offer" | "need", text: string, extra: Partial<MatchablePost> = {}): MatchablePost {
  next++;
  return { id: `${kind[0]}${next}`, kind, text, tags: [], participantId: `p${next}`, ...extra };
}

function room(...cards: MatchablePost[]): MatchIndex {
  const index = new MatchIndex();
  for (const c of cards) index.upsert(c);
  return index;
}

const shown = (index: MatchIndex, need: MatchablePost) => index.suggestionsForPost(need.id).map((s) => s.offerId);

describe("near-misses lose", () => {
  it("cat sitting wants the cat offer, not the dog walker", () => {
    const need = card("need", "need a cat sitter for a week over easter, just feeding the cats");
    const cats = card("offer", "I can pop in to feed your cats and change the litter");
    const dogs = card("offer", "dog walking weekday mornings");
    expect(shown(room(need, cats, dogs), need)).toEqual([cats.id]);
  });

  it("a guitar to repair wants a repairer, not guitar lessons", () => {
    const need = card("need", "my guitar neck is warped, needs fixing");
    const lessons = card("offer", "guitar lessons for beginners");
    const luthier = card("offer", "I repair stringed instruments: guitars, violins, ukuleles");
    expect(shown(room(need, lessons, luthier), need)).toEqual([luthier.id]);
  });

  it("someone to paint wants a painter, not a ladder to lend", () => {
    const need = card("need", "need someone to paint my hallway walls");
    const ladder = card("offer", "can lend a tall ladder");
    const painter = card("offer", "decorator, I do painting and wallpapering");
    expect(shown(room(need, ladder, painter), need)).toEqual([painter.id]);
  });

  it("when and where must fit: weekends for weekday mornings, online for in person", () => {
    const mornings = card("need", "dog walking on weekday mornings");
    const weekends = card("offer", "I walk dogs at weekends");
    const inPerson = card("need", "maths tutoring, must be in person", { where: { kind: "place", place: "Hackney" } });
    const online = card("offer", "maths tutoring online over video call", { where: { kind: "online" } });
    const index = room(mornings, weekends, inPerson, online);
    expect(shown(index, mornings)).toEqual([]);
    expect(shown(index, inPerson)).toEqual([]);
    // Without the clash both pairs would be suggested.
    const free = room(card("need", "dog walking please"), weekends, card("need", "maths tutoring please"), online);
    expect(free.topPairs().map((s) => s.offerId).sort()).toEqual([online.id, weekends.id].sort());
  });
});

describe("across languages", () => {
  it("detects the language of each card", () => {
    expect(detectLanguage("teach my kids to ride a bike")).toBe("en");
    expect(detectLanguage("Ich bringe Kindern das Radfahren bei")).toBe("de");
    expect(detectLanguage("Busco a alguien que cuide de mi gato")).toBe("es");
    expect(detectLanguage("Je cherche quelqu'un pour garder mes enfants")).toBe("fr");
  });

  it("an English need meets a German, a Spanish and a French offer", () => {
    const bike = card("need", "could someone teach my kids to ride a bike?");
    const radfahren = card("offer", "Ich bringe Kindern das Radfahren bei, samstags im Park");
    const cat = card("need", "looking for someone to feed my cat while I'm away");
    const gato = card("offer", "Puedo cuidar de tu gato cuando estés de vacaciones");
    const move = card("need", "help moving flat, need a van");
    const camion = card("offer", "J'ai une camionnette, je peux aider pour un déménagement");
    const index = room(bike, radfahren, cat, gato, move, camion);
    expect(shown(index, bike)).toEqual([radfahren.id]);
    expect(shown(index, cat)).toEqual([gato.id]);
    expect(shown(index, move)).toEqual([camion.id]);
    expect(index.suggestionsForPost(bike.id)[0]?.sharedTerms).toContain("bike");
  });
});

describe("one threshold for every room size", () => {
  it("a pair scores the same alone and in a room of 1,000 more cards, and a weak pair stays hidden", () => {
    const need = card("need", "need someone to walk my dog in the mornings");
    const offer = card("offer", "dog walking weekday mornings, I go round the park anyway");
    const weak = card("offer", "I have a garden, happy to share it");
    const small = room(need, offer, weak);
    const big = room(...syntheticMarket().slice(0, 1000), need, offer, weak);
    const inSmall = small.suggestionsForPost(need.id);
    const inBig = big.suggestionsForPost(need.id, 50).find((s) => s.offerId === offer.id);
    expect(inSmall.map((s) => s.offerId)).toEqual([offer.id]);
    expect(inBig?.score).toBe(inSmall[0]?.score);
    for (const index of [small, big]) {
      expect(index.suggestionsForPost(need.id, 1000).some((s) => s.offerId === weak.id)).toBe(false);
    }
    for (const s of big.suggestionsForPost(need.id, 1000)) expect(s.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  });
});

describe("the why, in the reader's language", () => {
  it("names shared concepts in each language and keeps shared words as written", () => {
    expect(whyOf(i18nFor("de").t, ["bike", "teach", "sourdough"])).toBe("Fahrräder, Unterricht, sourdough");
    expect(whyOf(i18nFor("fr").t, ["cat_care"])).toBe("chats");
    expect(whyOf(i18nFor("es").t, ["dog_care", "pets"])).toBe("perros, mascotas");
  });

  it("every concept of the lexicon has a name in every language", () => {
    for (const language of LANGUAGES) {
      const t = i18nFor(language).t;
      const missing = Object.keys(CONCEPTS).filter((id) => !i18nFor(language).exists(`concept.${id}`));
      expect(missing, language).toEqual([]);
      expect(t("concept.bike")).not.toBe("concept.bike");
    }
  });
});
