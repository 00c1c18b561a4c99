// Lexicon data: what kind of exchange a card is (teach, repair, lend, give): read apart from what it is about. Members per language, comma-separated; see ../matching-lexicon.ts.
import type { ConceptEntry } from "../matching-lexicon.ts";

export const EXCHANGE: Record<string, ConceptEntry> = {
  teach: { action: true,
    en: "teach, teaching, teacher, tutor, tutoring, tuition, lesson, lessons, learn, learning, class, classes, coach, coaching, course, workshop, show me how, show you how, beginner, beginners, mentor, mentoring, practice, practise, how to, learn to, want to learn, teach me, show me, get started, instructor, instruction",
    es: "enseñar, enseño, enseñanza, profesor, profesora, clases, clase, aprender, aprendo, curso, taller, tutor, tutora, principiante, principiantes, practicar, mentoría, quiero aprender, enseñarme, monitor, monitora, instructor, iniciación",
    de: "unterricht, unterrichten, beibringen, bringe bei, lehrer, lehrerin, lernen, lerne, kurs, nachhilfe, stunden, workshop, anfänger, anfängerin, üben, coaching, erklären, möchte lernen, will lernen, zeige, zeigen, trainer, trainerin, einführung, einsteiger",
    fr: "cours, apprendre, enseigner, professeur, prof, leçon, leçons, atelier, débutant, débutants, débutante, initiation, pratiquer, tutorat, soutien scolaire, expliquer, montrer, je montre, moniteur, monitrice, formation, initier" },
  repair: { action: true,
    en: "repair, repairs, repaired, fix, fixing, fixed, mend, mending, patch up, luthier, mechanic, broken, not working, stopped working, service, servicing, restore, tune up, leaking, cracked, cracked screen, puncture, flat tyre, squeaks, squeaky, squeaking, rattles, rattling, makes a noise, strange noise, won t start, wont start, stuck, jammed, wobbly, falls off, keeps falling off, comes off, doesn t work, doesnt work, faulty, dead battery, needs fixing, needs mending, tear, torn",
    es: "reparar, reparo, reparación, arreglar, arreglo, arreglos, roto, rota, estropeado, no funciona, averiado, avería, remendar, pinchazo, rueda pinchada, hace ruido, ruido raro, ruido, chirría, se sale, no arranca, atascado, atascada, se ha roto, pantalla rota, descosido, roto",
    de: "reparieren, repariere, reparatur, reparaturen, flicken, kaputt, defekt, funktioniert nicht, richten, wieder fit, platten, platter reifen, quietscht, quietschen, klappert, macht geräusche, geräusch, springt nicht an, klemmt, hakt, springt raus, geht nicht mehr, gerissen, zerrissen, display kaputt",
    fr: "réparer, répare, réparation, réparations, dépanner, dépannage, cassé, cassée, en panne, ne marche plus, raccommoder, remettre en état, crevaison, crevé, grince, fait du bruit, bruit bizarre, bruit, ne démarre plus, coincé, coincée, bloqué, déchiré, déchirée, écran cassé, ne fonctionne plus" },
  lend: { action: true,
    en: "lend, borrow, loan, to borrow, can borrow, use of, hire, rent",
    es: "prestar, presto, préstamo, prestado, alquilar, dejar prestado",
    de: "leihen, verleihen, ausleihen, leihe, borgen, verleihe",
    fr: "prêter, prête, prêt, emprunter, louer" },
  give: { action: true,
    en: "give away, giving away, spare, surplus, donate, hand me downs, free to a good home, outgrown, leftover, going spare, to give",
    es: "regalo, regalar, doy, sobra, sobran, excedente, donar, de segunda mano",
    de: "verschenke, verschenken, zu verschenken, abzugeben, übrig, spende, spenden, gebraucht",
    fr: "donne, donner, à donner, surplus, en trop, de seconde main" },
};
