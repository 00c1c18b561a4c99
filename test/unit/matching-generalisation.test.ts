// What a participant notices on cards the engine never saw (issue 17): the same ask in another
// language meets its offer; the exact thing beats its sibling and the wrong kind of exchange;
// who a card is for never makes a pair on its own; the why reads in the phone's language.
import { describe, expect, it } from "vitest";
import { i18nFor } from "../../app/lib/i18n.ts";
import "../../app/lib/translations.server.ts";
import { whyOf } from "../../app/lib/why.ts";
import { MatchIndex, type MatchablePost } from "../../server/market/matching.ts";

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

describe("across languages", () => {
  it("an English ask to teach kids to ride a bike meets the German offer first, not a bike mechanic", () => {
    const need = card("need", "teach my kids to ride a bike");
    const german = card("offer", "Ich kann Kindern das Radfahren beibringen");
    const mechanic = card("offer", "I fix bikes: brakes, gears, punctures");
    expect(shown(room(need, german, mechanic), need)[0]).toBe(german.id);
  });

  it("a German separable verb reads as one: \"ich bringe Kindern das Radfahren bei\" teaches", () => {
    const need = card("need", "teach my kids to ride a bike");
    const german = card("offer", "Ich bringe Kindern das Radfahren bei, sonntags im Park");
    const mechanic = card("offer", "Ich repariere Fahrräder");
    expect(shown(room(need, german, mechanic), need)).toEqual([german.id]);
  });

  it("a French cat is not an English chat: the card's own language is read first", () => {
    const need = card("need", "Qui peut garder mon chat pendant les vacances ?");
    const company = card("offer", "happy to chat over a cuppa with anyone who feels lonely");
    const sitter = card("offer", "I feed cats and change the litter while you're away");
    expect(shown(room(need, company, sitter), need)).toEqual([sitter.id]);
  });

  it("a Spanish need to move house meets a German offer of a van", () => {
    const need = card("need", "Me mudo el mes que viene y no tengo coche para los muebles");
    const van = card("offer", "Ich habe einen Transporter und helfe beim Umzug");
    const lessons = card("offer", "Clases de guitarra para principiantes");
    expect(shown(room(need, van, lessons), need)).toEqual([van.id]);
  });

  it("minding children, said in German and in French, is babysitting; a swimming teacher is not", () => {
    const need = card("need", "Wer kann mittwochs auf meine zwei Kinder aufpassen?");
    const sitter = card("offer", "Je garde des enfants le mercredi après-midi");
    const swimming = card("offer", "Ich bringe Kindern das Schwimmen bei");
    expect(shown(room(need, sitter, swimming), need)).toEqual([sitter.id]);
  });
});

describe("near-misses lose", () => {
  it("a need to mind rabbits wants the rabbit sitter, not the cat feeder or the dog walker", () => {
    const need = card("need", "someone to mind my rabbits while we're camping");
    const rabbits = card("offer", "rabbit and guinea pig sitting in the school holidays");
    const cats = card("offer", "cat feeding and litter while you're away");
    const dogs = card("offer", "I walk dogs at lunchtime");
    expect(shown(room(need, rabbits, cats, dogs), need)).toEqual([rabbits.id]);
  });

  it("a chemistry need wants the chemistry tutor, not the maths tutor", () => {
    const need = card("need", "my son needs chemistry revision before his exams");
    const chemistry = card("offer", "tutoring in chemistry and biology");
    const maths = card("offer", "maths tutoring up to year 10");
    expect(shown(room(need, chemistry, maths), need)).toEqual([chemistry.id]);
  });

  it("a squeaking bike wants a repair, not riding lessons", () => {
    const need = card("need", "Mein Fahrrad hat einen Platten und die Bremsen quietschen");
    const repair = card("offer", "Je répare les vélos : freins, chaîne, crevaisons");
    const lessons = card("offer", "Enseño a los niños a montar en bici los domingos");
    expect(shown(room(need, repair, lessons), need)).toEqual([repair.id]);
  });

  it("the same words for the thing rank first: a bouncy castle before face painting", () => {
    const need = card("need", "a bouncy castle for the little ones at the fair");
    const castle = card("offer", "bouncy castle we can lend for the fair");
    const faces = card("offer", "face painting for kids' parties and fetes");
    expect(shown(room(need, castle, faces), need)[0]).toBe(castle.id);
  });
});

describe("what does not make a pair", () => {
  it("who a card is for (children) is not what it asks: no pair on that alone", () => {
    const need = card("need", "a quiet desk for my kids to do homework");
    const offer = card("offer", "my kids have outgrown their scooters");
    expect(shown(room(need, offer), need)).toEqual([]);
  });

  it("months are not tables: Spanish baby clothes up to 12 months do not meet a need for a table", () => {
    const need = card("need", "Busco una mesa para la cocina");
    const offer = card("offer", "Doy ropa de bebé de 0 a 12 meses");
    expect(shown(room(need, offer), need)).toEqual([]);
  });
});

describe("the why in the phone's language", () => {
  it("names what the English need and the German offer share, in German and in French", () => {
    const need = card("need", "teach my kids to ride a bike");
    const offer = card("offer", "Ich kann Kindern das Radfahren beibringen");
    const [suggestion] = room(need, offer).suggestionsForPost(need.id);
    expect(suggestion?.offerId).toBe(offer.id);
    expect(whyOf(i18nFor("de").t, suggestion!.sharedTerms)).toContain("Fahrräder");
    expect(whyOf(i18nFor("fr").t, suggestion!.sharedTerms)).toContain("Enfants");
  });
});

describe("kept current", () => {
  it("a new offer reaching a field through something specific reaches a need that asked for the field, after its list was shown", () => {
    const need = card("need", "Childcare on Saturday mornings");
    const index = room(need);
    expect(shown(index, need)).toEqual([]);
    const club = card("offer", "Kids club on Saturday mornings");
    index.upsert(club);
    expect(shown(index, need)).toEqual([club.id]);
  });
});
