// The gzip body built from parts compressed apart (server/http/json-parts-body.ts) is one valid
// gzip stream whose text is the parts' text joined, whichever parts are shared between answers.
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { gzipOfParts } from "../../server/http/json-parts-body.ts";
import { jsonPart, jsonText, withJsonFields } from "../../server/market/json-parts.ts";

describe("JSON in parts, gzipped part by part", () => {
  it("unzips to the whole text, in any language, with a large part shared by two answers", async () => {
    const wall = jsonPart(JSON.stringify(Array.from({ length: 3000 }, (_, i) => ({ id: `p${i}`, text: `Clases de conversación en español, Fahrradreparatur für Kinder, vélo 🚲 ${i}` }))));
    expect(wall.text.length).toBeGreaterThan(100_000); // deflated on the thread pool, not on the spot
    const people = jsonPart('[{"name":"Zoë"}]');
    for (const seq of [1, 2]) {
      const parts = withJsonFields({ seq, serverNow: 1_700_000_000_000 + seq }, [
        ["participants", people],
        ["posts", wall],
      ]);
      const text = gunzipSync(await gzipOfParts(parts)).toString("utf8");
      expect(text).toBe(jsonText(parts));
      expect(JSON.parse(text)).toMatchObject({ seq, participants: [{ name: "Zoë" }], posts: expect.arrayContaining([expect.objectContaining({ id: "p2999" })]) });
    }
  });

  it("handles empty parts and a single part", async () => {
    for (const parts of [[jsonPart("")], [jsonPart("{}")], [jsonPart(""), jsonPart('{"a":'), jsonPart(""), jsonPart("[]}")]]) {
      expect(gunzipSync(await gzipOfParts(parts)).toString("utf8")).toBe(jsonText(parts));
    }
  });

  it("costs about what one gzip of the whole costs in size", async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({ id: `post-${i}`, kind: i % 2 ? "need" : "offer", text: `Help with the garden, bikes and bread, card ${i}`, authorName: `Person ${i}` }));
    const parts = withJsonFields({ id: "m" }, [["posts", jsonPart(JSON.stringify(rows))]]);
    const { gzipSync } = await import("node:zlib");
    const apart = (await gzipOfParts(parts)).length;
    const whole = gzipSync(jsonText(parts)).length;
    expect(apart).toBeLessThan(whole * 1.1);
  });
});
