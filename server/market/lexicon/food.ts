// Lexicon data: food: cooking, baking, produce. Members per language, comma-separated; see ../matching-lexicon.ts.
import type { ConceptEntry } from "../matching-lexicon.ts";

export const FOOD: Record<string, ConceptEntry> = {
  food: { en: "food, ~eat, hungry",
    es: "~comida, hambre",
    de: "~essen, lebensmittel, hunger",
    fr: "~nourriture, ~manger, faim" },
  cooking: { parent: "food", en: "meal, meals, dinner, dinners, cook, cooking, cookery, cooked, home cooked, dumplings, pasta, batch cook, batch cooking, soup, soups, stew, recipes, recipe, chef, ~portions, curry", es: "comidas, cena, cenas, cocina, cocinar, cocinero, cocinera, guisos, sopa, recetas, receta, raciones, tuppers", de: "mahlzeit, mahlzeiten, abendessen, kochen, koch, köchin, eintopf, suppe, rezepte, rezept, portionen", fr: "repas, dîner, faire la cuisine, cours de cuisine, bons petits plats, plats maison, cuisinier, cuisinière, soupe, ragoût, recettes, recette, portions, plats" },
  baking: { parent: "food", en: "bake, baking, baker, cake, cakes, bread, sourdough, biscuits, pastry, cookies, birthday cake", es: "hornear, repostería, pastel, pasteles, tarta, tartas, pan, masa madre, galletas, bizcocho", de: "backen, bäcker, kuchen, torte, brot, sauerteig, kekse, plätzchen, gebäck", fr: "pâtisserie, gâteau, gâteaux, pain, levain, biscuits, boulanger, pâtissier" },
  produce: { parent: "food", en: "~produce, fresh veg, fruit, apples, potatoes, courgettes, zucchini, beans, apple juice", es: "fruta, frutas, manzanas, patatas, calabacines, judías", de: "obst, äpfel, kartoffeln, zucchini, bohnen, apfelsaft", fr: "fruits, pommes, pommes de terre, courgettes, haricots, confiture, conserves, jus de pomme" },
  preserving: { parent: "food",
    en: "preserving, preserves, jam making, jam, chutney, pickling, pickles, pickle, fermenting, ferment, fermentation, sauerkraut, kimchi, kombucha, bottling, canning, drying fruit, apple press, juicing, cider making, press apples, press my apples, apple pressing, pressing apples, smoking fish, curing, dehydrator, food dehydrator",
    es: "conservas, hacer conservas, mermelada, encurtidos, fermentar, fermentación, chucrut, kimchi, kombucha, embotar, deshidratar, prensa de manzanas, sidra, deshidratador",
    de: "einmachen, einkochen, eingemachtes, marmelade, einlegen, fermentieren, fermentation, sauerkraut, kimchi, kombucha, dörren, obstpresse, saft pressen, mosten, dörrautomat, dörrautomaten, dörrgerät",
    fr: "conserves, mettre en conserve, confiture, confitures, bocaux, lactofermentation, fermenter, fermentation, choucroute, kimchi, kombucha, séchage, pressoir, cidre, déshydrateur" },
  dairy: { parent: "food",
    en: "cheese, cheesemaking, cheese making, butter, yoghurt, yogurt, kefir, raw milk, milk",
    es: "queso, quesos, hacer queso, mantequilla, yogur, kéfir, leche cruda, leche",
    de: "käse, käserei, käse machen, butter, joghurt, kefir, rohmilch, milch",
    fr: "fromage, fromages, fabrication de fromage, beurre, yaourt, kéfir, lait cru, lait" },
  catering: { parent: "food", en: "catering, cater, buffet, refreshments, food for the event, feed people", es: "catering, buffet, refrigerio", de: "catering, verpflegung, buffet", fr: "traiteur, buffet, restauration, rafraîchissements" },
  // Buying together (flour, feed, seed, fertiliser) for a better price: the thing is the group order, whatever is bought.
  bulk_buying: {
    en: "buying group, buying club, bulk buying, buy in bulk, bulk order, group order, order together, buy together, buying together, cooperative buying, food coop, food co op, wholesale, wholesale price, bulk discount, better price, share an order, split an order",
    es: "compra colectiva, compras conjuntas, grupo de compra, comprar al por mayor, pedido conjunto, cooperativa de consumo, precio de mayorista, mejor precio",
    de: "einkaufsgemeinschaft, sammelbestellung, gemeinsam bestellen, gemeinsam einkaufen, großeinkauf, foodcoop, lebensmittelkooperative, großhandel, großhandelspreis, mengenrabatt",
    fr: "groupement d achat, achat groupé, achats groupés, commande groupée, acheter en gros, épicerie coopérative, prix de gros, en gros, meilleur prix" },
};
