// Counts, "still open" and "visible to whom" are each one rule: whatever the room did (posts,
// connections asked and made, a hide, a removal, someone leaving), the counts in the last live
// event are the summary's, and the wall's "still open" is the printed summary's.
import { describe, expect, it } from "vitest";
import { harvestSummary } from "../../app/lib/harvest.server.ts";
import type { MarketEvent } from "../../server/market/events.ts";
import { FacilitationService } from "../../server/market/facilitation-service.ts";
import { MarketService, type Actor } from "../../server/market/service.ts";
import { stillOpen } from "../../server/market/still-open.ts";
import { openTestStore } from "../support/test-store.ts";

const host: Actor = { role: "host" };

describe("one definition of counts, still open and visibility", () => {
  it("gives the same counts in events, summary and export, and the same 'still open' on the wall and in the summary", async () => {
    const store = await openTestStore();
    const service = new MarketService(store);
    const facilitation = new FacilitationService(service);
    const events: MarketEvent[] = [];
    service.subscribe((_id, event) => events.push(event));
    const { market } = await service.createMarket({ title: "One rule" });
    const code = market.code;
    const join = async (name: string) => {
      const { participant } = await service.joinMarket(code, { name, contact: `${name}@example.org`, shareContactWithHost: false });
      return { role: "participant", participantId: participant.id } as const;
    };
    const [ana, bo, cy, dan] = [await join("Ana"), await join("Bo"), await join("Cy"), await join("Dan")];
    await service.changePhase(code, host, { phase: "connecting" });
    const postOf = async (actor: Actor, kind: "offer" | "need", text: string) => (await service.createPost(code, actor, { kind, text })).post;
    const bike = await postOf(ana, "offer", "Bike repair");
    const brakes = await postOf(bo, "need", "Fix my brakes");
    const jam = await postOf(ana, "offer", "Homemade jam");
    const toast = await postOf(cy, "need", "Something for my toast");
    const rude = await postOf(cy, "offer", "Something rude");
    const spam = await postOf(dan, "offer", "Spam");
    await postOf(dan, "need", "More spam");
    const made = await service.requestConnection(code, bo, { offerId: bike.id, needId: brakes.id });
    await service.respondToConnection(code, ana, made.connection.id, "accept");
    await service.requestConnection(code, cy, { offerId: jam.id, needId: toast.id });

    const agree = async () => {
      const lastCounts = [...events].reverse().find((e) => "counts" in e) as { counts: unknown };
      const summary = await service.summary(code);
      expect(lastCounts.counts).toEqual(summary.counts);
      expect((await service.exportFor(code, host)).counts).toEqual(summary.counts);
      expect((await service.snapshot(code, { role: "viewer" })).counts).toEqual(summary.counts);
      return summary.counts;
    };
    expect(await agree()).toEqual({ participants: 4, offers: 4, needs: 3, dreams: 0, connections: 1, pendingConnections: 1 });

    await facilitation.hidePost(code, host, rude.id);
    await facilitation.removeParticipant(code, host, dan.participantId);
    // A later change in the room keeps the hidden and removed out of the count.
    await postOf(bo, "need", "A ladder");
    expect(await agree()).toEqual({ participants: 3, offers: 2, needs: 3, dreams: 0, connections: 1, pendingConnections: 1 });
    await service.leaveMarket(code, cy);
    expect(await agree()).toEqual({ participants: 2, offers: 2, needs: 2, dreams: 0, connections: 1, pendingConnections: 0 });

    // Still open: on the wall, with no accepted connection. The wall and the summary list the same.
    const wall = await service.snapshot(code, { role: "viewer" });
    const onTheWall = stillOpen(wall.posts, wall.connections);
    const printed = await harvestSummary({ market: service } as never, code);
    expect([...onTheWall.offers, ...onTheWall.needs].map((p) => p.id).sort()).toEqual(printed.open.map((p) => p.id).sort());
    expect(printed.open.map((p) => p.text).sort()).toEqual(["A ladder", "Homemade jam"]);
    expect(JSON.stringify(wall.posts)).not.toMatch(/rude|Spam/);
    // The host's export keeps a removed person's hidden posts (the JSON export carries the market),
    // but not as open. (Cy left, so her hidden post is erased.)
    expect((await service.exportFor(code, host)).posts.map((p) => p.id)).toContain(spam.id);
  });
});
