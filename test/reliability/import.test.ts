// Importing a market is a host action like creating one: it counts against the same per-address
// limit, its texts pass the same filter, it keeps within the live caps, and a market at the caps
// does not hold up other requests while it is read. A real server process.
import http from "node:http";
import { describe, expect, it } from "vitest";
import { call, hostStartsMarket } from "../support/market-api.ts";
import { bigExport } from "../support/big-export.ts";
import { useServer } from "../support/fixtures.ts";
import { startServer } from "../support/server.ts";

const app = useServer();

const importMarket = (origin: string, body: unknown) => call(origin, "POST", "/api/markets/import", { body });

describe("importing a market", () => {
  it("counts against the per-address limit on new markets and keeps within the live caps", async () => {
    const server = await startServer({ env: { LIMIT_MARKETS_PER_HOUR_PER_ADDRESS: "3", MAX_PARTICIPANTS_PER_MARKET: "3", MAX_POSTS_PER_MARKET: "4" } });
    try {
      const tooManyPeople = await importMarket(server.origin, bigExport(4, 4));
      expect(tooManyPeople.status).toBe(400);
      expect(tooManyPeople.body.error.fieldRefusals.participants).toMatchObject({ code: "field_too_many_items", params: { max: 3 } });
      const tooManyPosts = await importMarket(server.origin, bigExport(3, 5));
      expect(tooManyPosts.status).toBe(400);
      expect(tooManyPosts.body.error.fieldRefusals.posts).toMatchObject({ code: "field_too_many_items", params: { max: 4 } });
      expect((await importMarket(server.origin, bigExport(3, 4))).status).toBe(201);

      // Three markets from this address this hour: creating and importing are both refused now.
      const created = await call(server.origin, "POST", "/api/markets", { body: { title: "One more" } });
      expect(created.status).toBe(429);
      const imported = await importMarket(server.origin, bigExport(1, 1));
      expect(imported.status).toBe(429);
      expect(imported.body.error.code).toBe("rate_limited_markets");
    } finally {
      await server.stop();
    }
  });

  it("passes every text through the same filter as a live write", async () => {
    const doc = bigExport(2, 2, "Spring\u202E\u0000\u001B market\u2060\uFEFF\u061C");
    const people = doc.participants as Array<Record<string, unknown>>;
    people[0]!.name = "Ana\u202E\u200B";
    people[1]!.contact = "bo@example.org\u0000";
    const imported = await importMarket(app.origin, doc);
    expect(imported.status).toBe(201);
    const exported = (await call(app.origin, "GET", `/api/markets/${imported.body.code}/export.json`, { token: imported.body.hostKey })).body;
    expect(exported.market.title).toBe("Spring market");
    expect(exported.participants.map((p: { name: string; contact: string | null }) => [p.name, p.contact])).toEqual([
      ["Ana", null],
      ["Person 1", "bo@example.org"],
    ]);

    const refusals: Array<[(doc: any) => void, RegExp]> = [
      [(d) => (d.posts[0].tags = ["\u0000"]), /posts\[0\]: Each tag needs at least one visible character/],
      [(d) => (d.participants[0].name = "\u3164"), /participants\[0\]: Name needs at least one visible character/],
      [(d) => (d.posts[1].text = "x".repeat(281)), /posts\[1\]: Text can be at most 280 characters/],
      [(d) => (d.posts[0].category = "weapons"), /category weapons, which is not one of the market's/],
      [(d) => (d.market.title = "\u202E\u200B"), /./],
    ];
    for (const [spoil, message] of refusals) {
      const bad = bigExport(2, 2);
      spoil(bad);
      const answer = await importMarket(app.origin, bad);
      expect(answer.status, String(message)).toBe(400);
      expect(answer.body.error.message).toMatch(message);
    }
  });

  it("answers a request made during an import at the caps before that import finishes", async () => {
    const other = await hostStartsMarket(app.origin, "Another room");
    const body = Buffer.from(JSON.stringify(bigExport(2000, 10_000)));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) =>
      new Promise<number>((resolve, reject) => {
        http.get(new URL(path, app.origin), { agent }, (response) => response.resume().on("end", () => resolve(response.statusCode!))).on("error", reject);
      });
    // A connection already open, as a phone in the room has one, so the request below needs no accept.
    expect(await get(`/api/markets/${other.code}`)).toBe(200);

    const order: string[] = [];
    const request = http.request(new URL("/api/markets/import", app.origin), { method: "POST", headers: { "content-type": "application/json", "content-length": body.length } });
    const imported = new Promise<{ status: number; body: any }>((resolve, reject) => {
      request.on("response", (response) => {
        let text = "";
        response.setEncoding("utf8").on("data", (chunk) => (text += chunk));
        response.on("end", () => {
          order.push("import");
          resolve({ status: response.statusCode!, body: JSON.parse(text) });
        });
      });
      request.on("error", reject);
    });
    // All but the last byte, and a request answered meanwhile: the server has read that much.
    await new Promise<void>((resolve) => request.write(body.subarray(0, -1), () => resolve()));
    expect(await get(`/api/markets/${other.code}`)).toBe(200);
    // The last byte starts the import; the request sent right behind it comes while it runs.
    request.end(body.subarray(-1));
    const during = get(`/api/markets/${other.code}`).then((status) => {
      order.push("request");
      return status;
    });
    const [result, status] = await Promise.all([imported, during]);
    agent.destroy();
    expect(status).toBe(200);
    expect(result.status).toBe(201);
    expect(order).toEqual(["request", "import"]);
    expect((await call(app.origin, "GET", `/api/markets/${result.body.code}`)).body.counts).toMatchObject({ participants: 2000, offers: 5000, needs: 5000 });
  });

  it("keeps every list of a large body in its order (parsed on a worker thread) and refuses broken JSON clearly", async () => {
    const doc = bigExport(600, 1200);
    const imported = await importMarket(app.origin, doc);
    expect(imported.status).toBe(201);
    const exported = (await call(app.origin, "GET", `/api/markets/${imported.body.code}/export.json`, { token: imported.body.hostKey })).body;
    expect(exported.participants.map((p: { name: string }) => p.name)).toEqual((doc.participants as Array<{ name: string }>).map((p) => p.name));
    expect(exported.posts.map((p: { text: string }) => p.text)).toEqual((doc.posts as Array<{ text: string }>).map((p) => p.text));

    const cut = JSON.stringify(doc).slice(0, -20);
    const broken = await fetch(`${app.origin}/api/markets/import`, { method: "POST", headers: { "content-type": "application/json" }, body: cut });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toBe("invalid_json");
    expect((await importMarket(app.origin, bigExport(2, 2))).status).toBe(201);
  });
});
