// The rules of dreams' circles, through the service over the real store under test (test-store.ts):
// who may gather and accept, gathering twice, on one's own dream, in a closed market, and what a
// removed or departed person leaves behind; and what matching suggests around a dream.
import { beforeEach, describe, expect, it } from "vitest";
import { addDreamsStage, agendaFromTemplate, defaultAgenda, updateStage } from "../../server/market/agenda.ts";
import type { MarketEvent } from "../../server/market/events.ts";
import { FacilitationService } from "../../server/market/facilitation-service.ts";
import { MarketService, type Actor } from "../../server/market/service.ts";
import { refusal as refused } from "../support/refusal.ts";
import { openTestStore } from "../support/test-store.ts";

const host: Actor = { role: "host" };

/** The refusal's kind and code, to compare whole. */
const refusal = (promise: Promise<unknown>) => refused(promise).then(({ kind, code }) => ({ kind, code }));

describe("dreams' circles", () => {
  let service: MarketService;
  let facilitation: FacilitationService;
  let code: string;
  let events: MarketEvent[];

  async function join(name: string) {
    const { participant } = await service.joinMarket(code, { name, contact: `${name.toLowerCase()}@example.org`, shareContactWithHost: false });
    return { id: participant.id, actor: { role: "participant", participantId: participant.id } as Actor };
  }
  const dreamOf = async (who: { actor: Actor }, text = "A repair café in the library") => (await service.createPost(code, who.actor, { kind: "dream", text })).post;
  const circleOf = async (who: { actor: Actor }, dreamId: string) => (await service.myCircles(code, who.actor)).find((c) => c.dreamId === dreamId);

  beforeEach(async () => {
    const store = await openTestStore();
    let tick = 0;
    service = new MarketService(store, { now: () => new Date(Date.UTC(2026, 5, 1, 18, 0, tick++)) });
    facilitation = new FacilitationService(service, { random: () => 0.5 });
    events = [];
    service.subscribe((_id, event) => events.push(event));
    code = (await service.createMarket({ title: "Dreams" })).market.code;
    await service.changePhase(code, host, { phase: "connecting" });
    await facilitation.agenda(code, host, { action: "open-dreams", open: true });
  });

  it("lets only the dream's author accept, and only someone who gathered", async () => {
    const [dana, hugo, nia] = [await join("Dana"), await join("Hugo"), await join("Nia")];
    const dream = await dreamOf(dana);
    await service.gather(code, hugo.actor, dream.id, { way: "in" });
    expect(await refusal(service.acceptIntoCircle(code, nia.actor, dream.id, hugo.id))).toEqual({ kind: "forbidden", code: "not_dream_author" });
    expect(await refusal(service.acceptIntoCircle(code, hugo.actor, dream.id, hugo.id))).toEqual({ kind: "forbidden", code: "not_dream_author" });
    expect((await refusal(service.acceptIntoCircle(code, host, dream.id, hugo.id))).kind).toBe("forbidden");
    expect(await refusal(service.acceptIntoCircle(code, dana.actor, dream.id, nia.id))).toEqual({ kind: "not_found", code: "participant_not_found" });
    const accepted = await service.acceptIntoCircle(code, dana.actor, dream.id, hugo.id);
    expect(accepted.people).toMatchObject([{ name: "Hugo", status: "accepted" }]);
    // Accepting twice changes nothing and tells nobody again.
    const before = events.length;
    await service.acceptIntoCircle(code, dana.actor, dream.id, hugo.id);
    expect(events.length).toBe(before);
  });

  it("keeps one gathering per person: saying it again another way changes how they come, and an accepted person stays accepted", async () => {
    const [dana, hugo] = [await join("Dana"), await join("Hugo")];
    const dream = await dreamOf(dana);
    await service.gather(code, hugo.actor, dream.id, { way: "in" });
    await service.acceptIntoCircle(code, dana.actor, dream.id, hugo.id);
    const again = await service.gather(code, hugo.actor, dream.id, { way: "offer", text: "Soldering lessons" });
    expect(again.people).toMatchObject([{ way: "offer", status: "accepted", text: "Soldering lessons" }]);
    expect((await circleOf(dana, dream.id))?.people).toHaveLength(1);
    // The offer written for the dream belongs to it, and is an offer like any other.
    const offer = (await service.listPosts(code, hugo.actor)).find((p) => p.text === "Soldering lessons");
    expect(offer).toMatchObject({ kind: "offer", dreamId: dream.id });
  });

  it("writes a new card for a dream once when the phone resends the same form (its client id)", async () => {
    const [dana, hugo] = [await join("Dana"), await join("Hugo")];
    const dream = await dreamOf(dana);
    const form = { way: "need", text: "A lift to the library on Saturdays", clientId: "gather-retry-1" };
    await service.gather(code, hugo.actor, dream.id, form);
    const resent = await service.gather(code, hugo.actor, dream.id, form);
    expect(resent.people).toMatchObject([{ way: "need", text: "A lift to the library on Saturdays" }]);
    expect((await service.listPosts(code, hugo.actor)).filter((p) => p.text === form.text)).toHaveLength(1);
  });

  it("refuses gathering around one's own dream, around a card that is not a dream, and with someone else's card", async () => {
    const [dana, hugo] = [await join("Dana"), await join("Hugo")];
    const dream = await dreamOf(dana);
    const danasOffer = (await service.createPost(code, dana.actor, { kind: "offer", text: "Bike repair" })).post;
    expect(await refusal(service.gather(code, dana.actor, dream.id, { way: "in" }))).toEqual({ kind: "invalid", code: "own_dream" });
    expect(await refusal(service.gather(code, hugo.actor, danasOffer.id, { way: "in" }))).toEqual({ kind: "invalid", code: "not_a_dream" });
    expect(await refusal(service.gather(code, hugo.actor, dream.id, { way: "offer", postId: danasOffer.id }))).toEqual({ kind: "not_found", code: "post_not_found" });
    expect(await circleOf(dana, dream.id)).toBeUndefined();
  });

  it("refuses gathering and accepting once the market is closed, and keeps the circle for the follow-ups", async () => {
    const [dana, hugo, nia] = [await join("Dana"), await join("Hugo"), await join("Nia")];
    const dream = await dreamOf(dana);
    await service.gather(code, hugo.actor, dream.id, { way: "in" });
    await service.gather(code, nia.actor, dream.id, { way: "in" });
    await service.acceptIntoCircle(code, dana.actor, dream.id, hugo.id);
    await service.changePhase(code, host, { phase: "closed" });
    expect(await refusal(service.gather(code, nia.actor, dream.id, { way: "need", text: "A place to fix my radio" }))).toEqual({ kind: "conflict", code: "phase_closed" });
    expect(await refusal(service.acceptIntoCircle(code, dana.actor, dream.id, nia.id))).toEqual({ kind: "conflict", code: "phase_closed" });
    // Contacts only inside the accepted circle: Nia, still waiting, sees none and is seen by none.
    expect((await service.circleFollowUps(code, hugo.actor)).map((c) => c.members.map((m) => [m.name, m.contact]))).toEqual([[["Dana", "dana@example.org"]]]);
    expect(await service.circleFollowUps(code, nia.actor)).toEqual([]);
  });

  it("takes a removed person out of every circle, dissolves their dream's circle, and refuses them", async () => {
    const [dana, hugo, nia] = [await join("Dana"), await join("Hugo"), await join("Nia")];
    const danasDream = await dreamOf(dana);
    const hugosDream = await dreamOf(hugo, "Learning to surf together");
    await service.gather(code, hugo.actor, danasDream.id, { way: "in" });
    await service.acceptIntoCircle(code, dana.actor, danasDream.id, hugo.id);
    await service.gather(code, nia.actor, hugosDream.id, { way: "need", text: "Someone to teach me to surf" });
    await facilitation.removeParticipant(code, host, hugo.id);
    expect((await circleOf(dana, danasDream.id))?.people).toEqual([]);
    expect(await circleOf(nia, hugosDream.id)).toBeUndefined();
    // Nia's need stays on the wall, no longer written for a dream that is gone.
    const needs = (await service.listPosts(code, nia.actor)).filter((p) => p.kind === "need");
    expect(needs.map((p) => [p.text, p.dreamId])).toEqual([["Someone to teach me to surf", undefined]]);
    // Dana and Nia heard of it (their circle changed); nobody else did.
    const told = events.filter((e) => e.type === "circle:updated").at(-1);
    expect(told).toMatchObject({ type: "circle:updated", circle: { dreamId: danasDream.id, people: [] } });
    expect((await refusal(service.gather(code, hugo.actor, danasDream.id, { way: "in" }))).kind).toBe("unauthenticated");
    // Gathering around a removed person's (hidden) dream is refused.
    expect(await refusal(service.gather(code, nia.actor, hugosDream.id, { way: "in" }))).toEqual({ kind: "invalid", code: "not_a_dream" });
  });

  it("dissolves a dream's circle when its author deletes the dream; an offer written for it stays, for no dream", async () => {
    const [dana, hugo, nia] = [await join("Dana"), await join("Hugo"), await join("Nia")];
    const dream = await dreamOf(dana);
    await service.gather(code, hugo.actor, dream.id, { way: "in" });
    await service.gather(code, nia.actor, dream.id, { way: "offer", text: "Seedlings for the garden" });
    await service.acceptIntoCircle(code, dana.actor, dream.id, hugo.id);
    await service.removePost(code, dana.actor, dream.id);
    expect(await service.myCircles(code, hugo.actor)).toEqual([]);
    const offer = (await service.listPosts(code, nia.actor)).find((p) => p.text === "Seedlings for the garden");
    expect(offer).toBeDefined();
    expect(offer!.dreamId).toBeUndefined();
  });

  it("lets only the people of a formed circle or an accepted connection say how it went, and reports the room's share", async () => {
    const [dana, hugo, nia] = [await join("Dana"), await join("Hugo"), await join("Nia")];
    const dream = await dreamOf(dana);
    await service.gather(code, hugo.actor, dream.id, { way: "in" });
    await service.gather(code, nia.actor, dream.id, { way: "in" });
    const waiting = (await circleOf(dana, dream.id))!;
    expect(await refusal(service.markFollowThrough(code, dana.actor, { relation: "circle", relationId: waiting.circleId, outcome: "met" }))).toEqual({ kind: "forbidden", code: "not_in_circle" });
    await service.acceptIntoCircle(code, dana.actor, dream.id, hugo.id);
    await service.markFollowThrough(code, hugo.actor, { relation: "circle", relationId: waiting.circleId, outcome: "met" });
    expect(await refusal(service.markFollowThrough(code, nia.actor, { relation: "circle", relationId: waiting.circleId, outcome: "met" }))).toEqual({ kind: "forbidden", code: "not_in_circle" });
    // Saying it again replaces what I said.
    await service.markFollowThrough(code, hugo.actor, { relation: "circle", relationId: waiting.circleId, outcome: "did_not_happen" });
    expect(await service.mySaid(code, hugo.actor)).toEqual({ [`circle:${waiting.circleId}`]: "did_not_happen" });
  });
});

describe("matching around dreams", () => {
  it("suggests the offers and needs that fit a dream, and the dreams that fit a person's cards, within the matcher's threshold", async () => {
    const store = await openTestStore();
    const service = new MarketService(store);
    const code = (await service.createMarket({ title: "Fits" })).market.code;
    await service.changePhase(code, host, { phase: "connecting" });
    await new FacilitationService(service).agenda(code, host, { action: "open-dreams", open: true });
    const join = async (name: string) => ({ role: "participant", participantId: (await service.joinMarket(code, { name, contact: `${name}@example.org` })).participant.id }) as Actor;
    const [dana, hugo, nia, otto] = [await join("Dana"), await join("Hugo"), await join("Nia"), await join("Otto")];
    const offer = (await service.createPost(code, hugo, { kind: "offer", text: "I can repair bikes and teach bike repair" })).post;
    const need = (await service.createPost(code, nia, { kind: "need", text: "My bike needs a repair" })).post;
    await service.createPost(code, otto, { kind: "offer", text: "Homemade soup for a week" });
    const dream = (await service.createPost(code, dana, { kind: "dream", text: "A bike repair café in the neighbourhood" })).post;

    const fits = await service.dreamFits(code, dana, dream.id);
    expect(fits.map((f) => f.post.id).sort()).toEqual([offer.id, need.id].sort());
    for (const f of fits) expect(f.score).toBeGreaterThanOrEqual(0.5);
    expect((await service.dreamsForMe(code, hugo)).map((f) => [f.dream.id, f.post.id])).toEqual([[dream.id, offer.id]]);
    expect(await service.dreamsForMe(code, otto)).toEqual([]);
    // Her own dream is not suggested to its author; once gathered, it is not suggested again.
    expect(await service.dreamsForMe(code, dana)).toEqual([]);
    await service.gather(code, hugo, dream.id, { way: "offer", postId: offer.id });
    expect(await service.dreamsForMe(code, hugo)).toEqual([]);
    // The offer-need suggestions are the same as without the dream.
    expect((await service.suggestions(code, hugo)).map((s) => [s.offer.id, s.need.id])).toEqual([[offer.id, need.id]]);
    // A card written after the dream fits it too; a deleted dream fits nothing any more.
    const later = (await service.createPost(code, otto, { kind: "need", text: "Someone to repair my bike's brakes" })).post;
    expect((await service.dreamFits(code, dana, dream.id)).map((f) => f.post.id)).toContain(later.id);
    expect((await service.dreamsForMe(code, nia)).map((f) => f.dream.id)).toEqual([dream.id]);
    await service.removePost(code, dana, dream.id);
    expect(await service.dreamsForMe(code, nia)).toEqual([]);
    expect(await service.dreamsForMe(code, otto)).toEqual([]);
  });
});

describe("the dreams stage", () => {
  it("is the host's to add: after the stages where the room writes and hears its cards, with a new id, once", () => {
    const keys = (agenda: ReturnType<typeof defaultAgenda>) => agenda.stages.map((s) => `${s.id}:${s.key}`);
    const standard = addDreamsStage(defaultAgenda());
    expect(keys(standard).slice(3, 7)).toEqual(["s4:explore-needs", "s5:hear-needs", "s11:share-dreams", "s6:network-rotate"]);
    expect(standard.stages.find((s) => s.key === "share-dreams")).toMatchObject({ phase: "sharing", posting: ["dream"], skipped: false });
    const short = addDreamsStage(agendaFromTemplate("short"));
    expect(keys(short).slice(1, 4)).toEqual(["s2:hear", "s6:share-dreams", "s3:network"]);
    // Adding it again un-skips it rather than adding a second one.
    const skipped = updateStage(standard, "s11", { skipped: true });
    expect(keys(addDreamsStage(skipped))).toEqual(keys(standard));
    expect(addDreamsStage(skipped).stages.find((s) => s.id === "s11")?.skipped).toBe(false);
  });
});
