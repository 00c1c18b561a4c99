// A real server process on a free port, real socket.io clients, the public JSON API.
import { beforeAll, describe, expect, it } from "vitest";
import { call, hostStartsMarket, phoneJoins, post, setPhase, socketRefusal, watch, type StartedMarket } from "../support/market-api.ts";
import { useServer } from "../support/fixtures.ts";

const app = useServer();

describe("a live market over the API and socket.io", () => {
  it("shows a post on the projector's socket and another phone's socket, with increasing seq", async () => {
    const market = await hostStartsMarket(app.origin);
    expect(market.code).toMatch(/^[2-9A-HJ-NP-Z]{6}$/);
    expect(market.joinUrl).toBe(`${app.origin}/join/${market.code}`);
    const ana = await phoneJoins(app.origin, market.code, "Ana");
    const bo = await phoneJoins(app.origin, market.code, "Bo");
    const projector = await watch(app.origin, market.code);
    const bosPhone = await watch(app.origin, market.code, bo.token);
    await setPhase(app.origin, market, "sharing");

    const offer = await post(app.origin, market.code, ana, "offer", "I can fix bikes");
    const onWall = await projector.waitFor("post:created", (p) => p.post.id === offer.id);
    const onPhone = await bosPhone.waitFor("post:created", (p) => p.post.id === offer.id);
    expect(onWall.post).toMatchObject({ kind: "offer", text: "I can fix bikes", authorName: "Ana" });
    expect(onPhone.seq).toBe(onWall.seq);
    const phase = await projector.waitFor("phase:changed");
    expect(onWall.seq).toBeGreaterThan(phase.seq);

    await post(app.origin, market.code, bo, "need", "Someone to fix my bike");
    const seqs = (await projector.waitFor("post:created", (p) => p.post.authorName === "Bo")) && projector.events.map((e) => e.payload.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    projector.close();
    bosPhone.close();
  });

  it("lets the other side accept a connection live, then shows contacts only to the two people", async () => {
    const market = await hostStartsMarket(app.origin);
    const ana = await phoneJoins(app.origin, market.code, "Ana", "ana@example.org", true);
    const bo = await phoneJoins(app.origin, market.code, "Bo", "+44 7700 900123", false);
    const cy = await phoneJoins(app.origin, market.code, "Cy");
    await setPhase(app.origin, market, "connecting");
    const offer = await post(app.origin, market.code, ana, "offer", "Bike repair");
    const need = await post(app.origin, market.code, bo, "need", "Fix my bike");
    const anasPhone = await watch(app.origin, market.code, ana.token);
    const projector = await watch(app.origin, market.code);

    const asked = await call(app.origin, "POST", `/api/markets/${market.code}/connections`, { token: bo.token, body: { offerId: offer.id, needId: need.id } });
    expect(asked.status).toBe(201);
    const seen = await anasPhone.waitFor("connection:created");
    expect(seen.connection).toMatchObject({ status: "pending", offerAuthorName: "Ana", needAuthorName: "Bo" });

    const stranger = await call(app.origin, "POST", `/api/markets/${market.code}/connections/${asked.body.connection.id}/accept`, { token: cy.token });
    expect(stranger.status).toBe(403);
    const accepted = await call(app.origin, "POST", `/api/markets/${market.code}/connections/${asked.body.connection.id}/accept`, { token: ana.token });
    expect(accepted.body.connection.status).toBe("accepted");
    await projector.waitFor("connection:updated", (p) => p.connection.status === "accepted");

    expect((await call(app.origin, "GET", `/api/markets/${market.code}/follow-ups`, { token: bo.token })).body.followUps).toMatchObject([{ name: "Ana", contact: "ana@example.org" }]);
    expect((await call(app.origin, "GET", `/api/markets/${market.code}/follow-ups`, { token: ana.token })).body.followUps).toMatchObject([{ name: "Bo", contact: "+44 7700 900123" }]);
    expect((await call(app.origin, "GET", `/api/markets/${market.code}/follow-ups`, { token: cy.token })).body.followUps).toEqual([]);
    expect((await call(app.origin, "GET", `/api/markets/${market.code}/follow-ups`)).status).toBe(401);

    // Nothing the projector or another phone received carries a contact.
    expect(JSON.stringify(projector.events)).not.toMatch(/example\.org|7700/);
    expect(JSON.stringify(anasPhone.events)).not.toMatch(/example\.org|7700/);

    // The host's CSV has the row, with Ana's contact (shared) and not Bo's (not shared).
    await setPhase(app.origin, market, "closed");
    const csv = await call(app.origin, "GET", `/api/markets/${market.code}/export.csv`, { token: market.hostKey });
    expect(csv.status).toBe(200);
    expect(csv.body).toContain("accepted,Ana,ana@example.org,Bike repair,Bo,,Fix my bike");
    expect(csv.body).not.toContain("7700");
    const json = await call(app.origin, "GET", `/api/markets/${market.code}/export.json`, { token: market.hostKey });
    expect(json.body.participants.find((p: any) => p.name === "Bo").contact).toBeNull();
    anasPhone.close();
    projector.close();
  });

  it("refuses a participant steering the market or changing another's post (403), and exports to non-hosts", async () => {
    const market = await hostStartsMarket(app.origin);
    const ana = await phoneJoins(app.origin, market.code, "Ana");
    const bo = await phoneJoins(app.origin, market.code, "Bo");
    await setPhase(app.origin, market, "sharing");
    const offer = await post(app.origin, market.code, ana, "offer", "Soup for four");

    expect((await call(app.origin, "POST", `/api/markets/${market.code}/phase`, { token: ana.token, body: { phase: "closed" } })).status).toBe(403);
    expect((await call(app.origin, "POST", `/api/markets/${market.code}/phase`, { body: { phase: "closed" } })).status).toBe(403);
    expect((await call(app.origin, "PATCH", `/api/markets/${market.code}/posts/${offer.id}`, { token: bo.token, body: { text: "Gone" } })).status).toBe(403);
    expect((await call(app.origin, "DELETE", `/api/markets/${market.code}/posts/${offer.id}`, { token: bo.token })).status).toBe(403);
    expect((await call(app.origin, "GET", `/api/markets/${market.code}/export.csv`, { token: ana.token })).status).toBe(403);
    expect((await call(app.origin, "GET", `/api/markets/${market.code}/export.json`)).status).toBe(403);

    // Another market's host key is a stranger here.
    const other = await hostStartsMarket(app.origin, "Other");
    expect((await call(app.origin, "POST", `/api/markets/${market.code}/phase`, { token: other.hostKey, body: { phase: "closed" } })).status).toBe(401);

    const summary = await call(app.origin, "GET", `/api/markets/${market.code}`);
    expect(summary.body).toMatchObject({ phase: "sharing", counts: { offers: 1 } });
    const edited = await call(app.origin, "PATCH", `/api/markets/${market.code}/posts/${offer.id}`, { token: ana.token, body: { text: "Soup for six" } });
    expect(edited.body.post.text).toBe("Soup for six");
    expect((await call(app.origin, "DELETE", `/api/markets/${market.code}/posts/${offer.id}`, { token: market.hostKey })).status).toBe(200);
  });

  it("refuses posts once the market is closed, and keeps what was accepted", async () => {
    const market = await hostStartsMarket(app.origin);
    const ana = await phoneJoins(app.origin, market.code, "Ana");
    await setPhase(app.origin, market, "sharing");
    await post(app.origin, market.code, ana, "offer", "Guitar lessons");
    const projector = await watch(app.origin, market.code);
    await setPhase(app.origin, market, "closed");
    const closed = await projector.waitFor("market:closed");
    expect(closed.harvest.counts).toMatchObject({ offers: 1, participants: 1 });
    const refused = await call(app.origin, "POST", `/api/markets/${market.code}/posts`, { token: ana.token, body: { kind: "need", text: "Late need" } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/closed/);
    const joinLate = await call(app.origin, "POST", `/api/markets/${market.code}/participants`, { body: { name: "Late", contact: "x" } });
    expect(joinLate.status).toBe(409);
    expect((await call(app.origin, "GET", `/api/markets/${market.code}/posts`, { token: ana.token })).body.posts).toHaveLength(1);
    projector.close();
  });

  it("lets only sockets with the right code in, and keeps rooms apart", async () => {
    const market = await hostStartsMarket(app.origin);
    const other = await hostStartsMarket(app.origin, "Elsewhere");
    expect(await socketRefusal(app.origin, { code: "ZZZZZZ" })).toMatch(/No such market/);
    expect(await socketRefusal(app.origin, { code: market.code, token: "forged" })).toMatch(/not valid/);
    const elsewhere = await watch(app.origin, other.code);
    const here = await watch(app.origin, market.code);
    const ana = await phoneJoins(app.origin, market.code, "Ana");
    await here.waitFor("participant:joined", (p) => p.participant.id === ana.participantId);
    await phoneJoins(app.origin, other.code, "Zed");
    await elsewhere.waitFor("participant:joined");
    expect(elsewhere.events.map((e) => e.payload.participant?.name)).toEqual(["Zed"]);
    elsewhere.close();
    here.close();
  });
});

describe("bad input", () => {
  let market: StartedMarket;
  let token: string;
  beforeAll(async () => {
    market = await hostStartsMarket(app.origin, "Bad input");
    token = (await phoneJoins(app.origin, market.code, "Ana")).token;
    await setPhase(app.origin, market, "sharing");
  });

  const cases: Array<[string, string, string, { body?: unknown; raw?: string; auth?: boolean }, number, RegExp]> = [
    ["empty title", "POST", "/api/markets", { body: { title: "" } }, 400, /Title is required/],
    ["over-long title", "POST", "/api/markets", { body: { title: "x".repeat(101) } }, 400, /at most 100/],
    ["malformed JSON", "POST", "/api/markets", { raw: "{title:" }, 400, /not valid JSON/],
    ["huge body", "POST", "/api/markets", { body: { title: "x".repeat(50_000) } }, 413, /too large/],
    ["empty name", "POST", "/api/markets/:code/participants", { body: { name: "", contact: "a@b.c" } }, 400, /Name is required/],
    ["over-long name", "POST", "/api/markets/:code/participants", { body: { name: "n".repeat(61), contact: "a@b.c" } }, 400, /at most 60/],
    ["name not text", "POST", "/api/markets/:code/participants", { body: { name: 42, contact: "a@b.c" } }, 400, /Name must be text/],
    ["unknown code", "POST", "/api/markets/QQQQQQ/participants", { body: { name: "Ana", contact: "a@b.c" } }, 404, /No such market/],
    ["wrong kind", "POST", "/api/markets/:code/posts", { body: { kind: "gift", text: "Soup" }, auth: true }, 400, /offer.*need/],
    ["empty post", "POST", "/api/markets/:code/posts", { body: { kind: "offer", text: "   " }, auth: true }, 400, /Text is required/],
    ["over-long post", "POST", "/api/markets/:code/posts", { body: { kind: "need", text: "x".repeat(281) }, auth: true }, 400, /at most 280/],
    ["too many tags", "POST", "/api/markets/:code/posts", { body: { kind: "need", text: "ok", tags: ["a", "b", "c", "d", "e", "f"] }, auth: true }, 400, /Tags: at most 5/],
    ["post without joining", "POST", "/api/markets/:code/posts", { body: { kind: "offer", text: "Soup" } }, 401, /Join the market/],
    ["unknown post", "PATCH", "/api/markets/:code/posts/nope", { body: { text: "x" }, auth: true }, 404, /No such post/],
    ["bad phase", "POST", "/api/markets/:code/phase", { body: { phase: "party" } }, 403, /Only the host/],
    ["unknown route", "GET", "/api/nothing-here", {}, 404, /No such API route/],
  ];

  it.each(cases)("%s gets a clear %s error", async (_name, method, path, options, status, message) => {
    const answer = await call(app.origin, method, path.replace(":code", market.code), { ...options, token: options.auth ? token : undefined });
    expect(answer.status).toBe(status);
    expect(answer.body.error.message).toMatch(message);
    expect(answer.body.error.code).toEqual(expect.any(String));
  });

  it("keeps serving and keeps what it accepted after all that", async () => {
    const summary = await call(app.origin, "GET", `/api/markets/${market.code}`);
    expect(summary.status).toBe(200);
    expect(summary.body.counts).toMatchObject({ participants: 1, offers: 0, needs: 0 });
  });
});
