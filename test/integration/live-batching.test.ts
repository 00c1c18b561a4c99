// Batching on the wire: what happens in one server tick reaches every socket as one message, and
// no event is lost, duplicated or reordered on the way.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { call, hostStartsMarket, phoneJoins, setPhase, watch } from "../support/market-api.ts";
import { useServer } from "../support/fixtures.ts";
import { storeUnderTest } from "../support/test-store.ts";
import { HEARTBEAT_EVENT, HEARTBEAT_EVERY_MS } from "../../server/realtime/heartbeat.ts";

const app = useServer();

describe("a burst of posts in one tick", () => {
  it("arrives complete, in seq order, without duplicates or gaps, in fewer messages than events", async () => {
    const market = await hostStartsMarket(app.origin, "Burst");
    const phones = await Promise.all(Array.from({ length: 20 }, (_, i) => phoneJoins(app.origin, market.code, `Person${i}`)));
    const projector = await watch(app.origin, market.code);
    const aPhone = await watch(app.origin, market.code, phones[0]!.token);
    await setPhase(app.origin, market, "sharing");
    await projector.waitFor("phase:changed");

    // Everyone posts at the same moment: 100 posts in flight together.
    const sent = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call(app.origin, "POST", `/api/markets/${market.code}/posts`, {
          token: phones[i % phones.length]!.token,
          body: { kind: i % 2 ? "need" : "offer", text: `Burst card ${i}` },
        }),
      ),
    );
    expect(sent.map((answer) => answer.status)).toEqual(Array(100).fill(201));
    const sentIds = new Set(sent.map((answer) => answer.body.post.id as string));

    for (const screen of [projector, aPhone]) {
      await screen.waitFor("post:created", () => screen.events.filter((e) => e.type === "post:created").length >= 100, 10_000);
      const posts = screen.events.filter((e) => e.type === "post:created");
      expect(posts).toHaveLength(100);
      expect(new Set(posts.map((e) => e.payload.post.id))).toEqual(sentIds);
      // Every event this socket saw since it connected: strictly increasing, no gaps.
      const seqs = screen.events.map((e) => e.payload.seq as number);
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
      // Batches are real: fewer socket messages than events, and each batch is in seq order.
      const batches = screen.frames.filter((f) => f.name === "batch");
      expect(batches.length).toBeGreaterThan(0);
      expect(screen.frames.length).toBeLessThan(screen.events.length);
      for (const batch of batches) {
        expect(batch.payload.events.length).toBeGreaterThan(1);
        for (const event of batch.payload.events) expect(event.type).toEqual(expect.any(String));
      }
      // The counts in the last event tell the whole room.
      expect(posts.at(-1)!.payload.counts).toMatchObject({ offers: 50, needs: 50, participants: 20 });
    }
    projector.close();
    aPhone.close();
  });

  // On PostgreSQL every message first goes to the other nodes (a NOTIFY; one over 8 kB, an INSERT
  // into socket_io_attachments and then a NOTIFY) and only then to this node's own sockets. Here
  // the big ones are held up (that table locked for a moment, as a busy database would): the small
  // message sent after them must still reach the screen after them, never before; and so must the
  // heartbeat this node sends its own sockets, which would otherwise announce seqs still held.
  it.runIf(storeUnderTest === "postgres")("keeps a small message, and the heartbeat, behind a big one that the database holds up, on PostgreSQL", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(app.origin, "Big and small");
    const phones = await Promise.all(Array.from({ length: 10 }, (_, i) => phoneJoins(app.origin, market.code, `Person${i}`)));
    const projector = await watch(app.origin, market.code);
    await setPhase(app.origin, market, "sharing");
    await projector.waitFor("phase:changed");
    // Each beat the projector hears, beside the last seq it had heard in events by then.
    const beats: Array<{ beat: number; heard: number }> = [];
    projector.socket.on(HEARTBEAT_EVENT, (beat) => beats.push({ beat: beat.seq, heard: Math.max(0, ...projector.events.map((e) => e.payload.seq as number)) }));
    const database = new pg.Client({ connectionString: app.server.databaseUrl });
    await database.connect();
    const long = "A long card that fills the whole of its text, ".repeat(7).slice(0, 270);
    const send = (i: number, text: string) => call(app.origin, "POST", `/api/markets/${market.code}/posts`, { token: phones[i % phones.length]!.token, body: { kind: i % 2 ? "need" : "offer", text } });
    let answers: Array<{ status: number }>;
    try {
      await database.query("BEGIN");
      await database.query("LOCK TABLE socket_io_attachments IN ACCESS EXCLUSIVE MODE");
      // Posting goes on while the room's messages wait: every card is stored and answered.
      answers = await Promise.all(Array.from({ length: 60 }, (_, i) => send(i, `${long} ${i}`)));
      answers.push(await send(0, "A short card after the burst"));
      // Held past a heartbeat: the room heard nothing meanwhile, so a beat falls due.
      await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_EVERY_MS + 600));
      await database.query("COMMIT");
    } finally {
      await database.end();
    }
    expect(answers.map((answer) => answer.status)).toEqual(Array(61).fill(201));
    await projector.waitFor("post:created", () => projector.events.filter((e) => e.type === "post:created").length >= 61, 20_000);
    const seqs = projector.events.map((e) => e.payload.seq as number);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    // The burst went out in messages over 8 kB: the lock held something up.
    expect(projector.frames.some((frame) => JSON.stringify(frame.payload).length > 8000)).toBe(true);
    // A beat came after the burst, and none announced a seq the projector had not heard yet.
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_EVERY_MS + 200));
    expect(beats.some(({ beat }) => beat === seqs[seqs.length - 1])).toBe(true);
    expect(beats.filter(({ beat, heard }) => beat > heard)).toEqual([]);
    projector.close();
  });

  it("sends an event alone in its tick as a plain event, as before", async () => {
    const market = await hostStartsMarket(app.origin, "Quiet");
    const projector = await watch(app.origin, market.code);
    const ana = await phoneJoins(app.origin, market.code, "Ana");
    const joined = await projector.waitFor("participant:joined", (p) => p.participant.id === ana.participantId);
    expect(projector.frames).toEqual([{ name: "participant:joined", payload: joined }]);
    expect(joined.counts).toMatchObject({ participants: 1, offers: 0 });
    projector.close();
  });
});
