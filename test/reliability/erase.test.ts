// Erase means erased: when a person leaves, their name, contact and post texts are gone from every
// file in the data folder (snapshot, journal, anything else), or every row of the database, and
// from the host's moderation view, the history's old text of a post the host edited included; and
// a person the host removed can still erase themselves. A real server process, on the store under
// test (test-store.ts).
import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { call, hostStartsMarket, phoneJoins, post, setPhase, type StartedMarket } from "../support/market-api.ts";
import { useServer } from "../support/fixtures.ts";
import { everythingStoredBy } from "../support/test-store.ts";

const app = useServer();

/** Everything the server stored (every file under its data folder, or every row), as text, read after the change was answered. */
async function everythingStored(): Promise<string> {
  if (!app.server.databaseUrl) expect((await readdir(app.server.dataDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).length).toBeGreaterThan(0);
  return everythingStoredBy(app.server);
}

const moderation = (market: StartedMarket) => call(app.origin, "GET", `/api/markets/${market.code}/moderation`, { token: market.hostKey });

describe("erase means erased", () => {
  it("leaves no trace of the person in any file or in the moderation history, the old text of a post the host edited included", async () => {
    const market = await hostStartsMarket(app.origin, "Erase everything");
    const zeb = await phoneJoins(app.origin, market.code, "Zebediah Quux", "zq-7731@example.org", true);
    const other = await phoneJoins(app.origin, market.code, "Other Person", "other@example.org", true);
    await setPhase(app.origin, market, "sharing");
    const edited = await post(app.origin, market.code, zeb, "offer", "Zebediah's original wording Plumtwig");
    const hidden = await post(app.origin, market.code, zeb, "need", "Zebediah's hidden need Quillmoss");
    await post(app.origin, market.code, other, "need", "Something else entirely");
    // Dreams and circles: Zebediah's own dream with Other in its circle, and Zebediah gathered
    // around Other's dream with an offer written for it.
    expect((await call(app.origin, "POST", `/api/markets/${market.code}/agenda`, { token: market.hostKey, body: { action: "open-dreams", open: true } })).status).toBe(200);
    const zebsDream = await post(app.origin, market.code, zeb, "dream", "Zebediah's dream Thistlevox");
    const othersDream = await post(app.origin, market.code, other, "dream", "A shared garden");
    const gather = (who: typeof zeb, dreamId: string, body: unknown) => call(app.origin, "POST", `/api/markets/${market.code}/dreams/${dreamId}/gather`, { token: who.token, body });
    expect((await gather(other, zebsDream.id, { way: "in" })).status).toBe(201);
    expect((await call(app.origin, "POST", `/api/markets/${market.code}/dreams/${zebsDream.id}/accept/${other.participantId}`, { token: zeb.token })).status).toBe(200);
    expect((await gather(zeb, othersDream.id, { way: "offer", text: "Zebediah's seeds Mulberrow" })).status).toBe(201);
    expect((await call(app.origin, "PATCH", `/api/markets/${market.code}/posts/${edited.id}`, { token: market.hostKey, body: { text: "Host's wording Yarrowjig" } })).status).toBe(200);
    expect((await call(app.origin, "POST", `/api/markets/${market.code}/posts/${hidden.id}/hide`, { token: market.hostKey, body: { reason: "Zebediah Quux posted twice" } })).status).toBe(200);
    expect(JSON.stringify((await moderation(market)).body)).toContain("Zebediah's original wording Plumtwig");

    expect((await call(app.origin, "DELETE", `/api/markets/${market.code}/participants/me`, { token: zeb.token })).status).toBe(200);

    // Traces are words, not digits: a 4-digit trace can turn up by chance inside a hex hash.
    const traces = ["Zebediah", "Quux", "zq-7731", "Plumtwig", "Quillmoss", "Yarrowjig", "Thistlevox", "Mulberrow"];
    const files = await everythingStored();
    expect(files).toContain("Something else entirely");
    // Other's dream stays, with nobody gathered around it; the circle of Zebediah's dream is gone.
    expect(files).toContain("A shared garden");
    const othersCircles = (await call(app.origin, "GET", `/api/markets/${market.code}/circles`, { token: other.token })).body.circles;
    expect(othersCircles).toMatchObject([{ dreamText: "A shared garden", people: [] }]);
    for (const trace of traces) expect(files, trace).not.toContain(trace);
    const view = JSON.stringify((await moderation(market)).body);
    for (const trace of traces) expect(view, trace).not.toContain(trace);
  });

  it("lets a person the host removed still erase their data", async () => {
    const market = await hostStartsMarket(app.origin, "Removed, then erased");
    const yola = await phoneJoins(app.origin, market.code, "Yolanda Vexley", "yv-9034@example.org", false);
    await setPhase(app.origin, market, "sharing");
    await post(app.origin, market.code, yola, "offer", "Yolanda's offer Wickhazel");
    expect((await call(app.origin, "DELETE", `/api/markets/${market.code}/participants/${yola.participantId}`, { token: market.hostKey })).status).toBe(200);
    // Removed: every other door is shut to her token.
    expect((await call(app.origin, "GET", `/api/markets/${market.code}/follow-ups`, { token: yola.token })).status).toBe(401);
    expect(await everythingStored()).toContain("yv-9034");

    const erased = await call(app.origin, "DELETE", `/api/markets/${market.code}/participants/me`, { token: yola.token });
    expect(erased.status).toBe(200);
    const files = await everythingStored();
    for (const trace of ["Yolanda", "Vexley", "yv-9034", "Wickhazel"]) expect(files, trace).not.toContain(trace);
    expect(JSON.stringify((await moderation(market)).body)).not.toContain("Yolanda");
    // Once erased, the token is nobody's.
    expect((await call(app.origin, "DELETE", `/api/markets/${market.code}/participants/me`, { token: yola.token })).status).toBe(401);
  });
});
