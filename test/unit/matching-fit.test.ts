// What makes a suggestion a fit rather than a look-alike (issue 17, on cards no set holds): a
// generic word or the setting of a card is not what it offers, who a card is for is not what it
// asks, a thing to lend is not someone to do the job, and the animal shared is not the activity.
import { describe, expect, it } from "vitest";
import { MatchIndex, type MatchablePost } from "../../server/market/matching.ts";

let next = 0;
function card(kind: "offer" | "need", text: string): MatchablePost {
  next++;
  return { id: `${kind[0]}${next}`, kind, text, tags: [], participantId: `p${next}` };
}

function shownFor(need: MatchablePost, ...offers: MatchablePost[]): string[] {
  const index = new MatchIndex();
  for (const c of [need, ...offers]) index.upsert(c);
  return index.suggestionsForPost(need.id).map((s) => s.offerId);
}

describe("a generic word or the setting is not the thing", () => {
  it("bees that moved into a chimney want the beekeeper, not the removals help", () => {
    const need = card("need", "Bees have moved into my chimney");
    const beekeeper = card("offer", "Beekeeper, can collect swarms from your garden");
    const removals = card("offer", "Ich helfe beim Umzug, habe starke Arme");
    expect(shownFor(need, beekeeper, removals)).toEqual([beekeeper.id]);
  });

  it("a website to build wants the web builder, not the photographer who shoots headshots for websites", () => {
    const need = card("need", "need a simple website for my bakery, nothing fancy");
    const builder = card("offer", "Ich baue WordPress-Seiten, auch kleine Shops");
    const photographer = card("offer", "photographer, headshots for your website or linkedin");
    expect(shownFor(need, builder, photographer)).toEqual([builder.id]);
  });
});

describe("who a card is for is not what it asks", () => {
  it("a founder asking for a logo meets the designer, not the tax adviser for founders", () => {
    const need = card("need", "first-time founder, need a logo for my startup");
    const designer = card("offer", "logo and brand identity, sliding scale");
    const tax = card("offer", "Ich berate Gründer:innen zu Steuern und Buchhaltung");
    expect(shownFor(need, designer, tax)).toEqual([designer.id]);
  });
});

describe("the activity must agree, not only the object", () => {
  it("someone to paint a room is not met by a ladder and a paint tray to lend", () => {
    const need = card("need", "Need someone to paint my living room");
    const kit = card("offer", "Can lend a long ladder and a paint roller tray");
    const painter = card("offer", "Professional painter and decorator, interior walls");
    expect(shownFor(need, kit, painter)).toEqual([painter.id]);
  });

  it("goats to milk want the goat milker, not the trailer that moves goats", () => {
    const need = card("need", "need someone to milk my goats for a week in july");
    const milker = card("offer", "Tengo experiencia con cabras, puedo ordeñarlas y cuidarlas");
    const trailer = card("offer", "got a livestock trailer, can move sheep and goats locally");
    expect(shownFor(need, milker, trailer)).toEqual([milker.id]);
  });

  it("ewes to shear want the shearer, not the wool given away", () => {
    const need = card("need", "3 ewes need shearing before summer");
    const shearer = card("offer", "Schafe scheren im Mai, habe eigene Schermaschine");
    const wool = card("offer", "J'ai plein de laine de nos moutons, je la donne");
    expect(shownFor(need, shearer, wool)).toEqual([shearer.id]);
  });
});

describe("a name shared across languages", () => {
  it("an English need for a lift to Perpignan meets the French driver going there first, and says so", () => {
    const need = card("need", "need a lift to Perpignan on tuesday, my car is off the road");
    const perpignan = card("offer", "Je descends à Perpignan tous les mardis, 2 places dans la voiture");
    const girona = card("offer", "Conduzco a Girona los martes, caben 2 más en el coche");
    const index = new MatchIndex();
    for (const c of [need, perpignan, girona]) index.upsert(c);
    const [first] = index.suggestionsForPost(need.id);
    expect(first?.offerId).toBe(perpignan.id);
    expect(first?.sharedTerms.join(" ").toLowerCase()).toContain("perpignan");
  });
});
