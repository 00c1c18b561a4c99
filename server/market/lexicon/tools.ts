// Lexicon data: tools and equipment to lend. Members per language, comma-separated; see ../matching-lexicon.ts.
import type { ConceptEntry } from "../matching-lexicon.ts";

export const TOOLS: Record<string, ConceptEntry> = {
  tools: { en: "tool, tools, power tools, toolkit, ~equipment, ~kit, sharpen, sharpening, blunt, knife sharpening, sharpener, garden shears, shears, secateurs, loppers",
    es: "herramienta, herramientas, ~equipo, ~material, afilar, afilado, desafilado, tijeras de podar",
    de: "werkzeug, werkzeuge, ~gerät, ~geräte, ~ausrüstung, schärfen, schleifen lassen, stumpf, gartenschere, astschere",
    fr: "outil, outils, outillage, ~matériel, ~équipement, affûter, affûtage, aiguiser, émoussé, sécateur, cisailles" },
  ladder: { parent: "tools", en: "ladder, ladders, stepladder, step ladder", es: "escalera, escalera de mano", de: "leiter, stehleiter, trittleiter", fr: "échelle, escabeau" },
  drill: { parent: "tools", en: "drill, drills, hammer drill, cordless drill, drilling", es: "taladro, taladrar", de: "bohrmaschine, bohrer, akkuschrauber, bohren", fr: "perceuse, perforateur, percer, visseuse" },
  lawnmower: { parent: "tools", en: "lawnmower, lawn mower, mower, strimmer, hedge trimmer, leaf blower, brushcutter, brush cutter, brushcutters, ride on mower", es: "cortacésped, desbrozadora, cortasetos, desbrozadoras, cortacésped de gasolina", de: "rasenmäher, freischneider, heckenschere, laubbläser, motorsense, aufsitzmäher", fr: "tondeuse, débroussailleuse, taille haie, souffleur, débroussailleuses, tondeuse autoportée, rotofil" },
  saw: { parent: "tools", en: "saw, circular saw, jigsaw, mitre saw, table saw", es: "sierra, sierra circular, caladora", de: "säge, kreissäge, stichsäge", fr: "scie, scie circulaire, scie sauteuse" },
  cleaning_machines: { parent: "tools", en: "pressure washer, jet wash, carpet cleaner, steam cleaner, moss, grime, algae, patio cleaning, clean the patio, driveway cleaning, jet washing", es: "hidrolimpiadora, vaporeta, musgo, limpiar el patio", de: "hochdruckreiniger, teppichreiniger, dampfreiniger, moos, algen, terrasse reinigen", fr: "nettoyeur haute pression, karcher, shampouineuse, mousse, algues, nettoyer la terrasse" },
  building_tools: { parent: "tools",
    en: "cement mixer, concrete mixer, scaffolding, scaffold tower, tile cutter, angle grinder, wheelbarrow, sander, floor sander",
    es: "hormigonera, andamio, andamios, cortadora de azulejos, radial, carretilla, lijadora",
    de: "betonmischer, gerüst, fliesenschneider, winkelschleifer, flex, schubkarre, schleifmaschine",
    fr: "bétonnière, échafaudage, coupe carrelage, meuleuse, disqueuse, brouette, ponceuse" },
  camping_gear: { parent: "tools", en: "tent, camping, sleeping bag, sleeping bags, camping gear, rucksack", es: "tienda de campaña, acampada, camping, saco de dormir, mochila", de: "zelt, camping, schlafsack, schlafsäcke, rucksack", fr: "tente, camping, sac de couchage, sacs de couchage, sac à dos" },
  sound_equipment: { parent: "events",
    en: "pa, pa system, sound system, ~speakers, speaker system, microphone, mic, amplifier, amp, ~audio, ~mixer, projector, ~screen",
    es: "equipo de sonido, altavoces, micrófono, amplificador, proyector, ~pantalla",
    de: "musikanlage, lautsprecher, ~boxen, mikrofon, verstärker, beamer, leinwand",
    fr: "sono, sonorisation, enceintes, micro, microphone, ampli, amplificateur, vidéoprojecteur, ~écran" },
};
