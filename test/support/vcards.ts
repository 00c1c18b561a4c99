// Reads a .vcf file with two independent vCard libraries: ical.js (values, unescaped) and vcf
// (a separate parser, which must find the same cards and properties).
import ICAL from "ical.js";
import VCard from "vcf";

export interface ParsedCard {
  fn: string;
  email?: string;
  tel?: string;
  url?: string;
  note: string;
  properties: string[];
}

export function parseVcards(text: string): ParsedCard[] {
  if (!text.trim()) return [];
  const parsed = ICAL.parse(text);
  const components = (Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
  const cards = components.map((jcard) => {
    const component = new ICAL.Component(jcard as any);
    const value = (name: string) => {
      const v = component.getFirstPropertyValue(name);
      return v === null || v === undefined ? undefined : String(v);
    };
    return {
      fn: value("fn") ?? "",
      email: value("email"),
      tel: value("tel"),
      url: value("url"),
      note: value("note") ?? "",
      properties: component.getAllProperties().map((p) => p.name),
    };
  });
  const second = VCard.parse(text);
  if (second.length !== cards.length) throw new Error(`vcf found ${second.length} cards, ical.js ${cards.length}`);
  second.forEach((card, i) => {
    const names = Object.keys(card.data).sort();
    const expected = [...cards[i]!.properties].sort();
    if (JSON.stringify(names) !== JSON.stringify(expected)) throw new Error(`vcf saw ${names} but ical.js ${expected}`);
  });
  return cards;
}
