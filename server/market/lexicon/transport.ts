// Lexicon data: moving people and things: lifts, moving house, vans. Members per language, comma-separated; see ../matching-lexicon.ts.
import type { ConceptEntry } from "../matching-lexicon.ts";

export const TRANSPORT: Record<string, ConceptEntry> = {
  transport: { en: "lift, lifts, ride, rides, car, drive, driving, driver, carpool, car share, taxi, airport, station, trip, travel",
    es: "llevar en coche, coche, conducir, conductor, viaje, aeropuerto, estación, compartir coche, me lleve",
    de: "mitfahrgelegenheit, mitnehmen, auto, fahren, fahrer, fahrt, flughafen, bahnhof, fahrgemeinschaft",
    fr: "covoiturage, voiture, conduire, chauffeur, trajet, aéroport, gare, emmener, déposer" },
  moving: { en: "move, moving, removals, house move, move house, moving house, boxes, packing, heavy lifting, lift heavy, heavy stuff, strong arms, carry boxes, shift furniture, man with a van, moving flat",
    es: "mudanza, mudarme, mudar, cajas, cargar, embalar, trasladar muebles",
    de: "umzug, umziehen, umzugskartons, kartons, tragen, schleppen, möbel tragen, umzugshelfer",
    fr: "déménagement, déménager, cartons, porter, transporter des meubles" },
  van: {
    en: "van, transit van, trailer, pick up truck, truck, estate car, roof rack",
    es: "furgoneta, remolque, camioneta, camión",
    de: "transporter, anhänger, kleintransporter, lieferwagen, bus",
    fr: "camionnette, utilitaire, remorque, camion" },
};
