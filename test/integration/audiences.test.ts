// Requests are private, and the projector gets what it shows: over a real server, real sockets and
// the pages' own loader data. Ana offers, Bo needs, they connect; Cy is a third participant.
import { get } from "node:http";
import { describe, expect, it } from "vitest";
import { call, hostStartsMarket, pageData, phoneJoins, post, setPhase, watch } from "../support/market-api.ts";
import { useServer } from "../support/fixtures.ts";

const app = useServer();

const projectorData = (code: string) => pageData<{ market: any }>(app.origin, `/screen/${code}`, "routes/screen.$code");
/** The phone page's loader data; its room comes as JSON text (the shared snapshot), read back as the page does. */
const phoneData = async (code: string, token: string) => {
  const data = await pageData<{ marketJson: string }>(app.origin, `/m/${code}`, "routes/m.$code", `onm_p_${code}=${token}`);
  return { ...data, market: JSON.parse(data.marketJson) };
};

async function anaAndBoConnect() {
  const market = await hostStartsMarket(app.origin, "Privacy");
  const ana = await phoneJoins(app.origin, market.code, "Ana Lima", "ana-contact@example.org");
  const bo = await phoneJoins(app.origin, market.code, "Bo Berg", "bo-contact@example.org");
  const cy = await phoneJoins(app.origin, market.code, "Cy Chen", "cy-contact@example.org");
  await setPhase(app.origin, market, "connecting");
  const offer = await post(app.origin, market.code, ana, "offer", "Bike repair");
  const need = await post(app.origin, market.code, bo, "need", "Fix my bike");
  const cysNeed = await post(app.origin, market.code, cy, "need", "Help me move house");
  const projector = await watch(app.origin, market.code);
  const cysPhone = await watch(app.origin, market.code, cy.token);
  const asked = await call(app.origin, "POST", `/api/markets/${market.code}/connections`, { token: ana.token, body: { offerId: offer.id, needId: need.id } });
  await call(app.origin, "POST", `/api/markets/${market.code}/connections/${asked.body.connection.id}/accept`, { token: bo.token });
  // A request still pending, between Ana and Cy: for them and the host only.
  const pending = await call(app.origin, "POST", `/api/markets/${market.code}/connections`, { token: ana.token, body: { offerId: offer.id, needId: cysNeed.id } });
  return { market, ana, bo, cy, offer, need, projector, cysPhone, acceptedId: asked.body.connection.id as string, pendingId: pending.body.connection.id as string };
}

describe("who receives what", () => {
  it("sends a third participant no content of a connection between two other people, live or in page data", async () => {
    const { market, bo, cy, cysPhone, projector, acceptedId, pendingId } = await anaAndBoConnect();
    // The next public event: everything before it has arrived.
    await phoneJoins(app.origin, market.code, "Dee");
    await cysPhone.waitFor("participant:joined", (p) => p.participant.name === "Dee");
    const live = JSON.stringify(cysPhone.frames);
    expect(live).not.toContain(acceptedId);
    expect(live).not.toContain("Fix my bike");
    expect(cysPhone.events.filter((e) => e.type === "withheld")).toHaveLength(2);
    // Cy is a side of the pending request, so Cy has it; Bo is not, so Bo does not.
    expect(cysPhone.events.some((e) => e.type === "connection:created" && e.payload.connection.id === pendingId)).toBe(true);
    const cysPage = await phoneData(market.code, cy.token);
    expect(cysPage.market.connections.map((c: { id: string }) => c.id)).toEqual([pendingId]);
    const bosPage = await phoneData(market.code, bo.token);
    expect(bosPage.market.connections.map((c: { id: string }) => c.id)).toEqual([acceptedId]);
    cysPhone.close();
    projector.close();
  });

  it("gives the projector first names and what it shows, and no hidden text through an earlier connection", async () => {
    const { market, need, projector, cysPhone, acceptedId } = await anaAndBoConnect();
    await projector.waitFor("connection:updated", (p) => p.connection.status === "accepted");
    const before = await projectorData(market.code);
    // The accepted connection is on the wall (still open, the harvest), in first names, without who asked.
    expect(before.market.connections).toEqual([expect.objectContaining({ id: acceptedId, offerAuthorName: "Ana", needAuthorName: "Bo", needText: "Fix my bike" })]);
    expect(before.market.connections[0]).not.toHaveProperty("requestedBy");
    expect(before.market.participants.map((p: { name: string }) => p.name).sort()).toEqual(["Ana", "Bo", "Cy"]);
    expect(before.market.posts.map((p: { authorName: string }) => p.authorName).sort()).toEqual(["Ana", "Bo", "Cy"]);

    const hidden = await call(app.origin, "POST", `/api/markets/${market.code}/posts/${need.id}/hide`, { token: market.hostKey });
    expect(hidden.status).toBe(200);
    // Live, the projector lets go of the connection along with the hidden post.
    const removed = await projector.waitFor("post:removed", (p) => p.postId === need.id);
    expect(removed.connectionIds).toEqual([acceptedId]);

    const after = await projectorData(market.code);
    const html = await (await fetch(`${app.origin}/screen/${market.code}`)).text();
    for (const page of [JSON.stringify(after), html]) {
      expect(page).toContain("Bike repair");
      expect(page).not.toContain("Fix my bike");
      expect(page).not.toMatch(/Lima|Berg|Chen|contact@example\.org/);
    }
    expect(after.market.connections).toEqual([]);
    // The projector's socket never carried a surname, a contact or a pending request.
    expect(JSON.stringify(projector.frames)).not.toMatch(/Lima|Berg|Chen|contact@example\.org|"pending"/);
    projector.close();
    cysPhone.close();
  });

  it("keeps an edit of a hidden post between its author and the host", async () => {
    const { market, bo, need, projector, cysPhone } = await anaAndBoConnect();
    const hostScreen = await watch(app.origin, market.code, market.hostKey);
    const bosPhone = await watch(app.origin, market.code, bo.token);
    await call(app.origin, "POST", `/api/markets/${market.code}/posts/${need.id}/hide`, { token: market.hostKey });
    const edited = await call(app.origin, "PATCH", `/api/markets/${market.code}/posts/${need.id}`, { token: bo.token, body: { text: "Still my bike, edited" } });
    expect(edited.status).toBe(200);
    await bosPhone.waitFor("post:updated", (p) => p.post.text === "Still my bike, edited");
    await hostScreen.waitFor("post:updated", (p) => p.post.text === "Still my bike, edited");
    await phoneJoins(app.origin, market.code, "Dee");
    for (const screen of [projector, cysPhone]) {
      await screen.waitFor("participant:joined", (p) => p.participant.name === "Dee");
      expect(JSON.stringify(screen.frames)).not.toContain("Still my bike");
    }
    for (const screen of [projector, cysPhone, hostScreen, bosPhone]) screen.close();
  });

  it("gives a screen catching up over the API what its page gives, however many screens asked before and whatever changed since", async () => {
    const { market, ana, bo, cy, offer, need, projector, cysPhone } = await anaAndBoConnect();
    // The room's part of a snapshot is built once and shared by every screen of an audience: each
    // answer below follows the one change before it, never an earlier screen's copy.
    const room = async (token?: string) => {
      const answer = await call(app.origin, "GET", `/api/markets/${market.code}/snapshot`, { token });
      expect(answer.status).toBe(200);
      return { participants: answer.body.participants, posts: answer.body.posts, seq: answer.body.seq };
    };
    const sameAsPages = async () => {
      const pages = { projector: await projectorData(market.code), bo: await phoneData(market.code, bo.token), cy: await phoneData(market.code, cy.token) };
      for (const [answer, page] of [
        [await room(), pages.projector],
        [await room(bo.token), pages.bo],
        [await room(cy.token), pages.cy],
      ] as const) {
        expect(answer.participants).toEqual(page.market.participants);
        expect(answer.posts).toEqual(page.market.posts);
        expect(answer.seq).toBe(page.market.seq);
      }
    };
    await sameAsPages();
    const texts = async (token?: string) => (await room(token)).posts.map((p: { text: string }) => p.text).sort();
    expect(await texts()).toEqual(["Bike repair", "Fix my bike", "Help me move house"]);

    // Hidden and then edited: its author alone still has it.
    await call(app.origin, "POST", `/api/markets/${market.code}/posts/${need.id}/hide`, { token: market.hostKey });
    await call(app.origin, "PATCH", `/api/markets/${market.code}/posts/${need.id}`, { token: bo.token, body: { text: "Still my bike, edited" } });
    expect(await texts(bo.token)).toEqual(["Bike repair", "Help me move house", "Still my bike, edited"]);
    expect(await texts(cy.token)).toEqual(["Bike repair", "Help me move house"]);
    expect(await texts()).toEqual(["Bike repair", "Help me move house"]);
    await sameAsPages();

    // An edit on the wall reaches every screen's next snapshot, and so does someone new.
    const edited = await call(app.origin, "PATCH", `/api/markets/${market.code}/posts/${offer.id}`, { token: ana.token, body: { text: "Bike repair, Saturdays" } });
    expect(edited.status).toBe(200);
    expect(await texts(cy.token)).toEqual(["Bike repair, Saturdays", "Help me move house"]);
    expect(await texts()).toEqual(["Bike repair, Saturdays", "Help me move house"]);
    await phoneJoins(app.origin, market.code, "Dee Dunn");
    expect((await room()).participants.map((p: { name: string }) => p.name).sort()).toEqual(["Ana", "Bo", "Cy", "Dee"]);
    expect((await room(cy.token)).participants.map((p: { name: string }) => p.name).sort()).toEqual(["Ana Lima", "Bo Berg", "Cy Chen", "Dee Dunn"]);
    await sameAsPages();
    // A client that takes no gzip gets the same JSON, plain.
    const plain = await new Promise<{ encoding?: string; body: string }>((resolve, reject) => {
      get(`${app.origin}/api/markets/${market.code}/snapshot`, { headers: { authorization: `Bearer ${cy.token}` } }, (response) => {
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ encoding: response.headers["content-encoding"], body }));
      }).on("error", reject);
    });
    expect(plain.encoding).toBeUndefined();
    const { serverNow: _plainNow, ...plainRest } = JSON.parse(plain.body);
    const { serverNow: _gzipNow, ...gzipRest } = (await call(app.origin, "GET", `/api/markets/${market.code}/snapshot`, { token: cy.token })).body;
    expect(plainRest).toEqual(gzipRest);
    projector.close();
    cysPhone.close();
  });

  it("holds, in every snapshot taken while posts are being written, every post up to the snapshot's seq", { timeout: 60_000 }, async () => {
    // A screen skips the live events its snapshot's seq covers: a snapshot whose seq is ahead of
    // its posts would lose a post on that screen for good.
    const market = await hostStartsMarket(app.origin, "Busy wall");
    const phones = await Promise.all(Array.from({ length: 8 }, (_, i) => phoneJoins(app.origin, market.code, `Person ${i}`)));
    await setPhase(app.origin, market, "connecting");
    const projector = await watch(app.origin, market.code);
    let writing = true;
    const snapshots: Array<{ seq: number; posts: Array<{ id: string }> }> = [];
    const reader = async (token?: string) => {
      while (writing) snapshots.push((await call(app.origin, "GET", `/api/markets/${market.code}/snapshot`, { token })).body);
    };
    const reading = Promise.all([reader(), reader(phones[0]!.token), reader(phones[1]!.token)]);
    await Promise.all(phones.map(async (phone, i) => {
      for (let k = 0; k < 15; k++) await post(app.origin, market.code, phone, k % 2 ? "need" : "offer", `Card ${i}-${k}`);
    }));
    writing = false;
    await reading;
    await expect.poll(() => projector.events.filter((e) => e.type === "post:created").length).toBe(120);
    const createdAt = new Map(projector.events.filter((e) => e.type === "post:created").map((e) => [e.payload.post.id as string, e.payload.seq as number]));
    expect(snapshots.length).toBeGreaterThan(30);
    for (const snapshot of snapshots) {
      const held = new Set(snapshot.posts.map((p) => p.id));
      const missing = [...createdAt].filter(([id, seq]) => seq <= snapshot.seq && !held.has(id));
      expect(missing, `snapshot at seq ${snapshot.seq}`).toEqual([]);
    }
    projector.close();
  });
});
