// After the market: every export holds exactly what consent allows; CSV and vCard survive hostile
// text; the JSON export restores the market on import; leaving erases a person from the data
// file; the host can delete a market or reopen it. A real server process, real sockets, on the store
// under test (test-store.ts): on lowdb, the files themselves are checked too.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { call, hostStartsMarket, phoneJoins, post, setPhase, watch, type Phone, type StartedMarket } from "../support/market-api.ts";
import { MarketService } from "../../server/market/service.ts";
import { startServer, tempDataDir } from "../support/server.ts";
import { parseVcards } from "../support/vcards.ts";
import { everythingStoredOf, marketAsStored, newStorePlace, storeUnderTest } from "../support/test-store.ts";
import { useServer } from "../support/fixtures.ts";

const app = useServer();

const csvRows = (text: string) => parse(text, { bom: true, columns: true, skip_empty_lines: false }) as Array<Record<string, string>>;
const dataFile = (market: StartedMarket) => path.join(app.server.dataDir, "markets", `${market.id}.json`);

/** Ana shares her contact with the host; Bo does not; they connect (Ana's offer, Bo's need). */
async function consentMarket(title = "Consent market") {
  const market = await hostStartsMarket(app.origin, title);
  const ana = await phoneJoins(app.origin, market.code, "Ana Lopez", "ana@example.org", true);
  const bo = await phoneJoins(app.origin, market.code, "Bo", "+44 7700 900123", false);
  await setPhase(app.origin, market, "connecting");
  const offer = await post(app.origin, market.code, ana, "offer", "Bike repair");
  const need = await post(app.origin, market.code, bo, "need", "Fix my bike");
  const lonely = await post(app.origin, market.code, bo, "offer", "Sourdough starter");
  const asked = await call(app.origin, "POST", `/api/markets/${market.code}/connections`, { token: bo.token, body: { offerId: offer.id, needId: need.id } });
  const accepted = await call(app.origin, "POST", `/api/markets/${market.code}/connections/${asked.body.connection.id}/accept`, { token: ana.token });
  expect(accepted.body.connection.status).toBe("accepted");
  return { market, ana, bo, offer, need, lonely };
}

const hostGet = (market: StartedMarket, file: string) => call(app.origin, "GET", `/api/markets/${market.code}/${file}`, { token: market.hostKey });
const phoneGet = (market: StartedMarket, phone: Phone, file: string) => call(app.origin, "GET", `/api/markets/${market.code}/${file}`, { token: phone.token });

describe("consent in every export", () => {
  it("gives the host Ana's contact (shared) and never Bo's (not shared), while Ana still gets Bo's in her follow-ups", async () => {
    const { market, ana, bo } = await consentMarket();
    const BO_PHONE = /7700|900123/;

    const connections = await hostGet(market, "export.csv");
    expect(connections.status).toBe(200);
    expect(connections.body).not.toMatch(BO_PHONE);
    expect(csvRows(connections.body)).toEqual([
      expect.objectContaining({ status: "accepted", offer_by: "Ana Lopez", offer_by_contact: "ana@example.org", offer: "Bike repair", need_by: "Bo", need_by_contact: "", need: "Fix my bike" }),
    ]);

    const posts = await hostGet(market, "export-posts.csv");
    expect(posts.status).toBe(200);
    expect(posts.body).not.toMatch(BO_PHONE);
    const postRows = csvRows(posts.body);
    expect(postRows).toHaveLength(3);
    expect(postRows.find((r) => r.text === "Bike repair")).toMatchObject({ kind: "offer", by: "Ana Lopez", by_contact: "ana@example.org", connection: "accepted", connected_with: "Bo" });
    expect(postRows.find((r) => r.text === "Sourdough starter")).toMatchObject({ kind: "offer", by: "Bo", by_contact: "", connection: "none", connected_with: "" });

    const json = await hostGet(market, "export.json");
    expect(JSON.stringify(json.body)).not.toMatch(BO_PHONE);
    expect(json.body).toMatchObject({ format: "offers-and-needs-market", version: 3 });

    const hostCards = await hostGet(market, "export.vcf");
    expect(hostCards.status).toBe(200);
    expect(hostCards.body).not.toMatch(BO_PHONE);
    const cards = parseVcards(hostCards.body);
    expect(cards.map((c) => c.fn)).toEqual(["Ana Lopez"]);
    expect(cards[0]).toMatchObject({ email: "ana@example.org" });
    expect(cards[0]!.note).toContain("Offers: Bike repair");

    // Ana, Bo's accepted partner, sees Bo's number: in the JSON, the text and the vCard.
    const anasFollowUps = await phoneGet(market, ana, "follow-ups");
    expect(anasFollowUps.body.followUps).toMatchObject([{ name: "Bo", contact: "+44 7700 900123", theirSide: "need" }]);
    const anasCards = parseVcards((await phoneGet(market, ana, "follow-ups.vcf")).body);
    expect(anasCards).toEqual([expect.objectContaining({ fn: "Bo", tel: "+447700900123" })]);
    expect(anasCards[0]!.note).toContain('They needed "Fix my bike"');
    const anasText = await phoneGet(market, ana, "follow-ups.txt");
    expect(anasText.body).toContain("Bo <+44 7700 900123>");

    const bosCards = parseVcards((await phoneGet(market, bo, "follow-ups.vcf")).body);
    expect(bosCards).toEqual([expect.objectContaining({ fn: "Ana Lopez", email: "ana@example.org" })]);

    // Exports are the host's; follow-ups are a participant's own.
    for (const file of ["export.csv", "export-posts.csv", "export.json", "export.vcf"]) {
      expect((await phoneGet(market, ana, file)).status).toBe(403);
      expect((await call(app.origin, "GET", `/api/markets/${market.code}/${file}`)).status).toBe(403);
    }
    expect((await hostGet(market, "follow-ups.vcf")).status).toBe(403);
    expect((await call(app.origin, "GET", `/api/markets/${market.code}/follow-ups.vcf`)).status).toBe(401);
  });
});

describe("hostile text", () => {
  const hostile = [
    'Comma, "quotes", and a\nnew line 🚲',
    '=HYPERLINK("http://evil.example","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "Ünïcödé ✨ 日本語 — fine",
  ];

  it("round-trips through csv-parse, with formulas neutralised, a BOM and CRLF rows", async () => {
    const market = await hostStartsMarket(app.origin, 'Market, "quoted"');
    const zoe = await phoneJoins(app.origin, market.code, 'Zoë, the "fixer" 🚲', "=cmd|' /C calc'!A0", true);
    const yan = await phoneJoins(app.origin, market.code, "Yan", "yan@example.org", true);
    await setPhase(app.origin, market, "connecting");
    const offers = [];
    for (const text of hostile) offers.push(await post(app.origin, market.code, zoe, "offer", text));
    const need = await post(app.origin, market.code, yan, "need", "-need with a leading dash, and a comma");
    for (const offer of offers) {
      const asked = await call(app.origin, "POST", `/api/markets/${market.code}/connections`, { token: yan.token, body: { offerId: offer.id, needId: need.id } });
      expect(asked.status).toBe(201);
    }

    const raw = await fetch(`${app.origin}/api/markets/${market.code}/export.csv`, { headers: { authorization: `Bearer ${market.hostKey}` } });
    expect(raw.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(raw.headers.get("content-disposition")).toMatch(/attachment; filename="market-quoted-[A-Z0-9]{6}\.connections\.csv"/);
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.split("\r\n")[0]).toBe("\uFEFFstatus,offer_by,offer_by_contact,offer,need_by,need_by_contact,need,created_at,updated_at");

    const neutralised = (value: string) => (/^[=+\-@]/.test(value) ? `'${value}` : value);
    const rows = csvRows(text);
    expect(rows.map((r) => r.offer)).toEqual(hostile.map(neutralised));
    for (const row of rows) {
      expect(row).toMatchObject({
        offer_by: 'Zoë, the "fixer" 🚲',
        offer_by_contact: "'=cmd|' /C calc'!A0",
        need_by: "Yan",
        need: "'-need with a leading dash, and a comma",
      });
    }
    // No cell a spreadsheet would run.
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    const postRows = csvRows((await hostGet(market, "export-posts.csv")).body);
    expect(postRows.map((r) => r.text).sort()).toEqual([...hostile, "-need with a leading dash, and a comma"].map(neutralised).sort());
    expect(postRows.every((r) => r.by === 'Zoë, the "fixer" 🚲' || r.by === "Yan")).toBe(true);

    // The same text in contact cards, parsed back by two vCard libraries.
    const cards = parseVcards((await hostGet(market, "export.vcf")).body);
    expect(cards.map((c) => c.fn)).toEqual(['Zoë, the "fixer" 🚲', "Yan"]);
    expect(cards[0]!.note).toContain('Contact: =cmd|\' /C calc\'!A0');
    expect(cards[0]!.note).toContain(`Offers: ${hostile[0]}`);
  });
});

describe("JSON export and import", () => {
  it("restores the same market under a new code and host key, with unshared contacts empty", async () => {
    const { market } = await consentMarket("Two-day market");
    await setPhase(app.origin, market, "closed");
    const exported = (await hostGet(market, "export.json")).body as any;

    const imported = await call(app.origin, "POST", "/api/markets/import", { body: exported });
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ code: expect.stringMatching(/^[2-9A-HJ-NP-Z]{6}$/), hostKey: expect.any(String), hostUrl: expect.stringContaining("/host/") });
    expect(imported.body.code).not.toBe(market.code);
    expect(imported.body.hostKey).not.toBe(market.hostKey);
    // The old host key is a stranger to the copy.
    expect((await call(app.origin, "GET", `/api/markets/${imported.body.code}/export.json`, { token: market.hostKey })).status).toBe(401);

    const again = (await hostGet(imported.body, "export.json")).body as any;
    expect(again.market).toMatchObject({ title: "Two-day market", phase: "closed", createdAt: exported.market.createdAt, code: imported.body.code });
    expect(again.participants).toEqual(exported.participants);
    expect(again.participants.find((p: any) => p.name === "Bo").contact).toBeNull();
    expect(again.posts).toEqual(exported.posts);
    expect(again.connections).toEqual(exported.connections);
    expect(again.counts).toEqual(exported.counts);
    // And the copy's own exports carry Ana's contact (shared) and not Bo's.
    expect((await hostGet(imported.body, "export.csv")).body).toContain("ana@example.org");
  });

  it("refuses a file that is not a market export with a clear 400", async () => {
    const refusals: Array<[unknown, RegExp]> = [
      [{ hello: "world" }, /format must be one of offers-and-needs-market/],
      [{ format: "offers-and-needs-market", version: 99, market: {}, participants: [], posts: [], connections: [] }, /version must be one of 1, 2, 3\./],
      [
        {
          format: "offers-and-needs-market",
          version: 1,
          market: { title: "X", phase: "sharing", createdAt: "2025-01-01T00:00:00.000Z" },
          participants: [],
          posts: [{ id: "p1", kind: "offer", text: "Orphan", tags: [], participantId: "ghost", createdAt: "2025-01-01T00:00:00.000Z" }],
          connections: [],
        },
        /belongs to no participant/,
      ],
    ];
    for (const [body, message] of refusals) {
      const answer = await call(app.origin, "POST", "/api/markets/import", { body });
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toMatch(message);
    }
    expect((await call(app.origin, "POST", "/api/markets/import", { raw: "{not json" })).status).toBe(400);
  });
});

describe("leaving and erasing", () => {
  it("removes the person's name, contact and posts live and from the data file; the connection stays as 'someone who left'", async () => {
    const { market, ana, bo, need, lonely } = await consentMarket("Erase market");
    const projector = await watch(app.origin, market.code);
    const anasPhone = await watch(app.origin, market.code, ana.token);

    const left = await call(app.origin, "DELETE", `/api/markets/${market.code}/participants/me`, { token: bo.token });
    expect(left.status).toBe(200);

    const removed = await projector.waitFor("post:removed", (p) => p.postId === lonely.id);
    await projector.waitFor("post:removed", (p) => p.postId === need.id);
    const gone = await projector.waitFor("participant:left", (p) => p.participantId === bo.participantId);
    expect(gone.seq).toBeGreaterThan(removed.seq);
    expect(gone.counts).toMatchObject({ participants: 1, offers: 1, needs: 0, connections: 1 });
    expect(gone.connections).toEqual([expect.objectContaining({ needAuthorName: "someone who left", needText: "", offerText: "Bike repair", status: "accepted" })]);
    await anasPhone.waitFor("participant:left");

    // Nothing stored holds Bo any more: not the snapshot, and no journal (an erasure compacts); no row.
    const stored = await everythingStoredOf(app.server, market.id);
    expect(stored).toContain(market.code);
    for (const trace of ['"Bo"', "7700", "Fix my bike", "Sourdough starter"]) expect(stored).not.toContain(trace);
    expect(JSON.stringify(await marketAsStored(app.server, market.id))).toContain("Bike repair");

    expect((await phoneGet(market, ana, "follow-ups")).body.followUps).toEqual([
      expect.objectContaining({ name: "someone who left", contact: "", offerText: "Bike repair", needText: "" }),
    ]);
    expect(parseVcards((await phoneGet(market, ana, "follow-ups.vcf")).body)).toEqual([]);
    expect(csvRows((await hostGet(market, "export.csv")).body)).toEqual([
      expect.objectContaining({ offer_by: "Ana Lopez", need_by: "someone who left", need_by_contact: "", need: "" }),
    ]);
    // Bo's token is gone with Bo.
    expect((await phoneGet(market, bo, "follow-ups")).status).toBe(401);
    expect((await call(app.origin, "DELETE", `/api/markets/${market.code}/participants/me`, { token: bo.token })).status).toBe(401);
    expect((await call(app.origin, "DELETE", `/api/markets/${market.code}/participants/me`, { token: market.hostKey })).status).toBe(403);
    projector.close();
    anasPhone.close();
  });
});

describe("the host deletes or reopens a market", () => {
  it("deletes the market with its data file; screens hear it; its code is gone", async () => {
    const { market, ana } = await consentMarket("Delete me");
    expect(await marketAsStored(app.server, market.id)).toBeDefined();
    if (storeUnderTest === "lowdb") expect(existsSync(dataFile(market))).toBe(true);
    const projector = await watch(app.origin, market.code);
    expect((await call(app.origin, "DELETE", `/api/markets/${market.code}`, { token: ana.token })).status).toBe(403);
    expect((await call(app.origin, "DELETE", `/api/markets/${market.code}`)).status).toBe(403);

    expect((await call(app.origin, "DELETE", `/api/markets/${market.code}`, { token: market.hostKey })).status).toBe(200);
    await projector.waitFor("market:deleted", (p) => p.reason === "host");
    expect(await marketAsStored(app.server, market.id)).toBeUndefined();
    expect(await everythingStoredOf(app.server, market.id)).not.toContain("Bike repair");
    if (storeUnderTest === "lowdb") {
      expect(existsSync(dataFile(market))).toBe(false);
      // Its journal and any temp file went with it.
      expect(readdirSync(path.dirname(dataFile(market))).filter((name) => name.includes(market.id))).toEqual([]);
    }
    expect((await call(app.origin, "GET", `/api/markets/${market.code}`)).status).toBe(404);
    expect((await phoneGet(market, ana, "follow-ups")).status).toBe(404);
    projector.close();
  });

  it("reopens a closed market with everything intact, and phones can post again", async () => {
    const { market, ana } = await consentMarket("Two days");
    await setPhase(app.origin, market, "closed");
    const before = (await hostGet(market, "export.json")).body as any;
    expect(before.market.closedAt).toEqual(expect.any(String));
    const projector = await watch(app.origin, market.code);

    await setPhase(app.origin, market, "connecting");
    await projector.waitFor("phase:changed", (p) => p.phase === "connecting");
    const after = (await hostGet(market, "export.json")).body as any;
    expect(after.market).toMatchObject({ phase: "connecting", closedAt: null });
    expect(after.participants).toEqual(before.participants);
    expect(after.posts).toEqual(before.posts);
    expect(after.connections).toEqual(before.connections);
    expect((await phoneGet(market, ana, "follow-ups")).body.followUps).toHaveLength(1);

    const late = await post(app.origin, market.code, ana, "need", "Day two: a lift home");
    await projector.waitFor("post:created", (p) => p.post.id === late.id);
    projector.close();
  });
});

describe("retention in the running server", () => {
  it("purges at start-up a market closed longer ago than RETENTION_DAYS, and keeps a recent one", async () => {
    const place = await newStorePlace();
    const DAY = 24 * 60 * 60 * 1000;
    let now = new Date(Date.now() - 3 * DAY);
    const store = await place.open();
    const service = new MarketService(store, { now: () => now });
    const expired = (await service.createMarket({ title: "Closed three days ago" })).market;
    await service.changePhase(expired.code, { role: "host" }, { phase: "closed" });
    now = new Date();
    const recent = (await service.createMarket({ title: "Closed just now" })).market;
    await service.changePhase(recent.code, { role: "host" }, { phase: "closed" });
    await store.close();

    const second = await startServer({ dataDir: place.dataDir ?? (await tempDataDir()), env: { ...place.serverEnv, RETENTION_DAYS: "2" } });
    try {
      expect(await marketAsStored(second, expired.id)).toBeUndefined();
      if (place.dataDir) expect(existsSync(path.join(place.dataDir, "markets", `${expired.id}.json`))).toBe(false);
      expect((await call(second.origin, "GET", `/api/markets/${expired.code}`)).status).toBe(404);
      expect((await call(second.origin, "GET", `/api/markets/${recent.code}`)).body).toMatchObject({ title: "Closed just now", phase: "closed" });
      expect(second.output()).toContain(`Retention: deleted 1 market(s) closed over 2 days ago (${expired.code})`);
    } finally {
      await second.stop();
    }
  });
});
