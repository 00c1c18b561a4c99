// The lexicon on cards written from general knowledge, domain by domain (issue 17): a need
// phrased one way finds the offer phrased another way (often in another language) first, and the
// sibling offer of the same field (the near-miss) is not shown beside it. Never the wording of an
// evaluation set's cards.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { joinFields } from "../../server/market/matching-lexicon.ts";
import { MatchIndex, type MatchablePost } from "../../server/market/matching.ts";

/** [need, the offer that meets it, an offer of a sibling thing that must not be shown] */
type Probe = [need: string, offer: string, sibling?: string];

const PROFESSIONAL: Probe[] = [
  ["Can someone look over my CV before I start applying?", "Recruiter here: I review résumés and cover letters", "I proofread essays and dissertations"],
  ["I'd like to practise for a job interview next week", "Ich übe Vorstellungsgespräche mit dir", "Conversation practice in Spanish"],
  ["Help writing a grant application for our community project", "I've written lots of successful funding bids for charities", "I can introduce you to angel investors"],
  ["Looking for investors for my seed round", "Business angel, happy to meet early-stage founders", "I help charities write grant applications"],
  ["Need a logo for my new café", "Diseño logotipos e identidad de marca", "I take product photos for small shops"],
  ["Someone to proofread my thesis", "I'm a copy editor, happy to proofread anything", "Translation from German into English"],
  ["Help with my bookkeeping and VAT return", "Contable: te ayudo con la contabilidad y el IVA", "Lawyer, I can check your contracts"],
  ["Need a lawyer to look at a contract with a client", "Avocate, je relis vos contrats", "I do bookkeeping for freelancers"],
  ["Nobody finds our shop on Google, we need better search ranking", "SEO audits and keyword research", "I run Instagram accounts for small brands"],
  ["Someone to run our Instagram and TikTok", "Ich betreue Social-Media-Kanäle für kleine Läden", "I can improve your Google ranking with SEO"],
  ["Code review for my Python side project", "Senior developer, happy to review your pull requests", "I fix slow laptops and printers"],
  ["Help with Excel formulas for our budget", "Spreadsheet wizard: formulas, pivot tables, charts", "I build websites with WordPress"],
  ["A desk to work from two days a week", "Spare desk in our coworking office", "Spare room for a night or two"],
  ["Looking for a technical co-founder", "Developer looking to join a startup as a cofounder", "I can introduce you to investors"],
  ["Practise my pitch before demo day", "Je coache la prise de parole et les pitchs", "I can design your slide deck"],
  ["A room for a workshop of 30 people", "Our community hall can be booked on weekdays", "PA system and microphones to lend"],
  ["Someone to mentor me as a first-time manager", "Twenty years managing teams, happy to mentor new managers", "I run yoga classes"],
  ["A video of our conference talks", "Videographer, I film and edit events", "Event photographer, portraits and candids"],
  ["Someone to facilitate our team retreat", "I facilitate workshops and strategy days", "I can cater lunch for your event"],
  ["Looking for a UX designer to test our app with users", "Je fais des tests utilisateurs et de l'UX research", "I design logos and flyers"],
  ["Hiring a junior developer, know anyone?", "Looking for my first job as a web developer", "Happy to review your CV"],
  ["Need a project manager for a three-month build", "Freelance project manager, agile and scrum", "I do bookkeeping"],
];

const RURAL: Probe[] = [
  ["Need to borrow a tractor with a front loader for a day", "Ich verleihe meinen Traktor am Wochenende", "I can lend my lawnmower"],
  ["Looking for hay for the winter, about 40 bales", "Vendo pacas de heno de este verano", "Seasoned firewood, delivered"],
  ["Teach me to graft my old apple trees", "I run grafting workshops in spring", "Tree felling with a chainsaw"],
  ["Help extracting honey from my hives", "Imker, ich helfe beim Honigschleudern", "I keep hens and sell eggs"],
  ["Someone to look after my pigs for a week", "Experienced with pigs, can feed and check them", "I muck out and exercise horses"],
  ["Who can milk my goats this weekend?", "I can milk goats or cows, mornings and evenings", "Goat shearing and hoof trimming"],
  ["I want to learn to make cheese", "Je fais du fromage de chèvre, je peux vous montrer", "I make jam and chutney"],
  ["Someone to split and stack a load of firewood", "Kettensäge und Holzspalter, ich helfe beim Holzmachen", "I can put up a fence"],
  ["Our well pump has stopped working", "I repair pumps and irrigation systems", "I can fix your tractor"],
  ["Well-rotted manure for my vegetable beds", "Free horse manure, bring your own bags", "Seeds from my garden to swap"],
  ["Hands needed for the grape harvest", "Je viens aider aux vendanges en septembre", "I can prune your fruit trees in winter"],
  ["A share of a stall at the farmers market", "Half my market stall is free on Saturdays", "I sell eggs at the farm gate"],
  ["Someone to take two calves to the livestock market", "I have a stock trailer and can take cattle or sheep to market", "Hay for sale"],
  ["Grazing for six sheep this summer", "Paddock free for sheep or goats", "Sheep shearing in May"],
  ["Space in a barn to store hay over winter", "Dry barn with room for storage", "Straw bales for sale"],
  ["Advice on solar panels for the farm", "I put solar panels on my barn, ask me anything", "Electrician for house wiring"],
  ["A lift into town on market day", "I drive into town every Thursday, two seats free", "I can lend my trailer"],
  ["Seedlings for the vegetable garden", "Tomato and squash seedlings to give away", "Pruning fruit trees"],
  ["Someone to shear our alpacas", "Esquilador con experiencia, ovejas y alpacas", "I can milk your goats"],
  ["Anyone up for a bulk order of organic flour?", "Je lance un achat groupé de farine et de semences", "I bake sourdough bread to share"],
  ["Brauche Hilfe beim Zaunbau für die Schafweide", "I put up post and wire fencing", "I can lend my trailer"],
  ["Can I borrow a cement mixer for a weekend?", "Je prête ma bétonnière", "I can lend a ladder"],
  ["Buying feed together to get a better price", "Let's set up a buying group for animal feed and fertiliser", "I sell hay"],
];

const EVERYDAY: Probe[] = [
  ["The screen on my phone is cracked", "Je répare les smartphones : écran, batterie", "I set up laptops and printers"],
  ["My laptop is really slow, can someone look at it?", "Ich helfe bei Computerproblemen", "I repair phone screens"],
  ["Leaking tap in the kitchen", "Fontanero jubilado, arreglo grifos y fugas", "Electrician, sockets and lights"],
  ["A socket stopped working in the kitchen", "Retired electrician, happy to help", "Plumber, taps and leaks"],
  ["Can someone take up the hem of my trousers?", "Je fais des retouches de vêtements", "I knit hats and scarves"],
  ["Meals for my mum after her operation", "I cook extra and can bring round a hot meal", "I bake birthday cakes"],
  ["Someone to do the weekly shop for my neighbour", "Ich gehe für ältere Nachbarn einkaufen", "I can drive you to the hospital"],
  ["A weekly phone call for my gran who lives alone", "Happy to phone an older person for a chat each week", "I teach older people to use their phone"],
  ["I want to practise my Spanish", "Intercambio de idiomas: tu inglés por mi español", "German conversation practice"],
  ["Violin lessons for my daughter", "Je donne des cours de violon", "Drum lessons for beginners"],
  ["Looking for a tennis partner", "Suche jemanden zum Tennisspielen", "Badminton on Tuesday evenings"],
  ["Someone to walk my dog at lunchtime", "Paseo perros por el barrio", "I look after cats while you're away"],
  ["Help with the school run on Tuesdays", "I can collect kids from school in the afternoons", "Homework help in maths"],
  ["Help filling in a benefits form", "Je vous aide à remplir vos papiers et formulaires", "I do tax returns for freelancers"],
  ["Somewhere to stay for a month while I look for a flat", "Spare room available for a few weeks", "Storage space in my garage"],
  ["Someone to fix the chain on my bike", "Ich repariere Fahrräder", "I teach kids to ride a bike"],
  ["My car won't start in the mornings", "Mécanicien, je répare les voitures", "I can give you a lift"],
  ["Help carrying boxes when I move flat", "Strong arms for your house move", "Cleaning after you move out"],
  ["Someone to walk to the shops with my neighbour", "Happy to do shopping with or for older neighbours", "I walk dogs"],
  ["Guitar lessons for a beginner", "Clases de guitarra para principiantes", "Piano lessons"],
  ["Someone to teach me to swim as an adult", "Ich bringe Erwachsenen das Schwimmen bei", "Running buddy for Sunday mornings"],
];

let next = 0;
function card(kind: "offer" | "need", text: string): MatchablePost {
  next++;
  return { id: `${kind[0]}${next}`, kind, text, tags: [], participantId: `p${next}` };
}

function check([needText, offerText, siblingText]: Probe): void {
  const need = card("need", needText);
  const offer = card("offer", offerText);
  const sibling = siblingText === undefined ? undefined : card("offer", siblingText);
  const index = new MatchIndex();
  for (const c of [need, offer, ...(sibling ? [sibling] : [])]) index.upsert(c);
  const shown = index.suggestionsForPost(need.id).map((s) => s.offerId);
  expect(shown[0], `${needText} -> ${offerText}`).toBe(offer.id);
  if (sibling) expect(shown, `${needText} shows ${siblingText}`).not.toContain(sibling.id);
}

describe("a need finds the offer of the same thing, not the sibling", () => {
  it.each(PROFESSIONAL)("professional: %s -> %s", (...probe) => check(probe));
  it.each(RURAL)("rural: %s -> %s", (...probe) => check(probe));
  it.each(EVERYDAY)("everyday: %s -> %s", (...probe) => check(probe));
});

// Known limits, kept visible: a language named as the medium ("proofread my thesis in English")
// still counts like the thing asked, so a translator into English ties with the editor; "a room
// for" reads as a venue as well as a bed (a meeting room is asked as often), so the spare room loses
// a little for the venue it does not offer.
describe("known limits of the lexicon reading", () => {
  it.fails("a language named as the medium is not what is asked", () =>
    check(["Someone to proofread my thesis in English", "I'm a copy editor, happy to proofread anything", "Translation from German into English"]));
});

describe("the lexicon's shape", () => {
  it("refuses a concept defined twice, and an unknown parent", () => {
    expect(() => joinFields({ bees: { en: "bees" } }, { bees: { en: "hives" } })).toThrow(/defined twice/);
    expect(() => joinFields({ hives: { parent: "nothing", en: "hives" } })).toThrow(/unknown parent/);
  });

  it("keeps each field's file small", () => {
    const dir = new URL("../../server/market/lexicon/", import.meta.url);
    for (const file of readdirSync(dir)) expect(readFileSync(new URL(file, dir), "utf8").split("\n").length, file).toBeLessThan(400);
  });
});
