// Facilitation over a real server process: agenda and posting, the round's synced clock,
// moderation (hidden posts leave every socket; a removed participant's token is refused), groups.
import { describe, expect, it } from "vitest";
import { call, hostStartsMarket, phoneJoins, post, setPhase, socketRefusal, watch } from "../support/market-api.ts";
import { useServer } from "../support/fixtures.ts";

const app = useServer();

const host = (market: { hostKey: string }) => ({ token: market.hostKey });

describe("facilitation over the API and socket.io", () => {
  it("hides a post from the projector's and other phones' sockets and snapshots; its author still sees it marked hidden", async () => {
    const market = await hostStartsMarket(app.origin);
    const ana = await phoneJoins(app.origin, market.code, "Ana");
    const bo = await phoneJoins(app.origin, market.code, "Bo");
    await setPhase(app.origin, market, "sharing");
    const offer = await post(app.origin, market.code, ana, "offer", "Something rude", { category: "things", exchange: "gift" });
    const projector = await watch(app.origin, market.code);
    const bosPhone = await watch(app.origin, market.code, bo.token);
    const anasPhone = await watch(app.origin, market.code, ana.token);

    const hidden = await call(app.origin, "POST", `/api/markets/${market.code}/posts/${offer.id}/hide`, { ...host(market), body: { reason: "off topic" } });
    expect(hidden.status).toBe(200);
    for (const socket of [projector, bosPhone, anasPhone]) {
      const removed = await socket.waitFor("post:removed", (p) => p.postId === offer.id);
      expect(removed).toMatchObject({ reason: "hidden", counts: { offers: 0 } });
    }
    expect((await call(app.origin, "GET", `/api/markets/${market.code}/posts`, { token: bo.token })).body.posts).toEqual([]);
    const anasView = (await call(app.origin, "GET", `/api/markets/${market.code}/posts`, { token: ana.token })).body.posts;
    expect(anasView).toMatchObject([{ id: offer.id, hidden: { reason: "off topic" }, category: "things", exchange: "gift" }]);
    // Nobody may connect to it, and only the host may hide.
    const bosNeed = await post(app.origin, market.code, bo, "need", "A ladder");
    expect((await call(app.origin, "POST", `/api/markets/${market.code}/connections`, { token: bo.token, body: { offerId: offer.id, needId: bosNeed.id } })).status).toBe(400);
    expect((await call(app.origin, "POST", `/api/markets/${market.code}/posts/${bosNeed.id}/hide`, { token: ana.token })).status).toBe(403);
    // The history keeps it.
    const moderation = await call(app.origin, "GET", `/api/markets/${market.code}/moderation`, host(market));
    expect(moderation.body.history).toMatchObject([{ action: "hide_post", postId: offer.id, detail: "off topic" }]);
    for (const socket of [projector, bosPhone, anasPhone]) socket.close();
  });

  it("removes a participant: their posts leave every screen, their socket is closed, their token refused; joining can be locked", async () => {
    const market = await hostStartsMarket(app.origin);
    const ana = await phoneJoins(app.origin, market.code, "Ana");
    const troll = await phoneJoins(app.origin, market.code, "Troll");
    await setPhase(app.origin, market, "sharing");
    const spam = await post(app.origin, market.code, troll, "offer", "Buy my stuff");
    const projector = await watch(app.origin, market.code);
    const trollsPhone = await watch(app.origin, market.code, troll.token);
    const disconnected = new Promise<string>((resolve) => trollsPhone.socket.once("disconnect", resolve));

    expect((await call(app.origin, "DELETE", `/api/markets/${market.code}/participants/${troll.participantId}`, host(market))).status).toBe(200);
    await projector.waitFor("participant:removed", (p) => p.participantId === troll.participantId && p.counts.participants === 1);
    await projector.waitFor("post:removed", (p) => p.postId === spam.id);
    expect(await disconnected).toBe("io server disconnect");

    const refused = await call(app.origin, "POST", `/api/markets/${market.code}/posts`, { token: troll.token, body: { kind: "offer", text: "again" } });
    expect(refused.status).toBe(401);
    expect(await socketRefusal(app.origin, { code: market.code, token: troll.token })).toMatch(/not valid/);
    expect((await call(app.origin, "GET", `/api/markets/${market.code}/posts`, { token: ana.token })).body.posts).toEqual([]);

    expect((await call(app.origin, "POST", `/api/markets/${market.code}/joining`, { ...host(market), body: { locked: true } })).status).toBe(200);
    const late = await call(app.origin, "POST", `/api/markets/${market.code}/participants`, { body: { name: "Late", contact: "late@example.org" } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("joining_locked");
    const history = (await call(app.origin, "GET", `/api/markets/${market.code}/moderation`, host(market))).body.history.map((e: any) => e.action);
    expect(history).toEqual(["remove_participant", "lock_joining"]);
    projector.close();
  });

  it("opens offers in the offers stages and needs in the needs stages, moving the phase along", async () => {
    const market = await hostStartsMarket(app.origin);
    const ana = await phoneJoins(app.origin, market.code, "Ana");
    const projector = await watch(app.origin, market.code);
    const started = await call(app.origin, "POST", `/api/markets/${market.code}/agenda`, { ...host(market), body: { action: "start" } });
    expect(started.body.agenda.currentId).toBe("s1");
    await projector.waitFor("phase:changed", (p) => p.phase === "sharing");
    const stage = await projector.waitFor("facilitation:changed");
    expect(stage.facilitation.openKinds).toEqual(["offer"]);

    const need = await call(app.origin, "POST", `/api/markets/${market.code}/posts`, { token: ana.token, body: { kind: "need", text: "A lift" } });
    expect(need.status).toBe(409);
    expect(need.body.error).toMatchObject({ code: "needs_not_open", message: expect.stringMatching(/not posting needs/) });
    await post(app.origin, market.code, ana, "offer", "Bike repair");

    await call(app.origin, "POST", `/api/markets/${market.code}/agenda`, { ...host(market), body: { action: "goto", stageId: "s4" } });
    expect((await call(app.origin, "POST", `/api/markets/${market.code}/posts`, { token: ana.token, body: { kind: "offer", text: "More" } })).status).toBe(409);
    await post(app.origin, market.code, ana, "need", "A lift", { urgency: "high", where: { kind: "place", place: "Leeds" } });
    // The host may open both at any time.
    await call(app.origin, "POST", `/api/markets/${market.code}/agenda`, { ...host(market), body: { action: "open-both", open: true } });
    await post(app.origin, market.code, ana, "offer", "Soup");
    // Bad input is a clear 400.
    const bad = await call(app.origin, "POST", `/api/markets/${market.code}/agenda`, { ...host(market), body: { action: "update", stageId: "s1", minutes: 0 } });
    expect(bad.status).toBe(400);
    expect((await call(app.origin, "POST", `/api/markets/${market.code}/posts`, { token: ana.token, body: { kind: "offer", text: "x", category: "spaceships" } })).status).toBe(400);
    projector.close();
  });

  it("runs a round whose clock every socket receives as a deadline plus the server's now, and marks the time up", async () => {
    const market = await hostStartsMarket(app.origin);
    const ana = await phoneJoins(app.origin, market.code, "Ana");
    const bo = await phoneJoins(app.origin, market.code, "Bo");
    const projector = await watch(app.origin, market.code);
    const bosPhone = await watch(app.origin, market.code, bo.token);

    const started = await call(app.origin, "POST", `/api/markets/${market.code}/round`, { ...host(market), body: { action: "start", focus: "offer", seconds: 10 } });
    expect(started.status).toBe(200);
    const onWall = await projector.waitFor("round:changed");
    const onPhone = await bosPhone.waitFor("round:changed");
    expect(onWall.round.speakerId).toBe(ana.participantId);
    expect(onWall.round.clock.deadline - onWall.serverNow).toBe(10_000);
    expect(onPhone.round.clock.deadline).toBe(onWall.round.clock.deadline);

    await call(app.origin, "POST", `/api/markets/${market.code}/round`, { ...host(market), body: { action: "pause" } });
    const paused = await projector.waitFor("round:changed", (p) => p.round.clock.status === "paused");
    expect(paused.round.clock.remainingMs).toBeLessThanOrEqual(10_000);
    await call(app.origin, "POST", `/api/markets/${market.code}/round`, { ...host(market), body: { action: "resume" } });
    await call(app.origin, "POST", `/api/markets/${market.code}/round`, { ...host(market), body: { action: "next" } });
    const second = await projector.waitFor("round:changed", (p) => p.round.speakerId === bo.participantId);
    expect(second.round.heard).toEqual([ana.participantId]);

    // Shorten the wait for time-up: a fresh 10 s round, and the server's timer fires on its own.
    await call(app.origin, "POST", `/api/markets/${market.code}/round`, { ...host(market), body: { action: "start", focus: "both", seconds: 10 } });
    const up = await projector.waitFor("round:changed", (p) => p.round.timeUpAt !== undefined, 15_000);
    expect(up.round.timeUpAt).toBeGreaterThanOrEqual(up.round.clock.deadline);
    expect((await call(app.origin, "POST", `/api/markets/${market.code}/round`, { token: ana.token, body: { action: "next" } })).status).toBe(403);
    projector.close();
    bosPhone.close();
  }, 30_000);

  it("moves a stage to a position or by places up and down; an unclear move is refused", async () => {
    const market = await hostStartsMarket(app.origin);
    const agenda = (body: unknown) => call(app.origin, "POST", `/api/markets/${market.code}/agenda`, { ...host(market), body });
    const order = (answer: { body: { agenda: { stages: Array<{ id: string }> } } }) => answer.body.agenda.stages.map((s) => s.id).slice(0, 5).join(" ");
    expect(order(await agenda({ action: "move", stageId: "s5", by: -1 }))).toBe("s1 s2 s3 s5 s4");
    expect(order(await agenda({ action: "move", stageId: "s5", by: -1 }))).toBe("s1 s2 s5 s3 s4");
    expect(order(await agenda({ action: "move", stageId: "s5", to: 0 }))).toBe("s5 s1 s2 s3 s4");
    expect(order(await agenda({ action: "move", stageId: "s5", by: 2 }))).toBe("s1 s2 s5 s3 s4");
    for (const unclear of [{ action: "move", stageId: "s5" }, { action: "move", stageId: "s5", to: 1, by: 1 }]) {
      const refused = await agenda(unclear);
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toBe("Send either a position (to) or places up or down (by).");
    }
    expect((await agenda({ action: "move", stageId: "nope", by: 1 })).status).toBe(404);
  });

  it("the host picks the one category the projector shows; every screen hears it, bad choices are refused", async () => {
    const market = await hostStartsMarket(app.origin);
    const ana = await phoneJoins(app.origin, market.code, "Ana");
    const projector = await watch(app.origin, market.code);
    const pick = (body: unknown, token = market.hostKey) => call(app.origin, "POST", `/api/markets/${market.code}/projector-category`, { token, body });

    expect(await pick({ category: " Space " })).toMatchObject({ status: 200, body: { category: "space" } });
    expect((await projector.waitFor("facilitation:changed")).facilitation.projectorCategory).toBe("space");
    // Only the market's own categories, named in the refusal; only the host.
    const unknown = await pick({ category: "housing" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields.category).toMatch(/skills, things, time & help, knowledge, space, other/);
    expect((await pick({ category: "" })).body.error.fields.category).toBe("Category is required.");
    expect((await pick({ category: "space", view: "wall" })).body.error.message).toBe("Not a field here: view.");
    expect((await pick({ category: "things" }, ana.token)).status).toBe(403);
    expect((await pick({ category: "things" }, "not-a-key")).status).toBe(401);

    // Renaming the categories away from it shows every category again rather than an empty wall.
    await call(app.origin, "PUT", `/api/markets/${market.code}/categories`, { ...host(market), body: { categories: ["food", "housing"] } });
    const renamed = await projector.waitFor("facilitation:changed", (p) => p.facilitation.categories.includes("food"));
    expect(renamed.facilitation.projectorCategory).toBeNull();
    expect(await pick({ category: "housing" })).toMatchObject({ status: 200, body: { category: "housing" } });
    const housing = await projector.waitFor("facilitation:changed", (p) => p.facilitation.projectorCategory === "housing");
    expect(await pick({ category: null })).toMatchObject({ status: 200, body: { category: null } });
    await projector.waitFor("facilitation:changed", (p) => p.seq > housing.seq && p.facilitation.projectorCategory === null);
    projector.close();
  });

  it("splits the room into tables and rotates them; stars one need per person", async () => {
    const market = await hostStartsMarket(app.origin);
    const phones = [];
    for (const name of ["Ana", "Bo", "Cy", "Di", "Ed", "Fay", "Gus", "Hal"]) phones.push(await phoneJoins(app.origin, market.code, name));
    const projector = await watch(app.origin, market.code);
    await call(app.origin, "POST", `/api/markets/${market.code}/groups`, { ...host(market), body: { action: "split", size: 4 } });
    const first = await projector.waitFor("facilitation:changed");
    expect(first.facilitation.tables.map((t: any) => t.name)).toEqual(["A", "B"]);
    expect(first.facilitation.projectorView).toBe("tables");
    await call(app.origin, "POST", `/api/markets/${market.code}/groups`, { ...host(market), body: { action: "rotate" } });
    const second = await projector.waitFor("facilitation:changed", (p) => p.facilitation.rotation === 2);
    expect(second.facilitation.tables.flatMap((t: any) => t.participantIds).sort()).toEqual(phones.map((p) => p.participantId).sort());

    await setPhase(app.origin, market, "connecting");
    const [ana] = phones;
    const n1 = await post(app.origin, market.code, ana!, "need", "A lift");
    const n2 = await post(app.origin, market.code, ana!, "need", "Soup");
    await call(app.origin, "POST", `/api/markets/${market.code}/posts/${n1.id}/star`, { token: ana!.token });
    await call(app.origin, "POST", `/api/markets/${market.code}/posts/${n2.id}/star`, { token: ana!.token });
    const posts = (await call(app.origin, "GET", `/api/markets/${market.code}/posts`, { token: ana!.token })).body.posts;
    expect(posts.filter((p: any) => p.starred).map((p: any) => p.id)).toEqual([n2.id]);
    projector.close();
  });
});
