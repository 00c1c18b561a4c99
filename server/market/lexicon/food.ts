// Lexicon data: food: cooking, baking, produce. Members per language, comma-separated; see ../matching-lexicon.ts.
import type { ConceptEntry } from "../matching-lexicon.ts";

export const FOOD: Record<string, ConceptEntry> = {
  food: { en: "food, eat, hungry",
    es: "comida, hambre",
    de: "essen, lebensmittel, hunger",
    fr: "nourriture, manger, faim" },
  cooking: { parent: "food", en: "meal, meals, dinner, dinners, cook, cooking, cookery, cooked, home cooked, dumplings, pasta, batch cook, batch cooking, soup, soups, stew, recipes, recipe, chef, portions, curry", es: "comidas, cena, cenas, cocina, cocinar, cocinero, cocinera, guisos, sopa, recetas, receta, raciones, tuppers", de: "mahlzeit, mahlzeiten, abendessen, küche, kochen, koch, köchin, eintopf, suppe, rezepte, rezept, portionen", fr: "repas, dîner, cuisine, cuisiner, cuisinier, cuisinière, soupe, ragoût, recettes, recette, portions, plats" },
  baking: { parent: "food", en: "bake, baking, baker, cake, cakes, bread, sourdough, biscuits, pastry, cookies, birthday cake", es: "hornear, repostería, pastel, pasteles, tarta, tartas, pan, masa madre, galletas, bizcocho", de: "backen, bäcker, kuchen, torte, brot, sauerteig, kekse, plätzchen, gebäck", fr: "pâtisserie, gâteau, gâteaux, pain, levain, biscuits, boulanger, pâtissier" },
  produce: { parent: "food", en: "produce, fresh veg, fruit, apples, potatoes, courgettes, zucchini, beans, jam, preserves, chutney, pickles, apple juice, cider", es: "fruta, frutas, manzanas, patatas, calabacines, judías, mermelada, conservas", de: "obst, äpfel, kartoffeln, zucchini, bohnen, marmelade, eingemachtes, apfelsaft", fr: "fruits, pommes, pommes de terre, courgettes, haricots, confiture, conserves, jus de pomme" },
  catering: { parent: "food", en: "catering, cater, buffet, refreshments, food for the event, feed people", es: "catering, buffet, refrigerio", de: "catering, verpflegung, buffet", fr: "traiteur, buffet, restauration, rafraîchissements" },
};
