// Lexicon data: organising: events, facilitation, networking, research, governance. Members per language, comma-separated; see ../matching-lexicon.ts.
import type { ConceptEntry } from "../matching-lexicon.ts";

export const EVENTS: Record<string, ConceptEntry> = {
  events: { en: "event, events, festival, ~fair, fete, ~party, street party, ~stall, ~stalls, stewarding, marshal, ~volunteers, ~volunteering, celebration, wedding, birthday party",
    es: "evento, eventos, ~fiesta, ~feria, ~puesto, voluntarios, voluntariado, celebración, boda, cumpleaños",
    de: "veranstaltung, veranstaltungen, ~fest, festival, straßenfest, ~stand, ehrenamtliche, freiwillige, feier, hochzeit, geburtstag",
    fr: "événement, événements, ~fête, festival, kermesse, ~stand, bénévoles, bénévolat, célébration, mariage, anniversaire" },
  kids_entertainment: { parent: "events",
    en: "face painting, face painter, bouncy castle, inflatable, magician, magic show, balloon modelling, balloon animals, puppet show, entertainer, kids entertainer, party games, treasure hunt, glitter tattoos, children s entertainment",
    es: "pintacaras, maquillaje infantil, castillo hinchable, hinchable, mago, magia, globoflexia, títeres, animador infantil, animadora infantil, juegos para niños",
    de: "kinderschminken, hüpfburg, zauberer, zaubershow, luftballontiere, puppentheater, kasperletheater, kinderanimation, kinderprogramm",
    fr: "maquillage enfants, grimage, château gonflable, structure gonflable, magicien, spectacle de magie, sculpture de ballons, marionnettes, animation enfants, animateur enfants" },
  event_kit: { parent: "events",
    en: "gazebo, gazebos, marquee, ~shelter, rain cover, canopy, pop up tent, trestle table, trestle tables, folding tables, folding chairs, tables and chairs, bunting, tea urn, ~urn, fairy lights, festoon lights, ~stage, staging, ~banner, banners, extension leads, generator",
    es: "carpa, carpas, mesas plegables, sillas plegables, mesas y sillas, banderines, guirnaldas, ~escenario, pancarta, alargadores, generador",
    de: "pavillon, partyzelt, festzelt, bierbänke, biertischgarnitur, klapptische, klappstühle, tische und stühle, wimpelkette, lichterkette, ~bühne, banner, verlängerungskabel, stromaggregat",
    fr: "barnum, tonnelle, chapiteau, tables pliantes, chaises pliantes, tréteaux, tables et chaises, fanions, guirlandes, guirlande lumineuse, ~scène, banderole, rallonges, groupe électrogène" },
  facilitation: { parent: "events", en: "facilitation, facilitate, facilitator, workshop design, ~meeting, ~meetings, retreat, moderation, ~agenda", es: "facilitación, facilitar, facilitadora, facilitador, ~reuniones, ~reunión, moderar", de: "moderation, moderieren, moderatorin, moderator, ~sitzung, ~besprechung, klausur", fr: "facilitation, ~animer, ~animation, animateur, animatrice, ~réunion, ~réunions" },
  public_speaking: { parent: "events", en: "public speaking, talk, talks, presentation, presentations, pitch, pitching, keynote, slides, speaker coaching, stage fright", es: "hablar en público, presentación, presentaciones, pitch, diapositivas", de: "öffentlich sprechen, vortrag, vorträge, präsentation, präsentieren, pitch, folien, lampenfieber", fr: "prise de parole, parler en public, présentation, présentations, pitch, diapositives, conférence, trac" },
  networking: { en: "~introduction, ~introductions, ~intro, connect me, ~contacts, ~network, networking, partner organisations, ~partners, collaborators, co founder, cofounder",
    es: "contactos, ~red, networking, ~socios, colaboradores, cofundador",
    de: "~kontakte, ~vorstellen, ~netzwerk, netzwerken, ~partner, kooperationspartner, mitgründer",
    fr: "~contacts, mise en relation, ~présenter, ~réseau, réseautage, ~partenaires, collaborateurs, cofondateur" },
  mentoring: { parent: "networking", en: "mentor, mentoring, mentorship, career advice, sounding board, ~advice, ~advise, ~guidance, ~feedback, ~peer support", es: "mentor, mentora, mentoría, ~consejo, ~consejos, asesoramiento, ~orientación", de: "mentor, mentorin, mentoring, ~beratung, ~rat, ~ratschläge, ~feedback", fr: "mentor, mentorat, ~conseils, ~conseil, ~orientation, ~retours" },
  research: { parent: "networking", en: "research, researcher, academic, ~study, ~survey, interviews for research, ~evaluation, impact measurement, impact report, literature review", es: "investigación, investigador, investigadora, ~encuesta, ~evaluación, medición de impacto", de: "forschung, forscher, forscherin, ~studie, ~umfrage, evaluation, wirkungsmessung", fr: "recherche, chercheur, chercheuse, ~étude, ~enquête, ~évaluation, mesure d impact" },
  governance: { parent: "networking", en: "~board, trustee, trustees, governance, ~charity, ngo, nonprofit, non profit, ~policy, ~strategy, theory of change, cooperative, co op", es: "~junta, patronato, gobernanza, ong, asociación, sin ánimo de lucro, ~estrategia, cooperativa", de: "vorstand, gremium, governance, verein, ngo, gemeinnützig, ~strategie, genossenschaft", fr: "conseil d administration, gouvernance, association, ong, à but non lucratif, ~stratégie, coopérative" },
  project_management: { parent: "networking", en: "project management, project manager, ~planning, ~timeline, agile, scrum, roadmap, ~organise, ~organising, ~coordination", es: "gestión de proyectos, ~planificación, ~coordinación, ~organizar", de: "projektmanagement, projektleitung, ~planung, ~koordination, ~organisieren", fr: "gestion de projet, chef de projet, ~planification, ~coordination, ~organiser" },
};
