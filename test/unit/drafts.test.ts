// Cards written for later, through the service over the real store under test: a discarded draft
// is gone for good, also for a process started again on the same data.
import { describe, expect, it } from "vitest";
import { FacilitationService } from "../../server/market/facilitation-service.ts";
import { MarketService, type Actor } from "../../server/market/service.ts";
import { newStorePlace } from "../support/test-store.ts";

describe("drafts", () => {
  it("keeps a saved draft and forgets a discarded one, across a restart of the store", async () => {
    const place = await newStorePlace();
    const service = new MarketService(await place.open());
    const { market } = await service.createMarket({ title: "Drafts" });
    const { participant } = await service.joinMarket(market.code, { name: "Bo", contact: "bo@example.org", shareContactWithHost: false });
    const bo: Actor = { role: "participant", participantId: participant.id };
    const drafts = new FacilitationService(service).drafts;
    const kept = await drafts.save(market.code, bo, { kind: "offer", text: "Sourdough starter" });
    const dropped = await drafts.save(market.code, bo, { kind: "need", text: "A bread tin" });
    await drafts.discard(market.code, bo, dropped.draft!.id);
    await drafts.discard(market.code, bo, dropped.draft!.id); // a second tab: already gone, no error

    expect(kept.draft).toBeDefined();
    const reopened = new FacilitationService(new MarketService(await place.open())).drafts;
    expect((await reopened.of(market.code, bo)).map((d) => d.text)).toEqual([kept.draft!.text]);
  });
});
