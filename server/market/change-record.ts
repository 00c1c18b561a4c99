// What changed in a market since its last durable state, as one journal record, and how a record
// is applied again at start-up. The service mutates the market in place, so object identity says
// nothing about what changed: the store keeps a private copy of the market as last made durable
// (parsed back from the JSON that was written) and compares the live market with it, field by
// field and entity by entity. A comparison can report a change that is not one (harmless: the
// record carries a value equal to the old one); it can never miss one (see sameJson).
//
// Arrays of objects that all carry a string `id` (participants, posts, connections, and any such
// array added later) are compared entity by entity; every other top-level field is compared and
// recorded whole.

/** One journal record: applied in this order: unset, set, del, put, order. */
export interface ChangeRecord {
  /** Top-level fields replaced whole (new fields, changed values, arrays that changed shape). */
  set?: Record<string, unknown>;
  /** Top-level fields that are gone. */
  unset?: string[];
  /** Entities removed, by array. */
  del?: Record<string, string[]>;
  /** Entities added (at the end, in this order) or changed (in place), by array. */
  put?: Record<string, Array<{ id: string }>>;
  /** The array's full id order, only when it is not "old order, removed ones out, new ones last". */
  order?: Record<string, string[]>;
}

type Json = unknown;
type Entity = { id: string } & Record<string, Json>;

/** ids[i] and copies[i] describe the list's i-th entity as on disk; byId finds a copy by id. */
type EntityList = { kind: "entities"; ids: string[]; copies: Entity[]; byId: Map<string, Entity> };
type Tracked = { kind: "value"; value: Json } | EntityList;

/** A change found by DurableCopy.changesIn, to be accepted once the record is durable. */
export interface PendingChange {
  record: ChangeRecord;
  /** The change removes an entity (erasure, a deleted post): the store compacts instead of appending. */
  removes: boolean;
  /** Makes the copy match what was just made durable. Call only after the record is on disk. */
  accept(): void;
}

export class DurableCopy {
  private constructor(private readonly fields: Map<string, Tracked>) {}

  /**
   * The copy of a market as it is on disk. `parsed` must come from JSON.parse of what was written,
   * and must never be shared with the live market.
   */
  static of(parsed: Record<string, Json>): DurableCopy {
    const fields = new Map<string, Tracked>();
    for (const [key, value] of Object.entries(parsed)) fields.set(key, track(value));
    return new DurableCopy(fields);
  }

  /**
   * The same copy made from the live market itself, an entity at a time with the event loop given
   * back between slices (`pause`, event-loop-budget.ts): for a market at the caps handed over whole
   * (an import), where one deep copy of it would hold every other request for tens of ms.
   */
  static async inSlices(live: Record<string, Json>, pause: () => Promise<void> | undefined): Promise<DurableCopy> {
    const fields = new Map<string, Tracked>();
    for (const [key, value] of Object.entries(live)) {
      if (!presentInJson(value)) continue;
      if (!Array.isArray(value) || !isEntityList(value)) {
        fields.set(key, track(copyOf(value)));
        continue;
      }
      const copies: Json[] = [];
      for (const entity of value) {
        await pause();
        copies.push(copyOf(entity));
      }
      fields.set(key, track(copies));
    }
    return new DurableCopy(fields);
  }

  /**
   * Compares the live market with the durable copy, synchronously (so the record is the market at
   * one instant). Returns undefined when nothing changed.
   */
  changesIn(live: Record<string, Json>): PendingChange | undefined {
    const record: ChangeRecord = {};
    const updates: Array<[string, Tracked | undefined]> = [];
    const accepts: Array<() => void> = [];
    let removes = false;

    for (const [key, tracked] of this.fields) {
      if (!presentInJson(live[key])) {
        (record.unset ??= []).push(key);
        updates.push([key, undefined]);
        if (tracked.kind === "entities" && tracked.ids.length) removes = true;
      } else if (tracked.kind === "entities" && Array.isArray(live[key])) {
        const change = entityChanges(tracked, live[key] as Json[]);
        if (change === "reshaped") {
          const value = copyOf(live[key]);
          (record.set ??= Object.create(null) as Record<string, Json>)[key] = value;
          updates.push([key, track(value)]);
          removes = true; // the old entities may be gone: treat it as a removal
        } else if (change) {
          if (change.del.length) (record.del ??= {})[key] = change.del;
          if (change.put.length) (record.put ??= {})[key] = change.put;
          if (change.order) (record.order ??= {})[key] = change.order;
          removes ||= change.del.length > 0;
          accepts.push(change.accept);
        }
      } else if (tracked.kind === "entities" || !sameJson(live[key], tracked.value)) {
        const value = copyOf(live[key]);
        (record.set ??= Object.create(null) as Record<string, Json>)[key] = value;
        updates.push([key, track(value)]);
        if (tracked.kind === "entities") removes = true;
      }
    }
    for (const key of Object.keys(live)) {
      if (this.fields.has(key) || !presentInJson(live[key])) continue;
      const value = copyOf(live[key]);
      (record.set ??= Object.create(null) as Record<string, Json>)[key] = value;
      updates.push([key, track(value)]);
    }

    if (!updates.length && !accepts.length) return undefined;
    return {
      record,
      removes,
      accept: () => {
        for (const accept of accepts) accept();
        for (const [key, tracked] of updates) {
          if (tracked) this.fields.set(key, tracked);
          else this.fields.delete(key);
        }
      },
    };
  }

  /** The market as last handed over, whole (for a store that rewrites it now and then). Shares the copies: read only. */
  toJson(): Record<string, Json> {
    const data: Record<string, Json> = {};
    for (const [key, tracked] of this.fields) data[key] = tracked.kind === "entities" ? tracked.copies : tracked.value;
    return data;
  }
}

/** Where each entity of a list is, kept across the records applied in a row (see applyChange). */
export type ListIndexes = Map<string, { list: unknown[]; at: Map<unknown, number> }>;

/**
 * Applies one record to a market's data as parsed from disk. Throws (with what does not fit) when
 * the record cannot belong to this data: the caller reports the journal as damaged. `indexes`:
 * given the same map for records applied in a row (a journal replayed), a list's index of ids is
 * built once rather than once per record.
 */
export function applyChange(data: Record<string, Json>, record: ChangeRecord, indexes: ListIndexes = new Map()): void {
  for (const key of record.unset ?? []) delete data[key];
  // defineProperty, so that even a field named "__proto__" lands as the plain field it was.
  for (const [key, value] of Object.entries(record.set ?? {})) Object.defineProperty(data, key, { value, writable: true, enumerable: true, configurable: true });
  const keys = new Set([...Object.keys(record.del ?? {}), ...Object.keys(record.put ?? {}), ...Object.keys(record.order ?? {})]);
  for (const key of keys) {
    const list = data[key];
    if (!Array.isArray(list)) throw new Error(`"${key}" is not a list`);
    let entities = list as Entity[];
    const removed = record.del?.[key];
    if (removed) {
      const gone = new Set(removed);
      entities = entities.filter((e) => !gone.has(e?.id));
    }
    const put = record.put?.[key];
    if (put) {
      const known = indexes.get(key);
      const at = known?.list === entities ? known.at : new Map(entities.map((e, i) => [e?.id, i]));
      for (const entity of put) {
        if (!isEntity(entity)) throw new Error(`an entry of "${key}" has no id`);
        const i = at.get(entity.id);
        if (i === undefined) at.set(entity.id, entities.push(entity as Entity) - 1);
        else entities[i] = entity as Entity;
      }
      indexes.set(key, { list: entities, at });
    }
    const order = record.order?.[key];
    if (order) {
      const byId = new Map(entities.map((e) => [e?.id, e]));
      if (order.length !== entities.length || new Set(order).size !== order.length || !order.every((id) => byId.has(id))) {
        throw new Error(`the order of "${key}" does not match its entries`);
      }
      entities = order.map((id) => byId.get(id)!);
    }
    data[key] = entities;
  }
}

// ---- Comparison -------------------------------------------------------------------------------

function track(value: Json): Tracked {
  if (Array.isArray(value) && isEntityList(value)) {
    const copies = value as Entity[];
    return { kind: "entities", ids: copies.map((e) => e.id), copies, byId: new Map(copies.map((e) => [e.id, e])) };
  }
  return { kind: "value", value };
}

/** Every element an object with a string id, and no id twice (an empty list counts). */
export function isEntityList(list: Json[]): boolean {
  const seen = new Set<string>();
  for (const item of list) {
    if (!isEntity(item) || seen.has(item.id)) return false;
    seen.add(item.id);
  }
  return true;
}

function isEntity(item: Json): item is { id: string } {
  return typeof item === "object" && item !== null && !Array.isArray(item) && typeof (item as { id?: unknown }).id === "string";
}

type EntityChanges = { del: string[]; put: Entity[]; order?: string[]; accept(): void };

/**
 * The changes in one entity list, "reshaped" when it is no longer a list of entities with distinct
 * ids (then it is recorded whole), or undefined when nothing changed. The durable copy is only
 * updated by `accept`, once the record is on disk.
 */
function entityChanges(tracked: EntityList, live: Json[]): EntityChanges | "reshaped" | undefined {
  const common = appendedOrEdited(tracked, live);
  return common === null ? anyChange(tracked, live) : common;
}

/**
 * The common case, without a lookup per entity: the durable entities are still the first ones,
 * in the same order (some maybe edited in place), and anything after them is new. Null when the
 * list changed in another way.
 */
function appendedOrEdited(tracked: EntityList, live: Json[]): EntityChanges | "reshaped" | undefined | null {
  const { ids, copies } = tracked;
  const kept = ids.length;
  if (live.length < kept) return null;
  const edited: number[] = [];
  for (let i = 0; i < kept; i++) {
    const item = live[i];
    // Unchanged means the same JSON, so the same id in the same place.
    if (sameJson(item, copies[i])) continue;
    if (!isEntity(item) || item.id !== ids[i]) return null;
    edited.push(i);
  }
  if (!edited.length && live.length === kept) return undefined;
  const put: Entity[] = edited.map((i) => copyOf(live[i]) as Entity);
  const newIds = new Set<string>();
  for (let i = kept; i < live.length; i++) {
    const item = live[i];
    if (!isEntity(item) || tracked.byId.has(item.id) || newIds.has(item.id)) return "reshaped";
    newIds.add(item.id);
    put.push(copyOf(item) as Entity);
  }
  return {
    del: [],
    put,
    accept() {
      for (let k = 0; k < edited.length; k++) copies[edited[k]!] = put[k]!;
      for (let k = edited.length; k < put.length; k++) {
        ids.push(put[k]!.id);
        copies.push(put[k]!);
      }
      for (const entity of put) tracked.byId.set(entity.id, entity);
    },
  };
}

/** Any change: removals, moves, additions anywhere. */
function anyChange(tracked: EntityList, live: Json[]): EntityChanges | "reshaped" | undefined {
  const ids: string[] = new Array(live.length);
  const seen = new Set<string>();
  const put: Entity[] = [];
  const added: string[] = [];
  for (let i = 0; i < live.length; i++) {
    const item = live[i];
    if (!isEntity(item) || seen.has(item.id)) return "reshaped";
    seen.add(item.id);
    ids[i] = item.id;
    const before = tracked.byId.get(item.id);
    if (before !== undefined && sameJson(item, before)) continue;
    if (before === undefined) added.push(item.id);
    put.push(copyOf(item) as Entity);
  }
  const del = seen.size === tracked.ids.length + added.length ? [] : tracked.ids.filter((id) => !seen.has(id));
  if (!put.length && !del.length && sameOrder(ids, tracked.ids)) return undefined;
  // Applying del then put gives: the old order without the removed ones, then the added ones.
  const expected = del.length ? tracked.ids.filter((id) => seen.has(id)) : tracked.ids.slice();
  expected.push(...added);
  return {
    del,
    put,
    order: sameOrder(ids, expected) ? undefined : ids,
    accept() {
      for (const id of del) tracked.byId.delete(id);
      for (const entity of put) tracked.byId.set(entity.id, entity);
      tracked.ids = ids;
      tracked.copies = ids.map((id) => tracked.byId.get(id)!);
    },
  };
}

function sameOrder(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether JSON.stringify keeps this property (it drops undefined, functions and symbols). */
function presentInJson(value: Json): boolean {
  return value !== undefined && typeof value !== "function" && typeof value !== "symbol";
}

/**
 * True only if `live` serialises to JSON that parses back to `copy` (key order aside). `copy` came
 * from JSON.parse. Anything unusual (a Date, a class instance, NaN, undefined in an array) answers
 * false, which costs an unneeded record but never loses a change. This runs over every entity at
 * every commit, so it avoids allocating: for-in rather than Object.keys, primitives compared inline.
 */
export function sameJson(live: Json, copy: Json): boolean {
  if (live === copy) return typeof live !== "number" || Number.isFinite(live);
  if (typeof live !== "object" || live === null || typeof copy !== "object" || copy === null) return false;
  if (Array.isArray(live)) {
    if (!Array.isArray(copy) || live.length !== copy.length) return false;
    for (let i = 0; i < live.length; i++) {
      const value: Json = live[i];
      if (value === copy[i] && (typeof value !== "number" || Number.isFinite(value))) continue;
      if (typeof value !== "object" || !sameJson(value, copy[i])) return false;
    }
    return true;
  }
  if (Array.isArray(copy)) return false;
  const prototype = Object.getPrototypeOf(live);
  if (prototype !== Object.prototype && prototype !== null) return false;
  const liveObject = live as Record<string, Json>;
  const copyObject = copy as Record<string, Json>;
  if (typeof liveObject.toJSON === "function") return false;
  let present = 0;
  // Plain objects only (checked above): for-in visits exactly their own enumerable keys.
  for (const key in liveObject) {
    const value = liveObject[key];
    if (value === undefined || typeof value === "function" || typeof value === "symbol") continue;
    present++;
    if (!Object.hasOwn(copyObject, key)) return false;
    const other = copyObject[key];
    if (value === other && (typeof value !== "number" || Number.isFinite(value))) continue;
    if (typeof value !== "object" || !sameJson(value, other)) return false;
  }
  let keys = 0;
  for (const _key in copyObject) keys++;
  return present === keys;
}

/** A private copy, exactly as it will read back from disk. */
function copyOf(value: Json): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}
