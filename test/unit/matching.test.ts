import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MatchIndex, suggestMatches, type MatchablePost } from "../../server/market/matching";
import { CardReader } from "../../server/market/matching-language";

interface EvalSet {
  posts: MatchablePost[];
  relevant: Array<{ needId: string; offerId: string }>;
}

const evalSet = JSON.parse(
  readFileSync(new URL("../fixtures/matching-eval.json", import.meta.url), "utf8"),
) as EvalSet;

function post(id: string, kind: "offer" | "need", text: string, participantId: string, tags: string[] = []): MatchablePost {
  return { id, kind, text, tags, participantId };
}

describe("matching eval (hand-labelled market)", () => {
  it("ranks relevant offers high for each need", () => {
    const index = new MatchIndex();
    for (const p of evalSet.posts) index.upsert(p);
    const relevantByNeed = new Map<string, Set<string>>();
    for (const { needId, offerId } of evalSet.relevant) {
      const set = relevantByNeed.get(needId) ?? new Set<string>();
      set.add(offerId);
      relevantByNeed.set(needId, set);
    }
    // precision@5 = relevant offers in the top 5 / min(5, number of relevant offers), so a need with
    // one relevant offer scores 1 when that offer is in its top 5.
    // recall@10 = relevant offers in the top 10 / number of relevant offers.
    let precisionSum = 0;
    let recallSum = 0;
    const misses: string[] = [];
    for (const [needId, relevant] of [...relevantByNeed].sort()) {
      const ranked = index.suggestionsForPost(needId, 10).map((s) => s.offerId);
      const hitsAt5 = ranked.slice(0, 5).filter((id) => relevant.has(id)).length;
      const hitsAt10 = ranked.filter((id) => relevant.has(id)).length;
      precisionSum += hitsAt5 / Math.min(5, relevant.size);
      recallSum += hitsAt10 / relevant.size;
      if (hitsAt10 < relevant.size) misses.push(`${needId}: got [${ranked.join(",")}] want [${[...relevant].join(",")}]`);
    }
    const needs = relevantByNeed.size;
    const precision = precisionSum / needs;
    const recall = recallSum / needs;
    if (process.env.MATCHING_EVAL_VERBOSE) console.log(misses.join("\n"));
    console.log(`matching eval: precision@5=${precision.toFixed(2)} recall@10=${recall.toFixed(2)} over ${needs} needs`);
    // Needs written with no fitting offer: how many still get a suggestion (shown, not asserted).
    const unmatchedNeeds = evalSet.posts.filter((p) => p.kind === "need" && !relevantByNeed.has(p.id));
    const noisy = unmatchedNeeds.filter((p) => index.suggestionsForPost(p.id, 1).length > 0).length;
    console.log(`matching eval: ${noisy} of ${unmatchedNeeds.length} needs without a fitting offer still get a suggestion`);
    expect(precision).toBeGreaterThanOrEqual(0.6);
  });
});

describe("matching rules", () => {
  it("never matches a person's own posts", () => {
    const index = new MatchIndex();
    index.upsert(post("o1", "offer", "guitar lessons for beginners", "ana"));
    index.upsert(post("n1", "need", "learn guitar for beginners", "ana"));
    index.upsert(post("n2", "need", "guitar lessons please", "bo"));
    expect(index.suggestionsForPost("o1").map((s) => s.needId)).toEqual(["n2"]);
    expect(index.suggestionsForPost("n1")).toEqual([]);
    expect(index.suggestionsForParticipant("ana").every((s) => s.needId !== "n1")).toBe(true);
    expect(index.topPairs().some((s) => s.offerId === "o1" && s.needId === "n1")).toBe(false);
  });

  it("pairs offers only with needs", () => {
    const index = new MatchIndex();
    index.upsert(post("o1", "offer", "bike repairs and puncture fixing", "ana"));
    index.upsert(post("o2", "offer", "bike repairs and puncture fixing", "bo"));
    index.upsert(post("n1", "need", "my bike has a puncture", "cy"));
    const offerIds = new Set(["o1", "o2"]);
    for (const s of [...index.topPairs(), ...index.suggestionsForPost("o1"), ...index.suggestionsForPost("o2")]) {
      expect(offerIds.has(s.offerId)).toBe(true);
      expect(s.needId).toBe("n1");
    }
    expect(index.suggestionsForPost("n1").map((s) => s.offerId)).toEqual(["o1", "o2"]);
  });

  it("remove() takes a post out of every result", () => {
    const index = new MatchIndex();
    index.upsert(post("o1", "offer", "dog walking at lunchtime", "ana"));
    index.upsert(post("n1", "need", "someone to walk my dog", "bo"));
    expect(index.topPairs()).toHaveLength(1);
    index.remove("o1");
    expect(index.topPairs()).toEqual([]);
    expect(index.suggestionsForPost("n1")).toEqual([]);
    expect(index.suggestionsForPost("o1")).toEqual([]);
    expect(index.suggestionsForParticipant("ana")).toEqual([]);
    index.remove("o1"); // removing twice is harmless
  });

  it("upsert with new text replaces the old one", () => {
    const index = new MatchIndex();
    index.upsert(post("o1", "offer", "guitar lessons", "ana"));
    index.upsert(post("n1", "need", "learn to play guitar", "bo"));
    index.upsert(post("n2", "need", "tax return help", "cy"));
    expect(index.suggestionsForPost("o1").map((s) => s.needId)).toEqual(["n1"]);
    index.upsert(post("o1", "offer", "retired accountant, I do tax returns", "ana"));
    expect(index.suggestionsForPost("o1").map((s) => s.needId)).toEqual(["n2"]);
    expect(index.suggestionsForPost("n1")).toEqual([]);
    expect(index.size).toBe(3);
  });

  it("answers from the last change of each card, however many came before a question (cards are read when asked)", () => {
    const index = new MatchIndex();
    const card = post("o1", "offer", "guitar lessons", "ana");
    index.upsert(card);
    card.text = "changed by the caller after handing it in"; // the index keeps what it was handed
    index.upsert(post("n1", "need", "learn to play guitar", "bo"));
    index.upsert(post("n2", "need", "tax return help", "cy"));
    index.remove("n1");
    index.upsert(post("n1", "need", "learn to play guitar", "bo"));
    index.upsert(post("o2", "offer", "retired accountant, I do tax returns", "dee"));
    index.remove("o2");
    // No question was asked in between: every change is read now, each card as last handed in.
    expect(index.suggestionsForPost("o1").map((s) => s.needId)).toEqual(["n1"]);
    expect(index.suggestionsForPost("n2")).toEqual([]);
    expect(index.has("o2")).toBe(false);
    expect(index.size).toBe(3);
  });

  it("gives the same results whatever order the posts arrive in", () => {
    const posts = evalSet.posts.slice(0, 120);
    const forward = new MatchIndex();
    for (const p of posts) forward.upsert(p);
    const backward = new MatchIndex();
    for (const p of [...posts].reverse()) backward.upsert(p);
    expect(backward.topPairs(100)).toEqual(forward.topPairs(100));
    for (const p of posts.slice(0, 20)) {
      expect(backward.suggestionsForPost(p.id)).toEqual(forward.suggestionsForPost(p.id));
    }
    const pairs = forward.topPairs(100);
    for (let i = 1; i < pairs.length; i++) {
      const [a, b] = [pairs[i - 1]!, pairs[i]!];
      expect(a.score > b.score || (a.score === b.score && a.offerId + a.needId <= b.offerId + b.needId)).toBe(true);
    }
    expect(suggestMatches(posts, 100)).toEqual(pairs);
  });

  it("scores in (0, 1), never returns score 0, and drops pairs below the threshold", () => {
    const index = new MatchIndex({ threshold: 0.7 });
    index.upsert(post("o1", "offer", "guitar lessons", "ana"));
    index.upsert(post("n1", "need", "guitar lessons", "bo"));
    index.upsert(post("n2", "need", "a guitar to borrow", "cy"));
    index.upsert(post("n3", "need", "a ladder", "di"));
    expect(new MatchIndex().topPairs()).toEqual([]);
    const all = index.suggestionsForPost("o1");
    expect(all.map((s) => s.needId)).toEqual(["n1"]);
    for (const s of all) expect(s.score > 0 && s.score < 1).toBe(true);
  });

  it("normalises case, accents, punctuation and emoji", () => {
    const reader = new CardReader();
    expect(reader.read("CAFÉ!!! 🎉 Crème-brûlée, naïve").words).toEqual(reader.read("cafe creme brulee naive").words);
    const index = new MatchIndex();
    index.upsert(post("o1", "offer", "Résumé & CV checks 😀", "ana"));
    index.upsert(post("n1", "need", "resume...cv?!", "bo"));
    expect(index.suggestionsForPost("n1").map((s) => s.offerId)).toEqual(["o1"]);
  });

  it("drops stop words and market filler, and stems word forms together", () => {
    const reader = new CardReader();
    const card = reader.read("I can offer help with gardening and sourdough baking");
    expect(card.concepts).toEqual(["baking", "garden"]);
    // "sourdough" is read as baking (a concept), so no content word is left but none of the filler.
    expect(card.words).toEqual([]);
    expect(reader.read("happy to help with my beehives").words).toEqual(["beehiv"]);
    expect(reader.read("teaching").concepts).toEqual(reader.read("teach").concepts);
    expect(reader.read("IT support").concepts).toContain("tech");
    expect(reader.read("is it broken?").concepts).not.toContain("tech");
  });

  it("matches through related words when no word is shared", () => {
    const index = new MatchIndex();
    index.upsert(post("n1", "need", "babysitting on Saturdays", "ana"));
    index.upsert(post("o1", "offer", "I can look after your kids", "bo"));
    index.upsert(post("o2", "offer", "I can fix your bicycle", "cy"));
    index.upsert(post("n2", "need", "my bike needs mending", "di"));
    index.upsert(post("o3", "offer", "give you a ride in my car", "ed"));
    index.upsert(post("n3", "need", "a lift to the station", "fa"));
    expect(index.suggestionsForPost("n1").map((s) => s.offerId)).toEqual(["o1"]);
    expect(index.suggestionsForPost("n2").map((s) => s.offerId)).toEqual(["o2"]);
    expect(index.suggestionsForPost("n3").map((s) => s.offerId)).toEqual(["o3"]);
    expect(index.suggestionsForPost("n1")[0]?.sharedTerms).toContain("babysitting");
  });

  it("raises a shared category, and reads tags like words of the text", () => {
    const index = new MatchIndex();
    index.upsert({ ...post("n1", "need", "help with my garden", "ana"), category: "Garden" });
    index.upsert(post("o1", "offer", "garden work, weeding and lawn", "bo"));
    index.upsert({ ...post("o2", "offer", "garden work, weeding and lawn", "cy"), category: "garden" });
    index.upsert(post("o3", "offer", "free most Saturdays, ask me", "di", ["gardening"]));
    const found = index.suggestionsForPost("n1");
    expect(found[0]?.offerId).toBe("o2");
    expect(found[0]!.score).toBeGreaterThan(found[1]!.score);
    expect(found.map((s) => s.offerId)).toContain("o3");
  });

  it("lists a participant's suggestions from both of their posts without duplicates", () => {
    const index = new MatchIndex();
    index.upsert(post("o1", "offer", "bike repairs", "ana"));
    index.upsert(post("n1", "need", "guitar lessons", "ana"));
    index.upsert(post("n2", "need", "bike repair please", "bo"));
    index.upsert(post("o2", "offer", "guitar lessons for beginners", "bo"));
    const mine = index.suggestionsForParticipant("ana");
    expect(mine.map((s) => `${s.offerId}-${s.needId}`).sort()).toEqual(["o1-n2", "o2-n1"]);
    expect(index.suggestionsForParticipant("nobody")).toEqual([]);
  });
});
