// The independent matching evaluation sets (test/fixtures/matching-sets) hold together: every pair
// points at a real need and a real offer, near-misses are never gold, the sets are as big and as
// hard as the matching issue asks, and each description's counts are current. A broken set would
// make every figure the bench prints about matching quietly wrong.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const Post = z.object({
  id: z.string().regex(/^[on]\d+$/),
  kind: z.enum(["offer", "need"]),
  participantId: z.string(),
  authorName: z.string().min(1),
  lang: z.enum(["en", "es", "de", "fr"]),
  text: z.string().min(20).max(130),
  tags: z.array(z.string()),
  category: z.enum(["skills", "things", "time & help", "knowledge", "space", "other"]).optional(),
  when: z.string().optional(),
  where: z.object({ kind: z.enum(["here", "online", "place"]), place: z.string().optional() }).optional(),
});
const MatchingSet = z.object({
  name: z.string(),
  description: z.string(),
  languages: z.array(z.enum(["en", "es", "de", "fr"])).min(1),
  posts: z.array(Post),
  gold: z.array(z.object({ needId: z.string(), offerId: z.string(), sharesNoWord: z.literal(true).optional() })),
  nearMisses: z.array(z.object({ needId: z.string(), offerId: z.string(), why: z.string().min(5) })),
});

const dir = new URL("../fixtures/matching-sets/", import.meta.url);
const sets = readdirSync(dir)
  .filter((file) => file.endsWith(".json"))
  .map((file) => MatchingSet.parse(JSON.parse(readFileSync(new URL(file, dir), "utf8"))));

// Function words that may appear in both cards of a "no shared word" pair.
const FUNCTION_WORDS = new Set(["and", "the", "for", "can", "with", "may", "over", "you", "your", "are"]);
const words = (text: string) =>
  new Set((text.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => w.length >= 3 && !FUNCTION_WORDS.has(w)));

describe("matching evaluation sets", () => {
  it("has the neighbourhood, conference, rural co-op, mixed-languages, school-festival, coworking-meetup, market-town, skills-exchange and valley-farms sets", () => {
    expect(sets.map((s) => s.name).sort()).toEqual([
      "conference",
      "coworking-meetup",
      "market-town",
      "mixed-languages",
      "neighbourhood",
      "rural-coop",
      "school-festival",
      "skills-exchange",
      "valley-farms",
    ]);
  });

  describe.each(sets.map((set) => [set.name, set] as const))("%s", (_name, set) => {
    const byId = new Map(set.posts.map((p) => [p.id, p]));
    const needs = set.posts.filter((p) => p.kind === "need");
    const people = new Set(set.posts.map((p) => p.participantId));

    it("has unique ids whose letter says the kind, in the set's languages", () => {
      expect(byId.size).toBe(set.posts.length);
      for (const p of set.posts) expect(p.id[0]).toBe(p.kind === "offer" ? "o" : "n");
      for (const p of set.posts) expect(set.languages).toContain(p.lang);
    });

    it("pairs a need of one person with an offer of another, and no near-miss is gold", () => {
      for (const pair of [...set.gold, ...set.nearMisses]) {
        const need = byId.get(pair.needId);
        const offer = byId.get(pair.offerId);
        expect(need?.kind, pair.needId).toBe("need");
        expect(offer?.kind, pair.offerId).toBe("offer");
        expect(need?.participantId).not.toBe(offer?.participantId);
      }
      const key = (p: { needId: string; offerId: string }) => `${p.needId}>${p.offerId}`;
      const gold = new Set(set.gold.map(key));
      expect(gold.size).toBe(set.gold.length);
      expect(set.nearMisses.filter((p) => gold.has(key(p)))).toEqual([]);
    });

    it("is as big and as hard as the evaluation asks", () => {
      expect(people.size).toBeGreaterThanOrEqual(40);
      expect(set.nearMisses.length).toBeGreaterThanOrEqual(15);
      expect(set.gold.filter((g) => g.sharesNoWord).length / set.gold.length).toBeGreaterThanOrEqual(0.4);
      const unmatched = needs.filter((n) => !set.gold.some((g) => g.needId === n.id)).length / needs.length;
      expect(unmatched).toBeGreaterThanOrEqual(0.1);
      expect(unmatched).toBeLessThanOrEqual(0.2);
    });

    it("marks sharesNoWord only where the two cards share no content word", () => {
      for (const g of set.gold.filter((pair) => pair.sharesNoWord)) {
        const [need, offer] = [byId.get(g.needId)!, byId.get(g.offerId)!];
        const offerWords = words(`${offer.text} ${offer.tags.join(" ")}`);
        const shared = [...words(`${need.text} ${need.tags.join(" ")}`)].filter((w) => offerWords.has(w));
        expect(shared, `${g.needId}/${g.offerId}`).toEqual([]);
      }
    });

    it("states its current counts in its description", () => {
      const offers = set.posts.length - needs.length;
      expect(set.description).toContain(`${people.size} people, ${set.posts.length} cards (${offers} offers, ${needs.length} needs`);
      expect(set.description).toContain(`${set.gold.length} gold pairs`);
      expect(set.description).toContain(`${set.nearMisses.length} near-misses`);
    });
  });

  it("mixes languages in one room, with a quarter of the cards in each of two non-English languages", () => {
    const mixed = sets.find((s) => s.name === "mixed-languages")!;
    const share = (lang: string) => mixed.posts.filter((p) => p.lang === lang).length / mixed.posts.length;
    expect(["es", "de", "fr"].filter((lang) => share(lang) >= 0.25).length).toBeGreaterThanOrEqual(2);
    expect(share("en")).toBeGreaterThan(0);
    const byId = new Map(mixed.posts.map((p) => [p.id, p]));
    const crossing = mixed.gold.filter((g) => byId.get(g.needId)?.lang !== byId.get(g.offerId)?.lang);
    expect(crossing.length / mixed.gold.length).toBeGreaterThanOrEqual(0.5);
  });
});
