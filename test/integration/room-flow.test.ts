// The evening's flow over a real server: what a stage tells people to do is accepted. "I'm
// interested" while needs are not open keeps the need someone writes and sends it, with its
// request, when needs open; cards prepared in the lobby go up when the first stage opens; a
// closed market reopens on the stage the host picks.
import { describe, expect, it } from "vitest";
import { STAGE_PLANS } from "../../server/market/stage-plan.ts";
import { call, hostStartsMarket, phoneJoins, post, watch } from "../support/market-api.ts";
import { useServer } from "../support/fixtures.ts";

const app = useServer();

const host = (market: { hostKey: string }) => ({ token: market.hostKey });

describe("the room's flow", () => {
  it("keeps a need written with “I'm interested” while only offers are open, and sends it with its request when needs open", async () => {
    const market = await hostStartsMarket(app.origin);
    const ana = await phoneJoins(app.origin, market.code, "Ana");
    const bo = await phoneJoins(app.origin, market.code, "Bo");
    const agenda = (body: unknown) => call(app.origin, "POST", `/api/markets/${market.code}/agenda`, { ...host(market), body });

    // In the lobby Bo prepares an offer; it goes up when the first stage opens offers.
    const prepared = await call(app.origin, "POST", `/api/markets/${market.code}/drafts`, { token: bo.token, body: { kind: "offer", text: "Sourdough starter" } });
    expect(prepared.status).toBe(201);
    expect(prepared.body.draft).toMatchObject({ kind: "offer", text: "Sourdough starter" });
    const started = await agenda({ action: "start" });
    expect(started.body.agenda.currentId).toBe("s1");
    const bosPosts = (await call(app.origin, "GET", `/api/markets/${market.code}/posts`, { token: bo.token })).body.posts;
    expect(bosPosts.map((p: { text: string }) => p.text)).toEqual(["Sourdough starter"]);
    expect((await call(app.origin, "GET", `/api/markets/${market.code}/drafts`, { token: bo.token })).body.drafts).toEqual([]);

    await agenda({ action: "next" }); // Hear the offers: "Tap “I'm interested” as you listen."
    const snapshot = await call(app.origin, "GET", `/api/markets/${market.code}/posts`, { token: ana.token });
    const starter = snapshot.body.posts[0];
    const interest = await call(app.origin, "POST", `/api/markets/${market.code}/drafts`, { token: ana.token, body: { kind: "need", text: "Learning to bake bread", answers: starter.id } });
    expect(interest.status).toBe(201);
    expect(interest.body.draft).toMatchObject({ kind: "need", answers: starter.id });

    const bosPhone = await watch(app.origin, market.code, bo.token);
    await agenda({ action: "next" }); // Network (offers only)
    await agenda({ action: "next" }); // Explore your needs: needs open, Ana's need goes up with its request.
    const request = await bosPhone.waitFor("connection:created");
    expect(request.connection).toMatchObject({ offerId: starter.id, needText: "Learning to bake bread", requestedBy: ana.participantId, acceptedBy: ["need"], status: "pending" });
    bosPhone.close();
  });

  it("answers a card with a new one at once when its kind is open; a resend makes nothing twice", async () => {
    const market = await hostStartsMarket(app.origin);
    const ana = await phoneJoins(app.origin, market.code, "Ana");
    const bo = await phoneJoins(app.origin, market.code, "Bo");
    await call(app.origin, "POST", `/api/markets/${market.code}/agenda`, { ...host(market), body: { action: "goto", stageId: "s6" } });
    const need = await post(app.origin, market.code, ana, "need", "Someone to fix my bike");
    const help = { kind: "offer", text: "I repair bikes on Saturdays", answers: need.id, clientId: "help-1" };
    const first = await call(app.origin, "POST", `/api/markets/${market.code}/drafts`, { token: bo.token, body: help });
    expect(first.status).toBe(201);
    expect(first.body.post).toMatchObject({ kind: "offer", text: help.text });
    expect(first.body.connection).toMatchObject({ needId: need.id, offerId: first.body.post.id, acceptedBy: ["offer"] });
    const again = await call(app.origin, "POST", `/api/markets/${market.code}/drafts`, { token: bo.token, body: help });
    expect(again.body.post.id).toBe(first.body.post.id);
    expect((await call(app.origin, "GET", `/api/markets/${market.code}/posts`, { token: bo.token })).body.posts).toHaveLength(2);
    // An answer of the same kind is refused with a clear reason.
    const sameKind = await call(app.origin, "POST", `/api/markets/${market.code}/drafts`, { token: bo.token, body: { kind: "need", text: "x", answers: need.id } });
    expect(sameKind.status).toBe(400);
    expect(sameKind.body.error.code).toBe("answer_same_kind");
  });

  it("states per stage what phones may do and which kinds open; reopening lands on the stage the host picks", async () => {
    const market = await hostStartsMarket(app.origin);
    const projector = await watch(app.origin, market.code);
    const agenda = (body: unknown) => call(app.origin, "POST", `/api/markets/${market.code}/agenda`, { ...host(market), body });
    await agenda({ action: "goto", stageId: "s2" });
    const hearOffers = await projector.waitFor("facilitation:changed", (p) => p.facilitation.plan.stageKey === "hear-offers");
    expect(hearOffers.facilitation.plan).toMatchObject({ opens: ["offer"], phone: [...STAGE_PLANS["hear-offers"].phone], console: "round", roundFocus: "offer" });

    // POST /phase while the agenda runs lands on that phase's first stage.
    await call(app.origin, "POST", `/api/markets/${market.code}/phase`, { ...host(market), body: { phase: "closed" } });
    await projector.waitFor("facilitation:changed", (p) => p.facilitation.plan.stageKey === "celebrate");
    const reopened = await agenda({ action: "goto", stageId: "s9" });
    expect(reopened.status).toBe(200);
    const summary = await call(app.origin, "GET", `/api/markets/${market.code}`);
    expect(summary.body.phase).toBe("connecting");
    expect(reopened.body.agenda.currentId).toBe("s9");
    projector.close();
  });
});
