// What a journal record holds: applied to the durable state, it must give the live state exactly,
// whatever the change (entities added, edited in place, removed, reordered, lists that stop or
// start being lists of entities, fields that come and go). Pure: no files.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyChange, DurableCopy, sameJson } from "../../server/market/change-record.ts";

const asOnDisk = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

const id = fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h");
const small = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.constant(null));
const entity = fc.record(
  {
    id,
    text: fc.string({ maxLength: 8 }),
    tags: fc.array(fc.constantFrom("x", "y", "z"), { maxLength: 3 }),
    where: fc.record({ kind: fc.constantFrom("here", "place"), place: fc.option(fc.string({ maxLength: 4 }), { nil: undefined }) }, { requiredKeys: ["kind"] }),
    starred: fc.constant(true),
    gone: fc.constant(undefined),
  },
  { requiredKeys: ["id", "text"] },
);
const entities = fc.uniqueArray(entity, { selector: (e) => e.id, maxLength: 8 });
const state = fc.record(
  {
    seq: fc.nat(50),
    title: fc.string({ maxLength: 6 }),
    posts: entities,
    participants: entities,
    history: fc.array(fc.record({ at: fc.string({ maxLength: 3 }), action: small }), { maxLength: 3 }),
    groups: fc.record({ size: fc.nat(5), tables: fc.array(fc.record({ id, people: fc.array(id, { maxLength: 3 }) }), { maxLength: 3 }) }),
    // A field that is sometimes a list of entities, sometimes not (duplicate ids, plain values).
    mixed: fc.oneof(entities, fc.array(small, { maxLength: 3 }), fc.array(entity, { maxLength: 3 }), small),
    locked: fc.boolean(),
  },
  { requiredKeys: ["seq", "posts"] },
);

describe("a change record", () => {
  it("turns the durable state into the live one, for any two states", () => {
    fc.assert(
      fc.property(state, state, (before, after) => {
        const copy = DurableCopy.of(asOnDisk(before));
        const change = copy.changesIn(after);
        const replayed = asOnDisk(before);
        if (change) applyChange(replayed, asOnDisk(change.record));
        expect(replayed).toEqual(asOnDisk(after));
      }),
      { numRuns: 2000 },
    );
  });

  it("follows a market through a sequence of changes, each one accepted in turn, and finds nothing when nothing changed", () => {
    fc.assert(
      fc.property(state, fc.array(state, { minLength: 1, maxLength: 8 }), (first, later) => {
        const onDisk = asOnDisk(first);
        const copy = DurableCopy.of(asOnDisk(first));
        for (const next of later) {
          const change = copy.changesIn(next);
          if (change) {
            applyChange(onDisk, asOnDisk(change.record));
            change.accept();
          }
          expect(onDisk).toEqual(asOnDisk(next));
          expect(copy.changesIn(next)).toBeUndefined();
        }
      }),
      { numRuns: 500 },
    );
  });

  it("sees a change made in place, deep inside an entity, and says when entities were removed", () => {
    const market = { seq: 1, posts: [{ id: "p1", text: "Bread", tags: ["food"], where: { kind: "place", place: "Hall" } }, { id: "p2", text: "Lift", tags: [] as string[] }] };
    const copy = DurableCopy.of(asOnDisk(market));
    market.posts[0]!.where!.place = "Garden";
    market.posts[1]!.tags.push("car");
    const edit = copy.changesIn(market)!;
    expect(edit.record).toEqual({ put: { posts: [asOnDisk(market.posts[0]), asOnDisk(market.posts[1])] } });
    expect(edit.removes).toBe(false);
    edit.accept();

    market.posts.push({ id: "p3", text: "Soup", tags: [] });
    market.seq = 2;
    const added = copy.changesIn(market)!;
    expect(added.record).toEqual({ set: { seq: 2 }, put: { posts: [{ id: "p3", text: "Soup", tags: [] }] } });
    added.accept();

    market.posts.splice(0, 1);
    expect(copy.changesIn(market)).toMatchObject({ record: { del: { posts: ["p1"] } }, removes: true });
  });

  it("counts a list of entities that disappears as a removal, and replays a field named __proto__ as a plain field", () => {
    const before = JSON.parse('{"seq":1,"posts":[{"id":"a"}]}');
    const after = JSON.parse('{"seq":1,"__proto__":{"x":1}}');
    const change = DurableCopy.of(asOnDisk(before)).changesIn(after)!;
    expect(change.removes).toBe(true);
    const replayed = asOnDisk(before);
    applyChange(replayed, JSON.parse(JSON.stringify(change.record)));
    expect(Object.getPrototypeOf(replayed)).toBe(Object.prototype);
    expect(JSON.stringify(replayed)).toBe(JSON.stringify(after));
  });

  it("an unaccepted change (its write failed) is found again next time", () => {
    const market = { seq: 1, posts: [] as Array<{ id: string }> };
    const copy = DurableCopy.of(asOnDisk(market));
    market.posts.push({ id: "p1" });
    expect(copy.changesIn(market)).toBeDefined();
    market.seq = 2;
    expect(copy.changesIn(market)!.record).toEqual({ set: { seq: 2 }, put: { posts: [{ id: "p1" }] } });
  });

  it("never calls different JSON the same (it may call equal JSON different)", () => {
    const cases: Array<[unknown, unknown, boolean]> = [
      [{ a: 1, b: undefined }, { a: 1 }, true],
      [{ b: 2, a: 1 }, { a: 1, b: 2 }, true],
      [{ a: 1 }, { a: 1, b: 2 }, false],
      [[1, undefined], [1, null], false],
      [new Date(0), new Date(0).toISOString(), false],
      [{ toJSON: () => 1, a: 1 }, { a: 1 }, false],
      [Number.NaN, null, false],
      [{ a: () => 1 }, {}, true],
    ];
    for (const [live, copy, same] of cases) expect(sameJson(live, copy)).toBe(same);
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        if (sameJson(a, asOnDisk({ v: b }).v)) expect(asOnDisk({ v: a })).toEqual(asOnDisk({ v: b }));
      }),
      { numRuns: 1000 },
    );
  });
});
