// The projector's overview of a big room: counts per category and the most used tags.
import { describe, expect, it } from "vitest";
import { roomOverview } from "../../server/market/overview.ts";
import type { PublicPost } from "../../server/market/views.ts";

let n = 0;
function card(kind: "offer" | "need", category: string | undefined, tags: string[] = [], extra: Partial<PublicPost> = {}): PublicPost {
  n++;
  return { id: `p${n}`, kind, text: `card ${n}`, tags, participantId: "a", authorName: "Ana", createdAt: new Date(n * 1000).toISOString(), category, ...extra };
}

describe("room overview", () => {
  it("counts offers and needs per category in the market's order, cards without one last", () => {
    const overview = roomOverview(
      [card("offer", "space"), card("need", "space"), card("need", "skills"), card("offer", undefined), card("need", "space")],
      ["skills", "things", "space"],
    );
    expect(overview.categories).toEqual([
      { category: "skills", counts: { offers: 0, needs: 1, dreams: 0 } },
      { category: "space", counts: { offers: 1, needs: 2, dreams: 0 } },
      { category: null, counts: { offers: 1, needs: 0, dreams: 0 } },
    ]);
    expect(overview.counts).toEqual({ offers: 2, needs: 3, dreams: 0 });
  });

  it("ranks tags by how many cards use them, once per card and whatever the case; hidden cards do not count", () => {
    const overview = roomOverview(
      [
        card("offer", undefined, ["Bikes", "repair"]),
        card("need", undefined, ["bikes", "bikes"]),
        card("need", undefined, ["garden"]),
        card("offer", undefined, ["garden", "repair"]),
        card("offer", undefined, ["secret"], { hidden: { at: "2026-01-01T00:00:00.000Z" } }),
      ],
      [],
      2,
    );
    expect(overview.tags).toEqual([
      { tag: "bikes", count: 2 },
      { tag: "garden", count: 2 },
    ]);
    expect(overview.counts.offers).toBe(2);
  });
});
