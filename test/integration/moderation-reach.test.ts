// What the host's moderation reaches, over a real server and real sockets: after a hide the room's
// counts are one figure everywhere (live event, projector snapshot, summary), and a hidden post or
// a removed person's posts never come back to other participants through suggestions.
import { describe, expect, it } from "vitest";
import { call, hostStartsMarket, pageData, phoneJoins, post, setPhase, watch } from "../support/market-api.ts";
import { useServer } from "../support/fixtures.ts";

const app = useServer();

const host = (market: { hostKey: string }) => ({ token: market.hostKey });

/** The projector page's loader data, as the browser fetches it (Remix single fetch). */
async function projectorSnapshot(code: string) {
  const data = await pageData<{ market: { counts: Record<string, number> } }>(app.origin, `/screen/${code}`, "routes/screen.$code");
  return data.market;
}

describe("moderation reaches every output", () => {
  it("keeps the wall's counts after a hide: the next live event, the snapshot and the summary agree", async () => {
    const market = await hostStartsMarket(app.origin);
    const ana = await phoneJoins(app.origin, market.code, "Ana");
    const bo = await phoneJoins(app.origin, market.code, "Bo");
    await setPhase(app.origin, market, "sharing");
    const rude = await post(app.origin, market.code, ana, "offer", "Something rude");
    await post(app.origin, market.code, ana, "offer", "Bike repair");
    const projector = await watch(app.origin, market.code);

    expect((await call(app.origin, "POST", `/api/markets/${market.code}/posts/${rude.id}/hide`, host(market))).status).toBe(200);
    const hidden = await projector.waitFor("post:removed", (p) => p.postId === rude.id);
    expect(hidden.counts).toMatchObject({ offers: 1, needs: 0 });

    // The next change in the room must not bring the hidden offer back into the count.
    const need = await post(app.origin, market.code, bo, "need", "A ladder");
    const created = await projector.waitFor("post:created", (p) => p.post.id === need.id);
    const summary = (await call(app.origin, "GET", `/api/markets/${market.code}`)).body;
    const snapshot = await projectorSnapshot(market.code);
    expect(created.counts).toEqual({ participants: 2, offers: 1, needs: 1, dreams: 0, connections: 0, pendingConnections: 0 });
    expect(snapshot.counts).toEqual(created.counts);
    expect(summary.counts).toEqual(created.counts);

    // Removing a person: they and their posts leave the count, in the events and the summary alike.
    expect((await call(app.origin, "DELETE", `/api/markets/${market.code}/participants/${ana.participantId}`, host(market))).status).toBe(200);
    await projector.waitFor("participant:removed", (p) => p.participantId === ana.participantId);
    const cy = await phoneJoins(app.origin, market.code, "Cy");
    const joined = await projector.waitFor("participant:joined", (p) => p.participant.id === cy.participantId);
    const after = { participants: 2, offers: 0, needs: 1, dreams: 0, connections: 0, pendingConnections: 0 };
    expect(joined.counts).toEqual(after);
    expect((await projectorSnapshot(market.code)).counts).toEqual(after);
    expect((await call(app.origin, "GET", `/api/markets/${market.code}`)).body.counts).toEqual(after);
    projector.close();
  });

  it("never suggests a hidden post or a removed person's post to another participant, nor answers for it by id", async () => {
    const market = await hostStartsMarket(app.origin);
    const ana = await phoneJoins(app.origin, market.code, "Ana");
    const bo = await phoneJoins(app.origin, market.code, "Bo");
    const troll = await phoneJoins(app.origin, market.code, "Troll Person");
    await setPhase(app.origin, market, "sharing");
    const hiddenOffer = await post(app.origin, market.code, ana, "offer", "Secret bicycle repair workshop");
    const trollOffer = await post(app.origin, market.code, troll, "offer", "Cheap bicycle repair spam");
    const need = await post(app.origin, market.code, bo, "need", "Someone to repair my bicycle");
    const suggestionsFor = (token: string, query = "") => call(app.origin, "GET", `/api/markets/${market.code}/suggestions${query}`, { token });

    // Before moderation both offers fit Bo's need.
    const before = await suggestionsFor(bo.token);
    expect(before.body.suggestions.map((s: any) => s.offer.id)).toEqual(expect.arrayContaining([hiddenOffer.id, trollOffer.id]));

    expect((await call(app.origin, "POST", `/api/markets/${market.code}/posts/${hiddenOffer.id}/hide`, { ...host(market), body: { reason: "off topic" } })).status).toBe(200);
    expect((await call(app.origin, "DELETE", `/api/markets/${market.code}/participants/${troll.participantId}`, host(market))).status).toBe(200);

    for (const answer of [await suggestionsFor(bo.token), await suggestionsFor(bo.token, `?post=${need.id}`), await suggestionsFor(market.hostKey)]) {
      expect(answer.status).toBe(200);
      const text = JSON.stringify(answer.body);
      for (const leak of [hiddenOffer.id, trollOffer.id, "Secret bicycle", "spam", "Troll", "off topic", "participant removed"]) expect(text).not.toContain(leak);
    }
    // Asking by the hidden post's id: refused to anyone but its author.
    expect((await suggestionsFor(bo.token, `?post=${hiddenOffer.id}`)).status).toBe(404);
    expect((await suggestionsFor(bo.token, `?post=${trollOffer.id}`)).status).toBe(404);
    // Its author may ask, but a hidden post cannot be connected, so nothing is suggested for it.
    const anas = await suggestionsFor(ana.token, `?post=${hiddenOffer.id}`);
    expect(anas.status).toBe(200);
    expect(anas.body.suggestions).toEqual([]);
    // Unhidden, it is suggested again.
    expect((await call(app.origin, "POST", `/api/markets/${market.code}/posts/${hiddenOffer.id}/unhide`, host(market))).status).toBe(200);
    expect((await suggestionsFor(bo.token)).body.suggestions.map((s: any) => s.offer.id)).toContain(hiddenOffer.id);
  });
});
