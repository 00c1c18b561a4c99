// Who may do what: every API route and the socket handshake, as each role; only the right roles
// succeed, and a refused change leaves the market exactly as it was. Secrets never reach the
// projector or a phone; cookies are httpOnly and SameSite; another site cannot post our forms.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MarketEventType } from "../../server/market/events.ts";
import { call, hostStartsMarket, phoneJoins, post, setPhase, socketRefusal, watch, type Phone, type StartedMarket, type Watcher } from "../support/market-api.ts";
import { bigExport } from "../support/big-export.ts";
import { startServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let origin: string;
beforeAll(async () => {
  // Every case seats its own people from this one address, faster than a hall joins: the pace of
  // joins per address is tested in venue-abuse.test.ts, not here.
  server = await startServer({ env: { LIMIT_MARKETS_PER_HOUR_PER_ADDRESS: "10000", LIMIT_JOINS_PER_SECOND_PER_ADDRESS: "100000", LIMIT_JOIN_BURST_PER_ADDRESS: "100000" } });
  origin = server.origin;
});
afterAll(() => server?.stop());

const ROLES = ["stranger", "participant of another market", "participant", "author", "other participant", "host of another market", "host"] as const;
type Role = (typeof ROLES)[number];

/** A market in full swing: Ana offered, Bo needs, Ana asked to connect; Cy only looks. */
async function marketInSwing() {
  const market = await hostStartsMarket(origin, "Authority");
  const elsewhere = await hostStartsMarket(origin, "Elsewhere");
  const [ana, bo, cy, zed] = await Promise.all([
    phoneJoins(origin, market.code, "Ana"),
    phoneJoins(origin, market.code, "Bo"),
    phoneJoins(origin, market.code, "Cy"),
    phoneJoins(origin, elsewhere.code, "Zed"),
  ]);
  await setPhase(origin, market, "connecting");
  const offer = await post(origin, market.code, ana, "offer", "Bike repair");
  const need = await post(origin, market.code, bo, "need", "Fix my bike");
  const secondNeed = await post(origin, market.code, bo, "need", "Pump my tyres");
  const asked = await call(origin, "POST", `/api/markets/${market.code}/connections`, { token: ana.token, body: { offerId: offer.id, needId: need.id } });
  const tokens: Record<Role, string | undefined> = {
    stranger: undefined,
    "participant of another market": zed.token,
    participant: cy.token,
    author: ana.token,
    "other participant": bo.token,
    "host of another market": elsewhere.hostKey,
    host: market.hostKey,
  };
  return { market, offer, need, secondNeed, connectionId: asked.body.connection.id as string, tokens, ana: ana as Phone };
}

type Fixture = Awaited<ReturnType<typeof marketInSwing>>;
interface RouteCase {
  name: string;
  method: string;
  path: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  expect: Record<Role, number>;
}

const S = 401; // a secret that is not valid here
const all = (status: number): Record<Role, number> => Object.fromEntries(ROLES.map((r) => [r, status])) as Record<Role, number>;
const only = (ok: number, refused: Partial<Record<Role, number>>): Record<Role, number> => ({ ...all(ok), ...refused });

const ROUTES: RouteCase[] = [
  { name: "market summary", method: "GET", path: (f) => `/api/markets/${f.market.code}`, expect: all(200) },
  {
    name: "join",
    method: "POST",
    path: (f) => `/api/markets/${f.market.code}/participants`,
    body: () => ({ name: "New", contact: "new@example.org" }),
    expect: all(201),
  },
  {
    name: "list posts",
    method: "GET",
    path: (f) => `/api/markets/${f.market.code}/posts`,
    expect: only(200, { stranger: 401, "participant of another market": S, "host of another market": S }),
  },
  {
    name: "create post",
    method: "POST",
    path: (f) => `/api/markets/${f.market.code}/posts`,
    body: () => ({ kind: "offer", text: "Soup" }),
    expect: only(201, { stranger: 401, "participant of another market": S, "host of another market": S, host: 403 }),
  },
  ...(["PATCH", "DELETE"] as const).map(
    (method): RouteCase => ({
      name: `${method === "PATCH" ? "edit" : "remove"} a post`,
      method,
      path: (f) => `/api/markets/${f.market.code}/posts/${f.offer.id}`,
      body: method === "PATCH" ? () => ({ text: "Changed" }) : undefined,
      expect: only(200, { stranger: 401, "participant of another market": S, "host of another market": S, participant: 403, "other participant": 403 }),
    }),
  ),
  {
    name: "ask to connect",
    method: "POST",
    path: (f) => `/api/markets/${f.market.code}/connections`,
    body: (f) => ({ offerId: f.offer.id, needId: f.secondNeed.id }),
    // A third participant may propose it too ("I know who could help"); both authors then answer.
    expect: only(201, { stranger: 401, "participant of another market": S, "host of another market": S }),
  },
  ...(["accept", "decline"] as const).map(
    (answer): RouteCase => ({
      name: `${answer} a connection`,
      method: "POST",
      path: (f) => `/api/markets/${f.market.code}/connections/${f.connectionId}/${answer}`,
      expect: only(200, { stranger: 401, "participant of another market": S, "host of another market": S, participant: 403, host: 403 }),
    }),
  ),
  {
    name: "change phase",
    method: "POST",
    path: (f) => `/api/markets/${f.market.code}/phase`,
    body: () => ({ phase: "closed" }),
    expect: only(403, { "participant of another market": S, "host of another market": S, host: 200 }),
  },
  {
    name: "projector category",
    method: "POST",
    path: (f) => `/api/markets/${f.market.code}/projector-category`,
    body: () => ({ category: "space" }),
    expect: only(403, { "participant of another market": S, "host of another market": S, host: 200 }),
  },
  {
    name: "follow-ups",
    method: "GET",
    path: (f) => `/api/markets/${f.market.code}/follow-ups`,
    expect: only(200, { stranger: 401, "participant of another market": S, "host of another market": S, host: 403 }),
  },
  ...(["follow-ups.txt", "follow-ups.vcf"] as const).map(
    (file): RouteCase => ({
      name: `download ${file}`,
      method: "GET",
      path: (f) => `/api/markets/${f.market.code}/${file}`,
      expect: only(200, { stranger: 401, "participant of another market": S, "host of another market": S, host: 403 }),
    }),
  ),
  ...(["export.csv", "export-posts.csv", "export.json", "export.vcf", "export.xlsx", "moderation", "capacity", "room-tools/burst-joiners", "room-tools/fastest-posters"] as const).map(
    (file): RouteCase => ({
      name: `host's ${file}`,
      method: "GET",
      path: (f) => `/api/markets/${f.market.code}/${file}`,
      expect: only(403, { "participant of another market": S, "host of another market": S, host: 200 }),
    }),
  ),
  {
    name: "a person's posts (room tools preview)",
    method: "GET",
    path: (f) => `/api/markets/${f.market.code}/room-tools/posts-of/${f.ana.participantId}`,
    expect: only(403, { "participant of another market": S, "host of another market": S, host: 200 }),
  },
  {
    name: "hide a person's posts (room tools)",
    method: "POST",
    path: (f) => `/api/markets/${f.market.code}/room-tools/posts-of/${f.ana.participantId}/hide`,
    body: (f) => ({ postIds: [f.offer.id] }),
    expect: only(403, { "participant of another market": S, "host of another market": S, host: 200 }),
  },
  {
    name: "remove a burst of joiners (room tools)",
    method: "POST",
    path: (f) => `/api/markets/${f.market.code}/room-tools/burst-joiners/remove`,
    body: (f) => ({ participantIds: [f.ana.participantId] }),
    expect: only(403, { "participant of another market": S, "host of another market": S, host: 200 }),
  },
  {
    name: "set the market's cap",
    method: "PUT",
    path: (f) => `/api/markets/${f.market.code}/capacity`,
    body: () => ({ expected: 30 }),
    expect: only(403, { "participant of another market": S, "host of another market": S, host: 200 }),
  },
  {
    name: "what a reset would remove (preview)",
    method: "GET",
    path: (f) => `/api/markets/${f.market.code}/reset`,
    expect: only(403, { "participant of another market": S, "host of another market": S, host: 200 }),
  },
  // A market in full swing is not a rehearsal: even its host cannot reset it, nor start rehearsing.
  {
    name: "reset to empty",
    method: "POST",
    path: (f) => `/api/markets/${f.market.code}/reset`,
    body: () => ({ confirm: true }),
    expect: only(403, { "participant of another market": S, "host of another market": S, host: 409 }),
  },
  {
    name: "start a rehearsal",
    method: "POST",
    path: (f) => `/api/markets/${f.market.code}/rehearsal`,
    body: () => ({ on: true }),
    expect: only(403, { "participant of another market": S, "host of another market": S, host: 409 }),
  },
  {
    name: "suggestions",
    method: "GET",
    path: (f) => `/api/markets/${f.market.code}/suggestions`,
    expect: only(200, { stranger: 401, "participant of another market": S, "host of another market": S }),
  },
  {
    name: "leave and erase",
    method: "DELETE",
    path: (f) => `/api/markets/${f.market.code}/participants/me`,
    expect: only(200, { stranger: 401, "participant of another market": S, "host of another market": S, host: 403 }),
  },
  {
    // Anyone may restore a market, as anyone may start one (counted against the same limit).
    name: "import a market",
    method: "POST",
    path: () => `/api/markets/import`,
    body: () => bigExport(2, 2),
    expect: all(201),
  },
];

const TABLE = ROUTES.flatMap((route) => ROLES.map((role) => [route.name, role, route.expect[role], route] as const));

/** Everything the host can see of the market, to show a refused change changed nothing. */
async function stateOf(f: Fixture) {
  const exported = await call(origin, "GET", `/api/markets/${f.market.code}/export.json`, { token: f.tokens.host });
  const { exportedAt: _moment, ...state } = exported.body;
  return state;
}

describe("every API route as every role", () => {
  // Each case builds its own market, so they run side by side (the file was the slowest of the suite).
  it.concurrent.each(TABLE)("%s as %s answers %i", async (_name, role, status, route) => {
    const f = await marketInSwing();
    const before = await stateOf(f);
    const answer = await call(origin, route.method, route.path(f), { token: f.tokens[role], body: route.body?.(f) });
    expect(answer.status).toBe(status);
    if (status >= 400) {
      expect(answer.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      expect(await stateOf(f)).toEqual(before);
    }
  });

  it("lets the socket handshake in as viewer, participant or host, and refuses a secret from another market", async () => {
    const f = await marketInSwing();
    for (const role of ROLES) {
      const token = f.tokens[role];
      if (role === "participant of another market" || role === "host of another market") {
        expect(await socketRefusal(origin, { code: f.market.code, token })).toMatch(/not valid/);
      } else {
        const watcher = await watch(origin, f.market.code, token);
        expect(watcher.socket.connected).toBe(true);
        watcher.close();
      }
    }
  });
});

// The host's pages (the console, the printable summary, the helper desk and its print-out) read
// who the browser is from its cookies: every role's cookie, and only the host's opens them.
const HOST_PAGES: Array<[string, (f: Fixture) => string]> = [
  ["host console", (f) => `/host/${f.market.id}`],
  ["printable summary", (f) => `/host/${f.market.id}/summary`],
  ["helper desk", (f) => `/desk/${f.market.code}`],
  ["helper desk print-out", (f) => `/desk/${f.market.code}/print`],
];

describe("every host page as every role", () => {
  it.each(HOST_PAGES)("the %s opens for the host only", async (_name, path) => {
    const f = await marketInSwing();
    for (const role of ROLES) {
      const secret = f.tokens[role];
      // A participant's token in their own cookie; a key or token presented as this market's host cookie.
      const cookie = !secret ? "" : role === "participant" || role === "author" || role === "other participant" ? `onm_p_${f.market.code}=${secret}` : `onm_h_${f.market.code}=${secret}`;
      const response = await fetch(`${origin}${path(f)}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
      const page = await response.text();
      expect(response.status, role).toBe(role === "host" ? 200 : 403);
      if (role !== "host") expect(page, role).not.toContain("Bike repair");
    }
  });
});

// What a third participant (in the market, a side of no connection) and the projector receive of
// each live event type: the event itself, or its seq alone ("withheld": another pair's connection
// request is not theirs to see). A type missing here fails the typecheck.
const WHO_SEES = {
  "participant:joined": { third: "event", projector: "event" },
  "post:created": { third: "event", projector: "event" },
  "post:updated": { third: "event", projector: "event" },
  "post:removed": { third: "event", projector: "event" },
  "connection:created": { third: "withheld", projector: "withheld" },
  // An accepted connection is what the projector shows (the still-open read-out and the harvest).
  "connection:updated": { third: "withheld", projector: "event" },
  "phase:changed": { third: "event", projector: "event" },
  "market:closed": { third: "event", projector: "event" },
  "participant:left": { third: "event", projector: "event" },
  "market:deleted": { third: "event", projector: "event" },
  "market:reset": { third: "event", projector: "event" },
  "round:changed": { third: "event", projector: "event" },
  "facilitation:changed": { third: "event", projector: "event" },
  "participant:removed": { third: "event", projector: "event" },
  // Who gathered around a dream is for its author, the people who gathered and the host.
  "circle:updated": { third: "withheld", projector: "withheld" },
} satisfies Record<MarketEventType, Record<"third" | "projector", "event" | "withheld">>;

describe("every live event type as a third participant, the projector and another market", () => {
  /** A whole market's life, every event type in it, watched from every seat. */
  async function everyEventWatched() {
    const market = await hostStartsMarket(origin, "Audiences");
    const elsewhere = await hostStartsMarket(origin, "Elsewhere");
    // The story is a rehearsal, so that it can end with a reset (market:reset) before the delete.
    expect((await call(origin, "POST", `/api/markets/${market.code}/rehearsal`, { token: market.hostKey, body: { on: true } })).status).toBe(200);
    const [ana, bo, cy, zed] = await Promise.all([
      phoneJoins(origin, market.code, "Ana Lima", "ana@example.org"),
      phoneJoins(origin, market.code, "Bo Berg", "bo@example.org"),
      phoneJoins(origin, market.code, "Cy Chen", "cy@example.org"),
      phoneJoins(origin, elsewhere.code, "Zed Zorn", "zed@example.org"),
    ]);
    const seats = {
      host: await watch(origin, market.code, market.hostKey),
      ana: await watch(origin, market.code, ana.token),
      bo: await watch(origin, market.code, bo.token),
      third: await watch(origin, market.code, cy.token),
      projector: await watch(origin, market.code),
      otherMarketPhone: await watch(origin, elsewhere.code, zed.token),
      otherMarketProjector: await watch(origin, elsewhere.code),
    };
    const host = { token: market.hostKey };
    const ok = async (method: string, path: string, options: { token?: string; body?: unknown }) => {
      const answer = await call(origin, method, `/api/markets/${market.code}${path}`, options);
      expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
      return answer.body;
    };
    const dee = await phoneJoins(origin, market.code, "Dee Dunn", "dee@example.org");
    const eve = await phoneJoins(origin, market.code, "Eve Egan", "eve@example.org");
    await setPhase(origin, market, "sharing");
    const offer = await post(origin, market.code, ana, "offer", "Bike repair");
    const need = await post(origin, market.code, bo, "need", "Fix my bike");
    const tent = await post(origin, market.code, dee, "offer", "A spare tent");
    const soup = await post(origin, market.code, eve, "need", "Soup for a week");
    const rude = await post(origin, market.code, cy, "offer", "Something rude");
    await ok("POST", "/agenda", { ...host, body: { action: "open-dreams", open: true } });
    const dream = await post(origin, market.code, ana, "dream", "A repair café");
    await ok("PATCH", `/posts/${offer.id}`, { token: ana.token, body: { text: "Bike repair and tuning" } });
    await ok("POST", "/round", { ...host, body: { action: "start", focus: "offer", seconds: 10 } });
    await ok("POST", "/round", { ...host, body: { action: "end" } });
    await ok("POST", "/projector-category", { ...host, body: { category: "space" } });
    await setPhase(origin, market, "connecting");
    const asked = await ok("POST", "/connections", { token: ana.token, body: { offerId: offer.id, needId: need.id } });
    await ok("POST", `/connections/${asked.connection.id}/accept`, { token: bo.token });
    await ok("POST", `/dreams/${dream.id}/gather`, { token: bo.token, body: { way: "in" } });
    await ok("POST", `/dreams/${dream.id}/gather`, { token: eve.token, body: { way: "need", text: "A place to fix my radio" } });
    await ok("POST", `/dreams/${dream.id}/accept/${bo.participantId}`, { token: ana.token });
    const deeAsked = await ok("POST", "/connections", { token: dee.token, body: { offerId: tent.id, needId: soup.id } });
    await ok("DELETE", "/participants/me", { token: dee.token });
    await ok("POST", `/posts/${rude.id}/hide`, host);
    await ok("DELETE", `/posts/${rude.id}`, { token: cy.token });
    await ok("DELETE", `/participants/${eve.participantId}`, host);
    await setPhase(origin, market, "closed");
    await ok("POST", "/reset", { ...host, body: { confirm: true } });
    await ok("DELETE", "", host);
    for (const seat of Object.values(seats).slice(0, 5)) await seat.waitFor("market:deleted");
    return { seats, connectionIds: [asked.connection.id as string, deeAsked.connection.id as string] };
  }

  let watched: Awaited<ReturnType<typeof everyEventWatched>>;
  beforeAll(async () => {
    watched = await everyEventWatched();
  });
  afterAll(() => {
    for (const seat of Object.values(watched?.seats ?? {})) seat.close();
  });

  /** The seat's events by seq (each seq once). */
  const bySeq = (seat: Watcher) => new Map(seat.events.map((e) => [e.payload.seq as number, e]));

  it("holds every type of event in the story, and every seat in the market gets every seq, with no gap", () => {
    const { host, ...others } = watched.seats;
    const types = new Set(host.events.map((e) => e.type));
    expect([...types].sort()).toEqual(Object.keys(WHO_SEES).sort());
    const seqs = host.events.map((e) => e.payload.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
    for (const seat of [others.ana, others.bo, others.third, others.projector]) {
      expect(seat.events.map((e) => e.payload.seq)).toEqual(seqs);
    }
  });

  it.each(Object.entries(WHO_SEES))("%s reaches the third participant and the projector as %o", (type, expected) => {
    const { host, third, projector } = watched.seats;
    const published = host.events.filter((e) => e.type === type);
    expect(published.length).toBeGreaterThan(0);
    for (const [seat, seen] of [
      [third, expected.third],
      [projector, expected.projector],
    ] as const) {
      const received = bySeq(seat);
      for (const event of published) {
        const got = received.get(event.payload.seq)!;
        if (seen === "withheld") expect(got).toEqual({ type: "withheld", payload: { seq: event.payload.seq } });
        else expect(got.type).toBe(type);
      }
    }
  });

  it("gives each side of a connection its request, and nobody else's", () => {
    const { ana, bo, third, projector } = watched.seats;
    const [anaAndBo, deeAndEve] = watched.connectionIds;
    const connectionsSeen = (seat: Watcher) => new Set(seat.events.filter((e) => e.type.startsWith("connection:")).map((e) => e.payload.connection.id));
    expect([...connectionsSeen(ana)]).toEqual([anaAndBo]);
    expect([...connectionsSeen(bo)]).toEqual([anaAndBo]);
    expect(connectionsSeen(third).size).toBe(0);
    for (const seat of [ana, bo, third, projector]) expect(JSON.stringify(seat.events)).not.toContain(deeAndEve);
    // Who asked is for the sides and the host only.
    for (const seat of [third, projector]) expect(JSON.stringify(seat.events)).not.toMatch(/requestedBy|acceptedBy/);
  });

  it("gives a dream's circle to its author and the host whole, to each person who gathered their own entry, and to nobody else", () => {
    const { host, ana, bo, third, projector } = watched.seats;
    const circles = (seat: Watcher) => seat.events.filter((e) => e.type === "circle:updated").map((e) => e.payload.circle as { people: Array<{ name: string; status: string }> });
    const names = (seat: Watcher) => circles(seat).map((c) => c.people.map((p) => `${p.name} ${p.status}`));
    // Bo gathers, Eve gathers with a need, Ana accepts Bo, Eve is removed by the host.
    expect(names(host)).toEqual([["Bo Berg pending"], ["Bo Berg pending", "Eve Egan pending"], ["Bo Berg accepted", "Eve Egan pending"], ["Bo Berg accepted"]]);
    expect(names(ana)).toEqual(names(host));
    expect(names(bo)).toEqual([["Bo Berg pending"], ["Bo Berg pending"], ["Bo Berg accepted"], ["Bo Berg accepted"]]);
    for (const seat of [third, projector]) expect(circles(seat)).toEqual([]);
  });

  it("shows the projector first names only, and never a contact", () => {
    const frames = JSON.stringify(watched.seats.projector.frames);
    expect(frames).toContain("Ana");
    expect(frames).not.toMatch(/Lima|Berg|Chen|Dunn|Egan/);
    expect(frames).not.toMatch(/@example\.org/);
  });

  it("sends another market's phone and projector nothing of this market", () => {
    for (const seat of [watched.seats.otherMarketPhone, watched.seats.otherMarketProjector]) expect(seat.frames).toEqual([]);
  });
});

describe("secrets stay where they belong", () => {
  let market: StartedMarket;
  let ana: Phone;
  beforeAll(async () => {
    market = await hostStartsMarket(origin, "Secrets");
    ana = await phoneJoins(origin, market.code, "Ana", "ana-secret@example.org");
    await setPhase(origin, market, "sharing");
  });

  it("never puts the host key, tokens or contacts in the projector, join or phone pages, or socket payloads", async () => {
    const projector = await watch(origin, market.code);
    const phone = await watch(origin, market.code, ana.token);
    await post(origin, market.code, ana, "offer", "Sourdough starter");
    await phoneJoins(origin, market.code, "Bo", "bo-secret@example.org");
    await projector.waitFor("participant:joined", (p) => p.participant.name === "Bo");
    await phone.waitFor("participant:joined", (p) => p.participant.name === "Bo");
    const cookie = `onm_p_${market.code}=${ana.token}`;
    const pages = await Promise.all(
      [`/screen/${market.code}`, `/join/${market.code}`, `/m/${market.code}`].map(async (path) => {
        const response = await fetch(`${origin}${path}`, { headers: path.startsWith("/m/") ? { cookie } : {} });
        expect(response.status).toBe(200);
        return response.text();
      }),
    );
    const everything = [...pages, JSON.stringify(projector.events), JSON.stringify(phone.events)].join("\n");
    expect(everything).toContain("Sourdough starter");
    expect(everything).not.toContain(market.hostKey);
    expect(everything).not.toMatch(/hostKeyHash|tokenHash|secret@example\.org/);
    // The phone page knows its own participant but never echoes the token.
    expect(pages[2]).not.toContain(ana.token);
    projector.close();
    phone.close();
  });

  it("sets the participant cookie httpOnly and SameSite=Lax when joining by the form", async () => {
    const response = await fetch(`${origin}/join/${market.code}`, {
      method: "POST",
      body: new URLSearchParams({ name: "Cookie", contact: "c@example.org" }),
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(new RegExp(`^onm_p_${market.code}=`));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
  });

  it("refuses forms and API changes posted from another site, and nobody joins", async () => {
    const before = (await call(origin, "GET", `/api/markets/${market.code}`)).body.counts.participants;
    const foreign = { origin: "https://evil.example" };
    const form = () => new URLSearchParams({ name: "Mallory", contact: "m@evil.example" });
    const document = await fetch(`${origin}/join/${market.code}`, { method: "POST", headers: foreign, body: form(), redirect: "manual" });
    const dataRequest = await fetch(`${origin}/join/${market.code}.data`, { method: "POST", headers: foreign, body: form(), redirect: "manual" });
    const api = await fetch(`${origin}/api/markets/${market.code}/posts`, {
      method: "POST",
      headers: { ...foreign, cookie: `onm_p_${market.code}=${ana.token}`, "content-type": "text/plain" },
      body: JSON.stringify({ kind: "offer", text: "Forged" }),
    });
    expect([document.status, dataRequest.status, api.status]).toEqual([403, 403, 403]);
    expect((await api.json()).error.code).toBe("cross_site");
    expect((await call(origin, "GET", `/api/markets/${market.code}`)).body.counts.participants).toBe(before);
    // The same form from our own origin goes through.
    const own = await fetch(`${origin}/join/${market.code}`, { method: "POST", headers: { origin }, body: form(), redirect: "manual" });
    expect(own.status).toBe(302);
  });

  it("answers the API with a CSP that allows nothing, no sniffing and no framing, on every answer alike", async () => {
    for (const path of [`/api/markets/${market.code}`, `/api/markets/${market.code}/export.csv`, "/api/nothing-here"]) {
      const response = await fetch(`${origin}${path}`);
      expect(response.headers.get("content-security-policy"), path).toBe("default-src 'none';frame-ancestors 'none'");
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect(response.headers.get("referrer-policy"), path).toBe("same-origin");
      expect(response.headers.get("x-powered-by"), path).toBeNull();
    }
  });

  it("sends a CSP whose nonce is on every inline script, and forbids framing", async () => {
    const response = await fetch(`${origin}/screen/${market.code}`);
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toMatch(/script-src 'self' 'nonce-/);
    expect(csp).not.toMatch(/unsafe-eval/);
    // Inline code never runs: 'unsafe-inline' is allowed for style attributes only (colours, widths).
    expect(csp.split(";").filter((directive) => directive.includes("unsafe-inline")).map((d) => d.trim().split(" ")[0])).toEqual(["style-src-attr"]);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    const html = await response.text();
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
    expect(inline.length).toBeGreaterThan(0);
    for (const attributes of inline) expect(attributes).toContain(`nonce="${nonce}"`);
  });
});
