// Export -> import is lossless: a market with everything a market can hold (descriptors, a hidden
// post, a host edit in the history, a removed person, a star, categories, agenda, groups, language,
// projector settings, a capacity, a dream with its circle, a card written for it, follow-through
// marks, dreams opened by the host) comes back whole, as stored, apart from what must not travel:
// its identity and secrets, and the contacts people did not share with the host.
import { describe, expect, it } from "vitest";
import { FacilitationService } from "../../server/market/facilitation-service.ts";
import { HostRoomTools } from "../../server/market/host-room-tools.ts";
import { MarketLimits } from "../../server/market/limits.ts";
import { marketJson } from "../../server/market/market-export.ts";
import type { Market } from "../../server/market/model.ts";
import { MarketService, type Actor } from "../../server/market/service.ts";
import { openTestStore } from "../support/test-store.ts";

const host: Actor = { role: "host" };

/** The market as stored, without what an import gives anew or must not carry. */
function comparable(market: Market): unknown {
  const { id, code, hostKeyHash, seq, restoredAt, round, ...rest } = structuredClone(market);
  return {
    ...rest,
    // Personal codes and the browsers that came back by them are secrets too (issue 16): an import issues none.
    participants: rest.participants.map(({ tokenHash, personalCodeHash, comebackTokenHashes, ...p }) => ({ ...p, contact: p.shareContactWithHost ? p.contact : "" })),
    posts: rest.posts.map(({ clientId, ...post }) => post),
  };
}

describe("export then import", () => {
  it("restores the whole market, moderation and descriptors included, without secrets or unshared contacts", async () => {
    const store = await openTestStore();
    let tick = 0;
    const service = new MarketService(store, { now: () => new Date(Date.UTC(2026, 4, 1, 18, 0, tick++)) });
    const facilitation = new FacilitationService(service, { random: () => 0.42 });
    const { market: created } = await service.createMarket({ title: "Everything market" });
    const code = created.code;
    const join = async (name: string, share: boolean) => {
      const { participant } = await service.joinMarket(code, { name, contact: `${name.toLowerCase()}@example.org`, shareContactWithHost: share });
      return { id: participant.id, actor: { role: "participant", participantId: participant.id } as Actor };
    };
    const ana = await join("Ana", true);
    const bo = await join("Bo", false);
    const cy = await join("Cy", true);
    const dee = await join("Dee", false);
    await facilitation.setCategories(code, host, { categories: ["skills", "tools", "food"] });
    await facilitation.setLanguage(code, host, { language: "es" });
    await facilitation.setProjectorView(code, host, { view: "tables" });
    await facilitation.setProjectorCategory(code, host, { category: "tools" });
    await facilitation.agenda(code, host, { action: "template", template: "short" });
    await service.changePhase(code, host, { phase: "connecting" });
    await facilitation.agenda(code, host, { action: "start" });
    await facilitation.groups(code, host, { action: "split", size: 2 });

    const offer = (await service.createPost(code, ana.actor, { kind: "offer", text: "Bike repair\nat the weekend", tags: ["bikes"], category: "skills", exchange: "gift", when: "weekends", where: { kind: "place", place: "Library" }, clientId: "c1" })).post;
    const need = (await service.createPost(code, bo.actor, { kind: "need", text: "Fix my bike", category: "tools", urgency: "high", where: { kind: "online" } })).post;
    const hidden = (await service.createPost(code, cy.actor, { kind: "offer", text: "Something rude" })).post;
    await service.createPost(code, dee.actor, { kind: "need", text: "A lift home", exchange: "barter" });
    await facilitation.starNeed(code, bo.actor, need.id);
    await service.updatePost(code, host, offer.id, { text: "Bike repair (edited by the host)" });
    await facilitation.hidePost(code, host, hidden.id, { reason: "off topic" });
    await facilitation.removeParticipant(code, host, dee.id);
    const asked = await service.requestConnection(code, bo.actor, { offerId: offer.id, needId: need.id });
    await service.respondToConnection(code, ana.actor, asked.connection.id, "accept");
    // A dream (the host opened dreams): Bo gathers with a new offer written for it and is accepted, Cy says "I'm in" and waits.
    await facilitation.agenda(code, host, { action: "open-dreams", open: true });
    const dream = (await service.createPost(code, ana.actor, { kind: "dream", text: "A repair café", category: "skills", when: "Saturdays" })).post;
    await service.gather(code, bo.actor, dream.id, { way: "offer", text: "I can bring a soldering iron" });
    await service.gather(code, cy.actor, dream.id, { way: "in" });
    await service.acceptIntoCircle(code, ana.actor, dream.id, bo.id);
    await service.markFollowThrough(code, ana.actor, { relation: "connection", relationId: asked.connection.id, outcome: "met" });
    const [circle] = await service.myCircles(code, bo.actor);
    await service.markFollowThrough(code, bo.actor, { relation: "circle", relationId: circle!.circleId, outcome: "in_touch" });
    await facilitation.lockJoining(code, host, { locked: true });
    await new HostRoomTools(service, facilitation, new MarketLimits()).setCapacity(code, host, { expected: 120 });

    const document = JSON.parse(marketJson(await service.exportFor(code, host)));
    expect(document).toMatchObject({ format: "offers-and-needs-market", version: 3 });
    // Secrets never leave, nor contacts that were not shared with the host.
    const text = JSON.stringify(document);
    for (const secret of ["hostKeyHash", "tokenHash", "personalCodeHash", "comebackTokenHashes", "helperKeyHash", "clientId", "bo@example.org", "dee@example.org"]) expect(text).not.toContain(secret);

    const { market: copy } = await service.importMarket(document);
    const original = (await store.load(created.id))!.market;
    const restored = (await store.load(copy.id))!.market;
    expect(restored.code).not.toBe(original.code);
    expect(comparable(restored)).toEqual(comparable(original));
    // The parts this test is about, said out loud.
    expect(restored.posts.find((p) => p.id === hidden.id)?.hidden).toMatchObject({ reason: "off topic" });
    expect(restored.history?.find((h) => h.action === "edit_post")?.detail).toBe("Bike repair\nat the weekend");
    expect(restored.participants.find((p) => p.id === dee.id)?.removedAt).toEqual(expect.any(String));
    expect(restored.capacity).toBe(120);
    expect(restored.circles?.[0]?.gatherings.map((g) => [g.participantId, g.way, g.status])).toEqual([
      [bo.id, "offer", "accepted"],
      [cy.id, "in", "pending"],
    ]);
    expect(restored.posts.find((p) => p.text === "I can bring a soldering iron")?.dreamId).toBe(dream.id);
    expect(restored.followThrough?.map((m) => m.outcome)).toEqual(["met", "in_touch"]);
    expect(restored.dreamsOpen).toBe(true);
    await store.close();
  });
});
