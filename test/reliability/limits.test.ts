// Abuse limits as a user meets them: a friendly 429 with Retry-After for someone posting too fast,
// a clear message when a market is full, and a whole hall behind one address joining freely.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, hostStartsMarket, phoneJoins, setPhase } from "../support/market-api.ts";
import { startServer, type TestServer } from "../support/server.ts";

describe("with the default limits", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it("lets 1,000 phones from one address join one market within a minute, arriving at a venue's pace", { timeout: 120_000 }, async () => {
    // A hall: 1,000 people scanning the QR code over about 55 seconds (some 18 a second), each
    // phone's join sent when its person gets there, all through the venue's one address.
    const market = await hostStartsMarket(server.origin, "Big hall");
    const started = Date.now();
    const arrivals = Array.from({ length: 1000 }, (_, i) => started + i * 55);
    const statuses = await Promise.all(
      arrivals.map(
        (at, i) =>
          new Promise<number>((resolve, reject) => {
            setTimeout(() => {
              call(server.origin, "POST", `/api/markets/${market.code}/participants`, { body: { name: `Person ${i}`, contact: `p${i}@example.org` } }).then((answer) => resolve(answer.status), reject);
            }, at - Date.now());
          }),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(`1,000 joins from one address at a venue's pace: ${seconds.toFixed(1)} s`);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1000);
    expect((await call(server.origin, "GET", `/api/markets/${market.code}`)).body.counts.participants).toBe(1000);
  });
});

describe("with small limits", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      env: { LIMIT_POSTS_PER_MINUTE: "3", MAX_PARTICIPANTS_PER_MARKET: "2", MAX_POSTS_PER_MARKET: "5", LIMIT_JOINS_PER_MINUTE_PER_ADDRESS: "4" },
    });
  });
  afterAll(() => server?.stop());

  it("answers a fourth post within a minute with 429, Retry-After and a friendly message; a resend still answers", async () => {
    const market = await hostStartsMarket(server.origin);
    const ana = await phoneJoins(server.origin, market.code, "Ana");
    await setPhase(server.origin, market, "sharing");
    for (let i = 0; i < 3; i++) {
      expect((await call(server.origin, "POST", `/api/markets/${market.code}/posts`, { token: ana.token, body: { kind: "offer", text: `Offer ${i}`, clientId: `c${i}` } })).status).toBe(201);
    }
    const response = await fetch(`${server.origin}/api/markets/${market.code}/posts`, {
      method: "POST",
      headers: { authorization: `Bearer ${ana.token}`, "content-type": "application/json" },
      body: JSON.stringify({ kind: "need", text: "One too many" }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(response.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: "rate_limited_post", params: { seconds: expect.any(Number) }, message: expect.stringMatching(/posting very fast.*try again in \d+ s/) });
    // A phone resending a post that already arrived is answered, not limited.
    const resend = await call(server.origin, "POST", `/api/markets/${market.code}/posts`, { token: ana.token, body: { kind: "offer", text: "Offer 0", clientId: "c0" } });
    expect(resend.status).toBe(200);
    expect((await call(server.origin, "GET", `/api/markets/${market.code}`)).body.counts.offers).toBe(3);
  });

  it("says clearly when a market is full", async () => {
    const market = await hostStartsMarket(server.origin);
    await phoneJoins(server.origin, market.code, "Ana");
    await phoneJoins(server.origin, market.code, "Bo");
    const third = await call(server.origin, "POST", `/api/markets/${market.code}/participants`, { body: { name: "Cy", contact: "cy@example.org" } });
    expect(third.status).toBe(409);
    expect(third.body.error).toMatchObject({ code: "market_full", message: expect.stringMatching(/market is full \(2 people\)/) });
  });

  it("stops a flood of joins from one address with 429 and Retry-After", async () => {
    // This server allows 4 joins a minute per address; the two tests above used 3 (one refused: full).
    const market = await hostStartsMarket(server.origin);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await fetch(`${server.origin}/api/markets/${market.code}/participants`, { method: "POST", body: JSON.stringify({ name: `F${i}`, contact: "f@example.org" }) }));
    expect(answers.map((a) => a.status)).toContain(429);
    const refused = answers.find((a) => a.status === 429)!;
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).error.message).toMatch(/Too many joins from this network/);
  });
});
