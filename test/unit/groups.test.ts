// Rotating groups: tables of the chosen size, and new tables that repeat as few encounters as possible.
import { describe, expect, it } from "vitest";
import { encounters, groupPeople, repeatEncounters, rotateGroups, seatLateJoiner, splitIntoGroups, tableName, tableOf } from "../../server/market/groups.ts";

/** A seeded random source (mulberry32), so every run seats people the same way. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const people = (n: number) => Array.from({ length: n }, (_, i) => `p${i + 1}`);

describe("rotating groups", () => {
  it("splits the room into tables A, B, C ... of the chosen size, everyone seated once", () => {
    const groups = splitIntoGroups(people(10), 4, seeded(1));
    expect(groups.tables.map((t) => t.name)).toEqual(["A", "B", "C"]);
    expect(groups.tables.map((t) => t.participantIds.length).sort()).toEqual([3, 3, 4]);
    expect(groups.tables.flatMap((t) => t.participantIds).sort()).toEqual(people(10).sort());
    expect(tableOf(groups, "p7")?.participantIds).toContain("p7");
    expect([tableName(0), tableName(25), tableName(26)]).toEqual(["A", "Z", "AA"]);
  });

  it("rotates so that nobody sits again with someone they already met while that is possible", () => {
    let groups = splitIntoGroups(people(16), 4, seeded(2));
    // 16 people in tables of 4: the second and third tables can be all new people.
    for (let round = 2; round <= 3; round++) {
      const before = groups.history;
      groups = rotateGroups(groups, people(16), seeded(round));
      expect(repeatEncounters(groups.tables.map((t) => t.participantIds), before)).toBe(0);
    }
    expect(groups.rotation).toBe(3);
  });

  it("repeats far fewer encounters than seating people at random", () => {
    const random = seeded(7);
    const history: string[][][] = [];
    let smart = 0;
    let naive = 0;
    for (let round = 0; round < 6; round++) {
      const grouping = groupPeople(people(20), 5, history, random);
      smart += repeatEncounters(grouping, history);
      const shuffled = people(20).sort(() => random() - 0.5);
      naive += repeatEncounters([0, 5, 10, 15].map((i) => shuffled.slice(i, i + 5)), history);
      history.push(grouping);
    }
    expect(smart).toBeLessThan(naive / 2);
  });

  it("seats newcomers and drops people who left on rotation", () => {
    const groups = splitIntoGroups(people(8), 4, seeded(3));
    const rotated = rotateGroups(groups, [...people(7), "new"], seeded(4));
    const seated = rotated.tables.flatMap((t) => t.participantIds);
    expect(seated).toContain("new");
    expect(seated).not.toContain("p8");
    expect(encounters(rotated.history).size).toBeGreaterThan(0);
  });

  it("seats a late joiner at the smallest table, once, without moving anyone else", () => {
    const groups = { size: 3, rotation: 1, history: [], tables: [{ name: "A", participantIds: ["a", "b", "c"] }, { name: "B", participantIds: ["d", "e"] }, { name: "C", participantIds: ["f", "g"] }] };
    const seated = seatLateJoiner(groups, "late");
    expect(seated.tables.map((t) => t.participantIds)).toEqual([["a", "b", "c"], ["d", "e", "late"], ["f", "g"]]);
    expect(seatLateJoiner(seated, "late")).toBe(seated);
    expect(seatLateJoiner({ ...groups, tables: [] }, "late").tables).toEqual([]);
  });
});
