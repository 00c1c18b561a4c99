// The projector wall: newest cards first, at most a column's worth, and the whole room's counts.
import { describe, expect, it } from "vitest";
import { wallColumns } from "../../app/lib/wall.ts";
import type { PublicPost } from "../../server/market/views.ts";

const post = (i: number, kind: "offer" | "need"): PublicPost => ({ id: `p${i}`, kind, text: `Card ${i}`, tags: [], participantId: "a", authorName: "Ana", createdAt: new Date(i * 1000).toISOString() });

describe("wall columns", () => {
  it("shows the newest cards of each kind first, a column's worth, and counts them all", () => {
    const posts = Array.from({ length: 30 }, (_, i) => post(i, i % 3 === 0 ? "need" : "offer"));
    const wall = wallColumns(posts, 12);
    expect(wall.offerCount).toBe(20);
    expect(wall.needCount).toBe(10);
    expect(wall.offers.map((p) => p.id)).toEqual(["p29", "p28", "p26", "p25", "p23", "p22", "p20", "p19", "p17", "p16", "p14", "p13"]);
    expect(wall.needs.map((p) => p.id)).toEqual(["p27", "p24", "p21", "p18", "p15", "p12", "p9", "p6", "p3", "p0"]);
  });
});
