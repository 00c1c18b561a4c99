// The market's rules, through the service over the real store under test (test-store.ts: the
// lowdb files in a temp folder, or a fresh PostgreSQL database).
import { beforeEach, describe, expect, it } from "vitest";
import type { MarketEvent } from "../../server/market/events.ts";
import { MarketService, type Actor } from "../../server/market/service.ts";
import { refusal } from "../support/refusal.ts";
import { openTestStore } from "../support/test-store.ts";

const host: Actor = { role: "host" };
const viewer: Actor = { role: "viewer" };

describe("market service", () => {
  let service: MarketService;
  let events: MarketEvent[];
  let code: string;
  let hostKey: string;

  async function join(name: string, share = false) {
    const { participant, token } = await service.joinMarket(code, { name, contact: `${name}@example.org`, shareContactWithHost: share });
    return { id: participant.id, token, actor: { role: "participant", participantId: participant.id } as Actor };
  }

  beforeEach(async () => {
    const store = await openTestStore();
    let tick = 0;
    service = new MarketService(store, { now: () => new Date(Date.UTC(2026, 10, 25, 18, 0, tick++)) });
    events = [];
    service.subscribe((_id, event) => events.push(event));
    const created = await service.createMarket({ title: "  Spring market  " });
    code = created.market.code;
    hostKey = created.hostKey;
  });

  it("makes a 6-character join code without look-alike characters, and trims the title", async () => {
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{6}$/);
    expect((await service.summary(code)).title).toBe("Spring market");
    expect((await service.summary(code.toLowerCase())).code).toBe(code);
  });

  it("resolves the host key, a participant token, no secret, and refuses a wrong secret", async () => {
    const ana = await join("Ana");
    expect(await service.authenticate(code, hostKey)).toEqual(host);
    expect(await service.authenticate(code, ana.token)).toEqual(ana.actor);
    expect(await service.authenticate(code, undefined)).toEqual(viewer);
    expect((await refusal(service.authenticate(code, "not-a-token"))).kind).toBe("unauthenticated");
  });

  it("opens posting only in sharing and connecting", async () => {
    const ana = await join("Ana");
    const inLobby = await refusal(service.createPost(code, ana.actor, { kind: "offer", text: "Bike repair" }));
    expect(inLobby.code).toBe("phase_lobby");
    await service.changePhase(code, host, { phase: "sharing" });
    await service.createPost(code, ana.actor, { kind: "offer", text: "Bike repair" });
    await service.changePhase(code, host, { phase: "connecting" });
    await service.createPost(code, ana.actor, { kind: "need", text: "A ladder" });
    await service.changePhase(code, host, { phase: "closed" });
    expect((await refusal(service.createPost(code, ana.actor, { kind: "offer", text: "More" }))).code).toBe("phase_closed");
    expect((await refusal(service.joinMarket(code, { name: "Late", contact: "x" }))).code).toBe("phase_closed");
    expect((await service.summary(code)).counts).toMatchObject({ participants: 1, offers: 1, needs: 1 });
  });

  it("lets only the host change the phase", async () => {
    const ana = await join("Ana");
    expect((await refusal(service.changePhase(code, ana.actor, { phase: "closed" }))).kind).toBe("forbidden");
    expect((await refusal(service.changePhase(code, viewer, { phase: "closed" }))).kind).toBe("forbidden");
    expect((await service.summary(code)).phase).toBe("lobby");
  });

  it("validates input with a message per field", async () => {
    const emptyName = await refusal(service.joinMarket(code, { name: "   ", contact: "a@b.c" }));
    expect(emptyName.kind).toBe("invalid");
    expect(emptyName.fields?.name).toBe("Name is required.");
    // …and the code and values a page translates it by.
    expect(emptyName.fieldRefusals?.name).toEqual({ code: "field_required", params: { field: "name" } });
    const ana = await join("Ana");
    await service.changePhase(code, host, { phase: "sharing" });
    const long = await refusal(service.createPost(code, ana.actor, { kind: "offer", text: "x".repeat(281) }));
    expect(long.fields?.text).toBe("Text can be at most 280 characters.");
    expect(long.fieldRefusals?.text).toEqual({ code: "field_too_long", params: { field: "text", max: 280 } });
    const kind = await refusal(service.createPost(code, ana.actor, { kind: "wish", text: "A walking path" }));
    expect(kind.fields?.kind).toMatch(/offer/);
    const unknown = await refusal(service.createPost(code, ana.actor, { kind: "offer", text: "ok", colour: "red" }));
    expect(unknown.message).toMatch(/Not a field here: colour/);
    const post = await service.createPost(code, ana.actor, { kind: "offer", text: " \u0007Bike\u200B repair ", tags: ["#Bikes", "bikes"] });
    expect(post.post.text).toBe("Bike repair");
    expect(post.post.tags).toEqual(["bikes"]);
  });

  it("never duplicates a post resent with the same clientId", async () => {
    const ana = await join("Ana");
    await service.changePhase(code, host, { phase: "sharing" });
    const first = await service.createPost(code, ana.actor, { kind: "offer", text: "Soup", clientId: "c-1" });
    const again = await service.createPost(code, ana.actor, { kind: "offer", text: "Soup", clientId: "c-1" });
    expect(again.created).toBe(false);
    expect(again.post.id).toBe(first.post.id);
    expect((await service.summary(code)).counts.offers).toBe(1);
  });

  it("lets only the author or the host edit and remove a post", async () => {
    const ana = await join("Ana");
    const bo = await join("Bo");
    await service.changePhase(code, host, { phase: "sharing" });
    const { post } = await service.createPost(code, ana.actor, { kind: "offer", text: "Bike repair" });
    expect((await refusal(service.updatePost(code, bo.actor, post.id, { text: "Mine now" }))).kind).toBe("forbidden");
    expect((await refusal(service.removePost(code, bo.actor, post.id))).kind).toBe("forbidden");
    expect((await service.updatePost(code, ana.actor, post.id, { text: "Bike and scooter repair" })).text).toBe("Bike and scooter repair");
    await service.removePost(code, host, post.id);
    expect((await service.summary(code)).counts.offers).toBe(0);
  });

  it("connects an offer and a need once the other side accepts, and only then reveals contacts", async () => {
    const ana = await join("Ana");
    const bo = await join("Bo");
    const cy = await join("Cy");
    await service.changePhase(code, host, { phase: "sharing" });
    const offer = (await service.createPost(code, ana.actor, { kind: "offer", text: "Bike repair" })).post;
    const need = (await service.createPost(code, bo.actor, { kind: "need", text: "Fix my bike" })).post;

    const { connection } = await service.requestConnection(code, bo.actor, { offerId: offer.id, needId: need.id });
    expect(connection.status).toBe("pending");
    expect((await service.requestConnection(code, bo.actor, { offerId: offer.id, needId: need.id })).created).toBe(false);
    expect(await service.followUps(code, bo.actor)).toEqual([]);

    // The one who asked cannot answer for the other side; a stranger cannot answer at all.
    expect((await service.respondToConnection(code, bo.actor, connection.id, "accept")).status).toBe("pending");
    expect((await refusal(service.respondToConnection(code, cy.actor, connection.id, "accept"))).kind).toBe("forbidden");
    expect((await service.respondToConnection(code, ana.actor, connection.id, "accept")).status).toBe("accepted");

    expect(await service.followUps(code, bo.actor)).toMatchObject([{ name: "Ana", contact: "Ana@example.org", theirSide: "offer" }]);
    expect(await service.followUps(code, ana.actor)).toMatchObject([{ name: "Bo", contact: "Bo@example.org", theirSide: "need" }]);
    expect(await service.followUps(code, cy.actor)).toEqual([]);
  });

  it("lets a third person suggest a match that both sides must accept", async () => {
    const ana = await join("Ana");
    const bo = await join("Bo");
    const cy = await join("Cy");
    await service.changePhase(code, host, { phase: "connecting" });
    const offer = (await service.createPost(code, ana.actor, { kind: "offer", text: "Spare room for a week" })).post;
    const need = (await service.createPost(code, bo.actor, { kind: "need", text: "Somewhere to stay" })).post;
    const { connection } = await service.requestConnection(code, cy.actor, { offerId: offer.id, needId: need.id });
    expect(connection).toMatchObject({ status: "pending", acceptedBy: [], requestedBy: cy.id });
    expect((await refusal(service.respondToConnection(code, cy.actor, connection.id, "accept"))).kind).toBe("forbidden");
    expect((await service.respondToConnection(code, ana.actor, connection.id, "accept")).status).toBe("pending");
    expect(await service.followUps(code, ana.actor)).toEqual([]);
    expect((await service.respondToConnection(code, bo.actor, connection.id, "accept")).status).toBe("accepted");
    expect(await service.followUps(code, ana.actor)).toMatchObject([{ name: "Bo" }]);
    expect(await service.followUps(code, cy.actor)).toEqual([]);
  });

  it("suggests pairs that fit, for a participant, a post and the host, leaving out pairs already asked", async () => {
    const ana = await join("Ana");
    const bo = await join("Bo");
    await service.changePhase(code, host, { phase: "sharing" });
    const offer = (await service.createPost(code, ana.actor, { kind: "offer", text: "I can babysit on Saturdays" })).post;
    const unrelated = (await service.createPost(code, ana.actor, { kind: "offer", text: "Sourdough starter" })).post;
    const need = (await service.createPost(code, bo.actor, { kind: "need", text: "Childcare on Saturday mornings" })).post;
    const forBo = await service.suggestions(code, bo.actor);
    expect(forBo[0]).toMatchObject({ offer: { id: offer.id, authorName: "Ana" }, need: { id: need.id } });
    expect(forBo.map((s) => s.offer.id)).not.toContain(unrelated.id);
    expect((await service.suggestions(code, host))[0]?.offer.id).toBe(offer.id);
    expect((await service.suggestions(code, ana.actor, { postId: need.id }))[0]?.offer.id).toBe(offer.id);
    expect((await refusal(service.suggestions(code, viewer))).kind).toBe("unauthenticated");

    await service.requestConnection(code, bo.actor, { offerId: offer.id, needId: need.id });
    expect(await service.suggestions(code, bo.actor)).toEqual([]);
    // An edit moves the post in the index at once.
    await service.updatePost(code, ana.actor, unrelated.id, { text: "Kids club on Saturday mornings" });
    expect((await service.suggestions(code, bo.actor))[0]?.offer.id).toBe(unrelated.id);
  });

  it("imports paper cards as participants and posts in one go, host only", async () => {
    const cards = [
      { line: 2, name: "Dee", contact: "dee@example.org", kind: "offer" as const, text: "Sewing repairs", tags: ["clothes"] },
      { line: 3, name: "Dee", contact: "dee@example.org", kind: "need" as const, text: "A lift to the station", tags: [] },
      { line: 4, name: "Eli", contact: "", kind: "need" as const, text: "My coat's zip is broken", tags: [] },
    ];
    const ana = await join("Ana");
    expect((await refusal(service.importCards(code, ana.actor, cards))).kind).toBe("forbidden");
    expect(await service.importCards(code, host, cards)).toEqual({ participants: 2, posts: 3 });
    expect((await service.summary(code)).counts).toMatchObject({ participants: 3, offers: 1, needs: 2 });
    const bad = await refusal(service.importCards(code, host, [{ ...cards[0]!, text: "x".repeat(300), line: 9 }]));
    expect(bad.message).toMatch(/line 9/);
    expect((await service.summary(code)).counts.offers).toBe(1);
  });

  it("refuses connecting a person's own offer and need, and a declined pair asked again", async () => {
    const ana = await join("Ana");
    const bo = await join("Bo");
    await service.changePhase(code, host, { phase: "sharing" });
    const offer = (await service.createPost(code, ana.actor, { kind: "offer", text: "Soup" })).post;
    const ownNeed = (await service.createPost(code, ana.actor, { kind: "need", text: "Bread" })).post;
    const need = (await service.createPost(code, bo.actor, { kind: "need", text: "Dinner" })).post;
    expect((await refusal(service.requestConnection(code, ana.actor, { offerId: offer.id, needId: ownNeed.id }))).code).toBe("same_person");
    expect((await refusal(service.requestConnection(code, ana.actor, { offerId: need.id, needId: offer.id }))).code).toBe("offer_not_found");
    const { connection } = await service.requestConnection(code, ana.actor, { offerId: offer.id, needId: need.id });
    await service.respondToConnection(code, bo.actor, connection.id, "decline");
    expect((await refusal(service.requestConnection(code, ana.actor, { offerId: offer.id, needId: need.id }))).code).toBe("connection_declined");
  });

  it("publishes every change with a strictly increasing seq, and the harvest on closing without contacts", async () => {
    const ana = await join("Ana Lopez", true);
    const bo = await join("Bo");
    await service.changePhase(code, host, { phase: "sharing" });
    const offer = (await service.createPost(code, ana.actor, { kind: "offer", text: "Bike repair" })).post;
    const need = (await service.createPost(code, bo.actor, { kind: "need", text: "Fix my bike" })).post;
    const { connection } = await service.requestConnection(code, bo.actor, { offerId: offer.id, needId: need.id });
    await service.respondToConnection(code, ana.actor, connection.id, "accept");
    await service.changePhase(code, host, { phase: "closed" });

    expect(events.map((e) => e.type)).toEqual([
      "participant:joined",
      "participant:joined",
      "phase:changed",
      "post:created",
      "post:created",
      "connection:created",
      "connection:updated",
      "phase:changed",
      "market:closed",
    ]);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const closed = events.at(-1);
    expect(closed?.type === "market:closed" && closed.harvest.connections).toEqual([
      { offerAuthorName: "Ana Lopez", needAuthorName: "Bo", offerText: "Bike repair", needText: "Fix my bike" },
    ]);
    expect(JSON.stringify(events)).not.toContain("@example.org");
    expect(JSON.stringify(await service.snapshot(code, viewer))).not.toContain("@example.org");
  });

  it("exports contacts only of people who agreed to share them with the host", async () => {
    await join("Ana", true);
    await join("Bo", false);
    const bo = await join("Cy", false);
    expect((await refusal(service.exportFor(code, bo.actor))).kind).toBe("forbidden");
    const data = await service.exportFor(code, host);
    expect(data.participants.map((p) => [p.name, p.contact])).toEqual([
      ["Ana", "Ana@example.org"],
      ["Bo", null],
      ["Cy", null],
    ]);
  });

  it("answers an unknown market code with not found", async () => {
    expect((await refusal(service.summary("ZZZZZZ"))).kind).toBe("not_found");
    expect((await refusal(service.summary("../../etc"))).kind).toBe("not_found");
  });
});
