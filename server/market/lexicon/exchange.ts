// Lexicon data: what kind of exchange a card is (teach, repair, lend, give): read apart from what it is about. Members per language, comma-separated; see ../matching-lexicon.ts.
import type { ConceptEntry } from "../matching-lexicon.ts";

export const EXCHANGE: Record<string, ConceptEntry> = {
  teach: { action: true,
    en: "teach, teaching, teacher, tutor, tutoring, tuition, lesson, lessons, learn, learning, class, classes, coach, coaching, course, workshop, show me how, show you how, beginner, beginners, mentor, mentoring, practice, practise, how to",
    es: "enseñar, enseño, enseñanza, profesor, profesora, clases, clase, aprender, aprendo, curso, taller, tutor, tutora, principiante, principiantes, practicar, mentoría",
    de: "unterricht, unterrichten, beibringen, bringe bei, lehrer, lehrerin, lernen, lerne, kurs, nachhilfe, stunden, workshop, anfänger, anfängerin, üben, coaching, erklären",
    fr: "cours, apprendre, enseigner, professeur, prof, leçon, leçons, atelier, débutant, débutants, débutante, initiation, pratiquer, tutorat, soutien scolaire, expliquer" },
  repair: { action: true,
    en: "repair, repairs, repaired, fix, fixing, fixed, mend, mending, patch up, luthier, mechanic, broken, not working, stopped working, service, servicing, restore, tune up, leaking, cracked",
    es: "reparar, reparo, reparación, arreglar, arreglo, arreglos, roto, rota, estropeado, no funciona, averiado, avería, remendar",
    de: "reparieren, repariere, reparatur, reparaturen, flicken, kaputt, defekt, funktioniert nicht, richten, wieder fit",
    fr: "réparer, répare, réparation, réparations, dépanner, dépannage, cassé, cassée, en panne, ne marche plus, raccommoder, remettre en état" },
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
