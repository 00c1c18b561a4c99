// Match suggestions over the real API: for a participant, for a post, for the host.
import { describe, expect, it } from "vitest";
import { call, hostStartsMarket, phoneJoins, post, setPhase, watch } from "../support/market-api.ts";
import { useServer } from "../support/fixtures.ts";

const app = useServer();

describe("suggestions", () => {
  it("finds the offer that fits a need with no word in common, and lets a third person propose it", async () => {
    const { origin } = app;
    const market = await hostStartsMarket(origin);
    const ana = await phoneJoins(origin, market.code, "Ana");
    const bo = await phoneJoins(origin, market.code, "Bo");
    const cy = await phoneJoins(origin, market.code, "Cy");
    await setPhase(origin, market, "sharing");
    const lift = await post(origin, market.code, ana, "offer", "I drive to the city every Tuesday, happy to take someone");
    await post(origin, market.code, ana, "offer", "Homemade jam");
    await post(origin, market.code, cy, "offer", "Guitar lessons for beginners");
    const need = await post(origin, market.code, bo, "need", "A ride into town for my hospital appointment");
    await post(origin, market.code, cy, "need", "Someone to water my plants in August");

    const forBo = await call(origin, "GET", `/api/markets/${market.code}/suggestions`, { token: bo.token });
    expect(forBo.status).toBe(200);
    expect(forBo.body.suggestions[0]).toMatchObject({ offer: { id: lift.id, authorName: "Ana" }, need: { id: need.id } });
    expect(JSON.stringify(forBo.body)).not.toContain("@example.org");

    const forPost = await call(origin, "GET", `/api/markets/${market.code}/suggestions?post=${need.id}`, { token: cy.token });
    expect(forPost.body.suggestions[0].offer.id).toBe(lift.id);
    const forHost = await call(origin, "GET", `/api/markets/${market.code}/suggestions`, { token: market.hostKey });
    expect(forHost.body.suggestions.map((s: any) => [s.offer.id, s.need.id])).toContainEqual([lift.id, need.id]);
    expect((await call(origin, "GET", `/api/markets/${market.code}/suggestions`)).status).toBe(401);
    expect((await call(origin, "GET", `/api/markets/${market.code}/suggestions?post=nope`, { token: bo.token })).status).toBe(404);

    // Cy knows who could help: both Ana and Bo must say yes.
    const anasPhone = await watch(origin, market.code, ana.token);
    const proposed = await call(origin, "POST", `/api/markets/${market.code}/connections`, { token: cy.token, body: { offerId: lift.id, needId: need.id } });
    expect(proposed.status).toBe(201);
    await anasPhone.waitFor("connection:created", (p) => p.connection.requestedBy === cy.participantId);
    const id = proposed.body.connection.id;
    expect((await call(origin, "POST", `/api/markets/${market.code}/connections/${id}/accept`, { token: ana.token })).body.connection.status).toBe("pending");
    expect((await call(origin, "POST", `/api/markets/${market.code}/connections/${id}/accept`, { token: bo.token })).body.connection.status).toBe("accepted");
    // A pair already asked about is no longer suggested.
    const after = await call(origin, "GET", `/api/markets/${market.code}/suggestions`, { token: bo.token });
    expect(after.body.suggestions.map((s: any) => s.offer.id)).not.toContain(lift.id);
    anasPhone.close();
  });
});
