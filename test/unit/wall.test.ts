// The projector wall: each kind's cards newest first, optionally one category only.
import { describe, expect, it } from "vitest";
import { nextPageFirstId, pageStart, wallColumns } from "../../app/lib/wall.ts";
import type { PublicPost } from "../../server/market/views.ts";

const post = (i: number, kind: "offer" | "need"): PublicPost => ({
  id: `p${i}`,
  kind,
  text: `Card ${i}`,
  tags: [],
  participantId: "a",
  authorName: "Ana",
  createdAt: new Date(i * 1000).toISOString(),
  ...(i % 2 ? { category: "skills" } : {}),
});

describe("wall columns", () => {
  it("shows each kind's cards newest first", () => {
    const posts = Array.from({ length: 12 }, (_, i) => post(i, i % 3 === 0 ? "need" : "offer"));
    const wall = wallColumns(posts);
    expect(wall.offers.map((p) => p.id)).toEqual(["p11", "p10", "p8", "p7", "p5", "p4", "p2", "p1"]);
    expect(wall.needs.map((p) => p.id)).toEqual(["p9", "p6", "p3", "p0"]);
  });

  it("keeps only the posts asked for", () => {
    const posts = Array.from({ length: 6 }, (_, i) => post(i, "offer"));
    expect(wallColumns(posts, (p) => p.category === "skills").offers.map((p) => p.id)).toEqual(["p5", "p3", "p1"]);
  });
});

describe("wall pages", () => {
  const list = Array.from({ length: 7 }, (_, i) => post(7 - i, "offer"));

  it("turns through every card in turn and starts again at the newest", () => {
    const seen: string[] = [];
    let first: string | undefined;
    for (const shown of [3, 3, 3]) {
      const start = pageStart(list, first);
      seen.push(...list.slice(start, start + shown).map((p) => p.id));
      first = nextPageFirstId(list, start, shown);
    }
    expect(seen).toEqual(list.map((p) => p.id));
    expect(first).toBeUndefined();
  });

  it("keeps its place when a new card arrives on top", () => {
    const start = pageStart(list, "p4");
    expect(list[start]!.id).toBe("p4");
    const grown = [post(8, "offer"), ...list];
    expect(grown[pageStart(grown, "p4")]!.id).toBe("p4");
    expect(pageStart(grown, "gone")).toBe(0);
  });
});
