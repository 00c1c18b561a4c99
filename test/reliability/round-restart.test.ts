// A sharing turn's time-up survives a server restart: the store keeps the round, and the restarted
// server sets its timer again for what is left of the turn (or marks it at once if the turn ran out
// while the server was down). Real server processes on the same data folder, real sockets.
import { describe, expect, it } from "vitest";
import { call, hostStartsMarket, phoneJoins, setPhase, watch, type StartedMarket } from "../support/market-api.ts";
import { editMarketOnDisk, marketOnDisk } from "../support/market-files.ts";
import { startServer, type TestServer } from "../support/server.ts";

async function marketWithARunningRound(seconds: number) {
  const server = await startServer();
  const market = await hostStartsMarket(server.origin, "Restart round");
  const ana = await phoneJoins(server.origin, market.code, "Ana");
  await phoneJoins(server.origin, market.code, "Bo");
  await setPhase(server.origin, market, "sharing");
  const started = await call(server.origin, "POST", `/api/markets/${market.code}/round`, { token: market.hostKey, body: { action: "start", focus: "both", seconds } });
  expect(started.status).toBe(200);
  return { server, market, ana, round: started.body.round as { id: string; speakerId: string; clock: { deadline: number } } };
}

// The market's snapshot and journal, read as the server reads them.
const storedRound = async (server: TestServer, market: StartedMarket) => (await marketOnDisk(server.dataDir, market.id))!.round!;

describe("a sharing round across a server restart", () => {
  it("still times up: the restarted server fires the turn's time-up on its own and every socket hears it", { timeout: 60_000 }, async () => {
    const { server: first, market, ana, round } = await marketWithARunningRound(10);
    await first.kill();

    const second = await startServer({ dataDir: first.dataDir });
    try {
      const projector = await watch(second.origin, market.code);
      const phone = await watch(second.origin, market.code, ana.token);
      const up = await projector.waitFor("round:changed", (p) => p.round?.timeUpAt !== undefined, 15_000);
      expect(up.round).toMatchObject({ id: round.id, speakerId: ana.participantId, status: "running" });
      expect(up.round.clock.deadline).toBe(round.clock.deadline);
      expect(up.round.timeUpAt).toBeGreaterThanOrEqual(round.clock.deadline);
      expect((await phone.waitFor("round:changed", (p) => p.round?.timeUpAt !== undefined)).round.timeUpAt).toBe(up.round.timeUpAt);
      projector.close();
      phone.close();
      // It is durable like any change: on disk before it was published.
      expect((await storedRound(second, market)).timeUpAt).toBe(up.round.timeUpAt);
    } finally {
      await second.stop();
    }
  });

  it("marks a turn whose time ran out while the server was down before the restarted server answers anyone", { timeout: 60_000 }, async () => {
    const { server: first, market, round } = await marketWithARunningRound(60);
    await first.kill();
    // As if the server had stayed down for two minutes: the turn's deadline is in the past.
    const deadline = Date.now() - 60_000;
    await editMarketOnDisk(first.dataDir, market.id, (stored) => {
      stored.round!.clock.deadline = deadline;
    });

    const second = await startServer({ dataDir: first.dataDir });
    try {
      // Listening means the time-up is already on disk: no snapshot is served without it.
      const marked = await storedRound(second, market);
      expect(marked).toMatchObject({ id: round.id, status: "running" });
      expect(marked.timeUpAt).toBeGreaterThanOrEqual(deadline);
      // And the round carries on: the host's next person gets a fresh turn with its own timer.
      const projector = await watch(second.origin, market.code);
      const next = await call(second.origin, "POST", `/api/markets/${market.code}/round`, { token: market.hostKey, body: { action: "next" } });
      expect(next.status).toBe(200);
      const turn = await projector.waitFor("round:changed", (p) => p.round?.speakerId !== round.speakerId);
      expect(turn.round.timeUpAt).toBeUndefined();
      expect(turn.round.clock.deadline - turn.serverNow).toBe(60_000);
      projector.close();
    } finally {
      await second.stop();
    }
  });
});
