// Random bodies thrown at every write route of the API for a bounded time (fast-check): every
// answer is a success or a clear 4xx JSON error, never a 5xx or a dropped connection; afterwards
// the server still answers, the data files read back, and the posts accepted before are unharmed.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, hostStartsMarket, phoneJoins, post, setPhase, type Phone, type StartedMarket } from "../support/market-api.ts";
import { marketOnDisk } from "../support/market-files.ts";
import { startServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let market: StartedMarket;
let fuzzer: Phone;
let keeper: Phone;
const kept: Array<{ id: string; text: string }> = [];

beforeAll(async () => {
  server = await startServer({ env: { LIMIT_POSTS_PER_MINUTE: "100000", LIMIT_CONNECTION_REQUESTS_PER_MINUTE: "100000", LIMIT_MARKETS_PER_HOUR_PER_ADDRESS: "100000", LIMIT_JOINS_PER_SECOND_PER_ADDRESS: "100000", LIMIT_JOIN_BURST_PER_ADDRESS: "100000" } });
  market = await hostStartsMarket(server.origin, "Fuzz");
  fuzzer = await phoneJoins(server.origin, market.code, "Fuzzer");
  keeper = await phoneJoins(server.origin, market.code, "Keeper", "keeper@example.org");
  await setPhase(server.origin, market, "connecting");
  for (const text of ["Keeps bees", "Needs a ladder"]) kept.push(await post(server.origin, market.code, keeper, text.startsWith("Keeps") ? "offer" : "need", text));
});
afterAll(() => server?.stop());

/** Strings with the awkward parts: control characters, lone surrogates, RTL marks, huge runs. */
const nastyString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 400 }),
  fc.string({ unit: fc.constantFrom("\u0000", "\u0007", "\u001b", "\u007f", "\u202e", "\u200b", "\ud800", "\n", "<", ">", "\"", "a", "é", "🙂"), maxLength: 300 }),
  fc.constantFrom("", " ", "x".repeat(281), "x".repeat(20_000), "<script>alert(1)</script>", "__proto__", "constructor"),
);
const postLike = fc.record(
  { kind: fc.oneof(fc.constantFrom("offer", "need", "dream", ""), nastyString, fc.integer()), text: fc.oneof(nastyString, fc.integer(), fc.constant(null)), tags: fc.oneof(fc.array(nastyString, { maxLength: 8 }), nastyString), clientId: fc.oneof(nastyString, fc.integer()), extra: fc.jsonValue() },
  { requiredKeys: [] },
);
/** Nearly right bodies, so the checks past the shape (text rules, phases, ids) are reached too. */
const nearlyRight = fc.oneof(
  fc.record({ kind: fc.constantFrom("offer", "need"), text: nastyString, tags: fc.array(nastyString, { maxLength: 6 }) }, { requiredKeys: ["kind", "text"] }),
  fc.record({ name: nastyString, contact: nastyString, shareContactWithHost: fc.oneof(fc.boolean(), fc.jsonValue()) }, { requiredKeys: ["name", "contact"] }),
  fc.record({ title: nastyString }),
  fc.record({ offerId: nastyString, needId: nastyString }),
  fc.record({ phase: fc.oneof(fc.constantFrom("lobby", "sharing", "connecting"), nastyString) }),
  fc.record({ expected: fc.oneof(fc.integer(), fc.constant(null), nastyString) }),
  fc.record({ participantIds: fc.array(nastyString, { maxLength: 4 }), postIds: fc.array(nastyString, { maxLength: 4 }), reason: nastyString }, { requiredKeys: [] }),
  // A market export with nasty texts in every list, so an import reaches its item checks.
  fc
    .record({ title: nastyString, name: nastyString, contact: fc.oneof(nastyString, fc.constant(null)), text: nastyString, tag: nastyString, version: fc.constantFrom(1, 2, 3) })
    .map(({ title, name, contact, text, tag, version }) => ({
      format: "offers-and-needs-market",
      version,
      market: { title, phase: "sharing", createdAt: "2026-01-01T00:00:00.000Z" },
      participants: [{ id: "p1", name, contact, joinedAt: "2026-01-01T00:00:00.000Z" }],
      posts: [{ id: "x1", kind: "offer", text, tags: [tag], participantId: "p1", createdAt: "2026-01-01T00:00:00.000Z" }],
      connections: [],
      history: [{ at: "2026-01-01T00:00:00.000Z", action: "edit_post", detail: text }],
    })),
);
const jsonBody = fc.oneof(
  { weight: 3, arbitrary: nearlyRight },
  { weight: 1, arbitrary: fc.jsonValue() },
  { weight: 1, arbitrary: postLike },
  { weight: 1, arbitrary: fc.dictionary(nastyString, fc.jsonValue(), { maxKeys: 6 }) },
);

type Body = { kind: "json"; value: unknown } | { kind: "raw"; bytes: Uint8Array; contentType: string };
const body: fc.Arbitrary<Body> = fc.oneof(
  { weight: 4, arbitrary: jsonBody.map((value): Body => ({ kind: "json", value })) },
  {
    weight: 1,
    arbitrary: fc
      .record({
        bytes: fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.constant(new Uint8Array([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]))),
        contentType: fc.constantFrom("application/json", "application/json; charset=latin1", "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"),
      })
      .map((raw): Body => ({ kind: "raw", ...raw })),
  },
);

const route = fc.constantFrom(
  { method: "POST", path: () => `/api/markets`, token: () => undefined },
  { method: "POST", path: () => `/api/markets/${market.code}/participants`, token: () => undefined },
  { method: "POST", path: () => `/api/markets/${market.code}/posts`, token: () => fuzzer.token },
  { method: "PATCH", path: () => `/api/markets/${market.code}/posts/${kept[0]!.id}`, token: () => fuzzer.token },
  { method: "POST", path: () => `/api/markets/${market.code}/connections`, token: () => fuzzer.token },
  { method: "POST", path: () => `/api/markets/${market.code}/phase`, token: () => fuzzer.token },
  { method: "POST", path: () => `/api/markets/${market.code}/connections/x/accept`, token: () => fuzzer.token },
  { method: "POST", path: () => `/api/markets/import`, token: () => undefined },
  { method: "PUT", path: () => `/api/markets/${market.code}/capacity`, token: () => market.hostKey },
  { method: "POST", path: () => `/api/markets/${market.code}/room-tools/burst-joiners/remove`, token: () => market.hostKey },
  { method: "POST", path: () => `/api/markets/${market.code}/room-tools/posts-of/${fuzzer.participantId}/hide`, token: () => market.hostKey },
  { method: "DELETE", path: () => `/api/markets/${market.code}/participants/me`, token: () => undefined },
);

/** A path segment; a lone surrogate becomes bytes that are not UTF-8 at all. */
function pathSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return "%ED%A0%80%FF";
  }
}

describe("random input at the API", () => {
  it("never crashes and never harms what was accepted", { timeout: 60_000 }, async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(route, body, fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: nastyString.map(pathSegment) }), async (r, b, pathNoise) => {
        const headers: Record<string, string> = {};
        const token = r.token();
        if (token) headers.authorization = `Bearer ${token}`;
        let payload: string | Buffer;
        if (b.kind === "json") {
          headers["content-type"] = "application/json";
          payload = JSON.stringify(b.value) ?? "null";
        } else {
          headers["content-type"] = b.contentType;
          payload = Buffer.from(b.bytes);
        }
        const path = pathNoise ? `${r.path()}/${pathNoise}` : r.path();
        const response = await fetch(`${server.origin}${path}`, { method: r.method, headers, body: payload as BodyInit });
        const text = await response.text();
        seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
        expect(response.status, text).toBeLessThan(500);
        if (response.status >= 400) {
          const parsed = JSON.parse(text);
          expect(parsed.error.code).toEqual(expect.any(String));
          expect(parsed.error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 600, interruptAfterTimeLimit: 30_000, seed: Number(process.env.FUZZ_SEED) || undefined },
    );
    console.log(`fuzz answers by status: ${JSON.stringify(Object.fromEntries([...seen].sort(([a], [b]) => a - b)))}`);

    // Still serving, and what was there before is there unchanged.
    const listed = await call(server.origin, "GET", `/api/markets/${market.code}/posts`, { token: keeper.token });
    expect(listed.status).toBe(200);
    for (const k of kept) expect(listed.body.posts.find((p: { id: string }) => p.id === k.id)?.text).toBe(k.text);

    // What is on disk (snapshot and journal) reads back, and every stored post is a well-formed post.
    const file = (await marketOnDisk(server.dataDir, market.id))!;
    expect(file.posts.length).toBe(listed.body.posts.length);
    for (const p of file.posts) {
      expect(["offer", "need"]).toContain(p.kind);
      expect(typeof p.text).toBe("string");
      expect(p.text.length).toBeGreaterThan(0);
      expect(p.text.length).toBeLessThanOrEqual(280);
      expect(p.text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202E]/);
      expect(p.tags.length).toBeLessThanOrEqual(5);
    }
  });
});
