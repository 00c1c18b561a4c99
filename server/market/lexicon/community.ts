// Lexicon data: community life: faith communities, organising, campaigning, volunteering, inclusion. Members per language, comma-separated; see ../matching-lexicon.ts.
import type { ConceptEntry } from "../matching-lexicon.ts";

export const COMMUNITY: Record<string, ConceptEntry> = {
  faith: { en: "church, mass, parish, chapel, mosque, synagogue, temple, gurdwara, prayer, worship, congregation, sunday school, bible study, iftar, eid, ramadan, shabbat",
    es: "iglesia, misa, parroquia, capilla, mezquita, sinagoga, templo, oración, catequesis",
    de: "kirche, gottesdienst, messe, gemeinde, pfarrei, kapelle, moschee, synagoge, tempel, gebet, konfirmation",
    fr: "église, messe, paroisse, chapelle, mosquée, synagogue, temple, prière, catéchisme, culte" },
  organising: { en: "~organise, ~organising, campaign, campaigning, petition, residents association, tenants association, community group, grassroots, lobbying, advocacy, protest",
    es: "campaña, asociación de vecinos, colectivo, activismo, recogida de firmas, incidencia",
    de: "kampagne, bürgerinitiative, initiative, nachbarschaftsinitiative, mieterverein, petition, aktivismus, lobbyarbeit",
    fr: "campagne, comité de quartier, association de locataires, collectif, militantisme, plaidoyer" },
  sustainability: { en: "sustainability, sustainable, climate, net zero, carbon footprint, emissions, circular economy, zero waste, esg, biodiversity, low carbon",
    es: "sostenibilidad, sostenible, clima, huella de carbono, emisiones, economía circular, residuo cero, biodiversidad",
    de: "nachhaltigkeit, nachhaltig, klima, klimaschutz, co2 bilanz, emissionen, kreislaufwirtschaft, zero waste, biodiversität",
    fr: "durabilité, durable, climat, bilan carbone, empreinte carbone, émissions, économie circulaire, zéro déchet, biodiversité" },
  accessibility: { en: "accessibility, ~accessible, wheelchair, wheelchair user, step free, hearing loop, captions, captioning, easy read, large print, blind, visually impaired, deaf, wcag, screen reader, screen readers, alt text, colour contrast, color contrast, blind people, blind users, accessibility audit, dyslexia friendly, neurodivergent, inclusive design",
    es: "accesibilidad, ~accesible, silla de ruedas, subtítulos, lectura fácil, ciego, ciega, sordo, sorda, lector de pantalla, texto alternativo, personas ciegas, diseño inclusivo",
    de: "barrierefreiheit, barrierefrei, rollstuhl, rollstuhlfahrer, leichte sprache, blind, sehbehindert, gehörlos, screenreader, bildschirmleser, alternativtext, blinde menschen, inklusives design",
    fr: "accessibilité, ~accessible, fauteuil roulant, facile à lire, malvoyant, malvoyante, aveugle, sourd, sourde, lecteur d écran, texte alternatif, rgaa, personnes aveugles, conception inclusive" },
};
