// JSON text handed over in parts, to be written one after another. A part many answers share (a
// snapshot's people and posts, the same for every screen of an audience until the market
// changes) is one object for all of them, so the HTTP layer encodes and compresses it once
// (server/http/json-parts-body.ts) instead of once per phone.

export interface JsonPart {
  readonly text: string;
}

/** A part of one answer only. */
export const jsonPart = (text: string): JsonPart => ({ text });

/** The whole text in one piece (what the parts, written one after another, amount to). */
export const jsonText = (parts: readonly JsonPart[]): string => parts.map((part) => part.text).join("");

/**
 * `object` with the fields in `fields` added after its own, each given as JSON already:
 * `{ ...object, name: <its JSON> }` in parts. `object` must have a field of its own.
 */
export function withJsonFields(object: object, fields: ReadonlyArray<readonly [string, JsonPart]>): JsonPart[] {
  const head = JSON.stringify(object).slice(0, -1);
  const parts: JsonPart[] = [];
  let glue = head;
  for (const [name, value] of fields) {
    parts.push(jsonPart(`${glue},${JSON.stringify(name)}:`), value);
    glue = "";
  }
  parts.push(jsonPart("}"));
  return parts;
}
