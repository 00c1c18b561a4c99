// Prepared ahead: rehearse with test phones, then reset to empty, keeping what was prepared.
// Through the service over the real store under test (test-store.ts), read back from what it stored.
import { beforeEach, describe, expect, it } from "vitest";
import type { MarketEvent } from "../../server/market/events.ts";
import { FacilitationService } from "../../server/market/facilitation-service.ts";
import { MarketService, type Actor } from "../../server/market/service.ts";
import { refusal } from "../support/refusal.ts";
import { newStorePlace, type StorePlace } from "../support/test-store.ts";

const host: Actor = { role: "host" };

describe("rehearse, then reset to empty", () => {
  let place: StorePlace;
  let service: MarketService;
  let facilitation: FacilitationService;
  let events: MarketEvent[];
  let code: string;

  const join = async (name: string) => {
    const joined = await service.joinMarket(code, { name, contact: `${name.toLowerCase()}@rehearsal.example`, shareContactWithHost: true });
    return { ...joined, actor: { role: "participant", participantId: joined.participant.id } as Actor };
  };

  beforeEach(async () => {
    place = await newStorePlace();
    service = new MarketService(await place.open());
    facilitation = new FacilitationService(service);
    events = [];
    service.subscribe((_id, event) => events.push(event));
    ({ code } = (await service.createMarket({ title: "Prepared ahead" })).market);
  });

  it("starts only on an empty market, and a market that is not rehearsing is never reset", async () => {
    expect((await refusal(service.resetMarket(code, host, { confirm: true }))).code).toBe("reset_needs_rehearsal");
    await join("Early Bird");
    expect((await refusal(service.setRehearsal(code, host, { on: true }))).code).toBe("rehearsal_needs_empty_market");
    expect((await refusal(service.resetMarket(code, host, { confirm: true }))).code).toBe("reset_needs_rehearsal");
    expect((await service.summary(code)).counts.participants).toBe(1);
  });

  it("asks the host, and asks for the confirmation", async () => {
    await service.setRehearsal(code, host, { on: true });
    expect((await refusal(service.resetMarket(code, { role: "viewer" }, { confirm: true }))).code).toBe("not_host");
    expect((await refusal(service.resetMarket(code, host, {}))).code).toBe("invalid_input");
  });

  it("empties people, cards, connections, rounds, tables, codes and history from memory and disk; keeps code, agenda, categories, language", async () => {
    // Prepared days before.
    await facilitation.setCategories(code, host, { categories: ["food", "tools", "rides"] });
    await facilitation.setLanguage(code, host, { language: "es" });
    await facilitation.agenda(code, host, { action: "update", stageId: "s2", title: "Ronda de ofertas" });
    const helperKey = await service.newHelperKey(code, host);

    // The rehearsal with test phones.
    expect(await service.setRehearsal(code, host, { on: true })).toBe(true);
    const tess = await join("Tess Tester");
    const rob = await join("Rob Rehearsal");
    await facilitation.agenda(code, host, { action: "start" });
    await facilitation.agenda(code, host, { action: "open-both", open: true });
    const offer = (await service.createPost(code, tess.actor, { kind: "offer", text: "Rehearsal bike repair" })).post;
    const need = (await service.createPost(code, rob.actor, { kind: "need", text: "Rehearsal flat tyre" })).post;
    const asked = (await service.requestConnection(code, tess.actor, { offerId: offer.id, needId: need.id })).connection;
    await service.respondToConnection(code, rob.actor, asked.id, "accept");
    await facilitation.round(code, host, { action: "start", focus: "offer", seconds: 30 });
    await facilitation.groups(code, host, { action: "split", size: 2 });
    await facilitation.hidePost(code, host, offer.id, { reason: "Tess said something rude" });
    await facilitation.lockJoining(code, host, { locked: true });
    expect(await place.everythingStored()).toContain("Tess Tester");

    expect(await service.resetPreview(code, host)).toEqual({ people: 2, cards: 2, connections: 1, rehearsal: true });
    events.length = 0;
    expect(await service.resetMarket(code, host, { confirm: true })).toEqual({ people: 2, cards: 2, connections: 1 });

    // Everyone's screens are told, once, with the empty market's figures.
    expect(events.map((e) => e.type)).toEqual(["market:reset"]);
    const told = events[0] as Extract<MarketEvent, { type: "market:reset" }>;
    expect(told.phase).toBe("lobby");
    expect(told.counts).toMatchObject({ participants: 0, offers: 0, needs: 0, connections: 0 });
    expect(told.facilitation).toMatchObject({ rehearsal: false, joiningLocked: false, postingOverride: false, tables: [], categories: ["food", "tools", "rides"], language: "es" });

    // The rehearsal's people are strangers now: their tokens and personal codes open nothing.
    expect((await refusal(service.authenticate(code, tess.token))).kind).toBe("unauthenticated");
    expect((await refusal(service.comeBack(code, tess.personalCode))).code).toBe("personal_code_unknown");
    // The helper link handed out ahead still works.
    expect((await service.authenticate(code, helperKey)).role).toBe("helper");

    // Nothing of the rehearsal is left in the store (a snapshot or journal, a row), and what was prepared is.
    const onDisk = await place.everythingStored();
    for (const word of ["Tess", "Rob", "rehearsal.example", "Rehearsal bike", "rude"]) expect(onDisk).not.toContain(word);
    const reopened = new MarketService(await place.open());
    const snapshot = await reopened.snapshot(code, host);
    expect(snapshot).toMatchObject({ code, phase: "lobby", participants: [], posts: [], connections: [], round: null });
    expect(snapshot.facilitation.agenda.currentId).toBeNull();
    expect(snapshot.facilitation.agenda.stages[1]!.title).toBe("Ronda de ofertas");
    expect(snapshot.facilitation.categories).toEqual(["food", "tools", "rides"]);
    expect(snapshot.facilitation.language).toBe("es");
    expect((await new FacilitationService(reopened).moderationView(code, host)).history).toEqual([]);

    // The real evening: a new person joins the empty market; a second reset is refused.
    const real = await reopened.joinMarket(code, { name: "Real Person", contact: "real@example.org", shareContactWithHost: false });
    expect(real.participant.name).toBe("Real Person");
    expect((await refusal(reopened.resetMarket(code, host, { confirm: true }))).code).toBe("reset_needs_rehearsal");
  });

  it("refuses a phase move made from a console that showed another phase", async () => {
    await service.changePhase(code, host, { phase: "sharing", from: "lobby" });
    const stale = await refusal(service.changePhase(code, host, { phase: "sharing", from: "lobby" }));
    expect(stale.code).toBe("stale_phase_move");
    expect((await service.summary(code)).phase).toBe("sharing");
  });
});
