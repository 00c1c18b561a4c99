// Who may do what: every API route and the socket handshake, as each role; only the right roles
// succeed, and a refused change leaves the market exactly as it was. Secrets never reach the
// projector or a phone; cookies are httpOnly and SameSite; another site cannot post our forms.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, hostStartsMarket, phoneJoins, post, setPhase, socketRefusal, watch, type Phone, type StartedMarket } from "../support/market-api.ts";
import { bigExport } from "../support/big-export.ts";
import { startServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let origin: string;
beforeAll(async () => {
  server = await startServer({ env: { LIMIT_MARKETS_PER_HOUR_PER_ADDRESS: "10000" } });
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
  it.each(TABLE)("%s as %s answers %i", async (_name, role, status, route) => {
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
