// Lexicon data: space: rooms, storage, workspace, venues, parking. Members per language, comma-separated; see ../matching-lexicon.ts.
import type { ConceptEntry } from "../matching-lexicon.ts";

export const SPACE: Record<string, ConceptEntry> = {
  space: { en: "space, venue, hall, premises",
    es: "espacio, sala, local, lugar, salón",
    de: "raum, räume, räumlichkeiten, saal, ort, platz",
    fr: "espace, salle, local, lieu, locaux" },
  accommodation: { parent: "space", en: "spare room, accommodation, spare bed, sofa bed, place to stay, somewhere to stay, stay, short stay, lodging, guest room, bed for the night, sleep over, crash, host someone, put someone up",
    es: "habitación, alojamiento, cama libre, sofá cama, dónde quedarme, sitio para dormir, alojar, hospedar, quedarse",
    de: "gästezimmer, unterkunft, übernachtung, übernachten, schlafplatz, gästebett, schlafsofa, zimmer frei, beherbergen",
    fr: "chambre, hébergement, héberger, loger, logement temporaire, lit d appoint, canapé lit, dormir, nuit, chambre d amis" },
  storage: { parent: "space", en: "storage, store, storing, garage, loft, attic, shed, cellar, barn, storage space, cold storage",
    es: "almacenamiento, guardar, trastero, garaje, desván, cobertizo, sótano, granero, almacén",
    de: "lager, lagerraum, lagern, unterstellen, garage, dachboden, schuppen, keller, scheune",
    fr: "stockage, stocker, entreposer, garage, grenier, cabanon, abri, cave, grange, entrepôt" },
  workspace: { parent: "space", en: "workspace, desk, coworking, office, home office, studio, meeting room, desk space, quiet place to work",
    es: "espacio de trabajo, escritorio, coworking, oficina, estudio, despacho, sala de reuniones",
    de: "arbeitsplatz, schreibtisch, coworking, büro, atelier, besprechungsraum",
    fr: "espace de travail, bureau, coworking, atelier, salle de réunion" },
  event_venue: { parent: "space", en: "venue, hall, room hire, bookable, a room for, function room, event space, church hall, community centre",
    es: "local para eventos, salón de actos, centro social, centro cívico",
    de: "veranstaltungsraum, gemeindesaal, gemeindehaus, bürgerhaus, saal",
    fr: "salle des fêtes, salle polyvalente, maison de quartier, centre social" },
  parking: { parent: "space", en: "parking space, car park, driveway, place to park", es: "aparcamiento, plaza de garaje, parking", de: "parkplatz, stellplatz, einfahrt", fr: "parking, place de parking, stationnement" },
};
