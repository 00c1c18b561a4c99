// Abuse from inside a real venue: a script behind the venue's address can't fill a market in
// seconds (joins are paced at a venue's rate), the host caps the market at the attendance they
// expect, and the host's quick tools (preview, then confirm) undo a burst of fake people, hide
// everything one person posted, and show who is posting fastest. A real server behind a proxy
// (TRUST_PROXY), so each "address" is an X-Forwarded-For.
import { describe, expect, it } from "vitest";
import { call, hostStartsMarket, post, setPhase, type Phone, type StartedMarket } from "../support/market-api.ts";
import { useServer } from "../support/fixtures.ts";

const app = useServer({ env: { TRUST_PROXY: "1" } });

async function joinFrom(address: string, market: StartedMarket, name: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${app.origin}/api/markets/${market.code}/participants`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify({ name, contact: `${name.replace(/\W/g, "").toLowerCase()}@example.org` }),
  });
  return { status: response.status, body: await response.json() };
}

async function joined(address: string, market: StartedMarket, name: string): Promise<Phone> {
  const answer = await joinFrom(address, market, name);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

const host = (market: StartedMarket, method: string, path: string, body?: unknown) => call(app.origin, method, `/api/markets/${market.code}${path}`, { token: market.hostKey, body });

describe("abuse within a real venue", () => {
  it("paces a script joining from one address, while people from elsewhere still get in", async () => {
    const market = await hostStartsMarket(app.origin, "Scripted flood");
    let next = 0;
    const answers: Array<{ status: number; body: any }> = [];
    const script = async () => {
      while (next < 300) {
        const i = next++;
        answers.push(await joinFrom("203.0.113.7", market, `Bot ${i}`));
      }
    };
    await Promise.all(Array.from({ length: 20 }, script));
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.body.error.code).toBe("rate_limited_join_network");
    expect(answers.filter((a) => a.status === 201).length).toBeLessThan(300);
    // Someone on another network is not held up by the script.
    await joined("198.51.100.20", market, "Real Person");
  });

  it("lets the host cap the market at the attendance they expect", async () => {
    const market = await hostStartsMarket(app.origin, "Thirty seats");
    const ana = await joined("198.51.100.1", market, "Ana");
    expect((await call(app.origin, "PUT", `/api/markets/${market.code}/capacity`, { token: ana.token, body: { expected: 2 } })).status).toBe(403);
    expect((await host(market, "PUT", "/capacity", { expected: 2 })).body).toEqual({ capacity: 2 });
    await joined("198.51.100.2", market, "Bo");
    const third = await joinFrom("198.51.100.3", market, "Cy");
    expect(third.status).toBe(409);
    expect(third.body.error).toMatchObject({ code: "market_full", params: { max: 2 } });
    expect((await host(market, "GET", "/capacity")).body).toEqual({ capacity: 2, expected: 2, here: 2 });
  });

  it("gives the host quick tools, each previewed then confirmed", async () => {
    const market = await hostStartsMarket(app.origin, "Room tools");
    const ana = await joined("198.51.100.10", market, "Ana");
    const bots: Phone[] = [];
    for (let i = 0; i < 12; i++) bots.push(await joined(`192.0.2.${i + 1}`, market, `Bot ${i}`));
    await setPhase(app.origin, market, "sharing");
    // One of the burst did post: a person, not a bot. Ana posts three cards fast.
    await post(app.origin, market.code, bots[0]!, "offer", "I really am here");
    const anas = [];
    for (const text of ["Spam one", "Spam two", "Spam three"]) anas.push(await post(app.origin, market.code, ana, "offer", text));

    // Remove everyone who joined in a burst and never posted.
    const preview = (await host(market, "GET", "/room-tools/burst-joiners")).body.people as Array<{ id: string; name: string }>;
    expect(preview.map((p) => p.name).sort()).toEqual(bots.slice(1).map((_, i) => `Bot ${i + 1}`).sort());
    expect((await call(app.origin, "GET", `/api/markets/${market.code}/room-tools/burst-joiners`, { token: ana.token })).status).toBe(403);
    // The confirmation acts on the previewed list only: Ana's id is not in it and stays.
    const removed = await host(market, "POST", "/room-tools/burst-joiners/remove", { participantIds: [...preview.map((p) => p.id), ana.participantId] });
    expect(removed.body).toEqual({ removed: 11 });
    expect((await call(app.origin, "GET", `/api/markets/${market.code}`)).body.counts.participants).toBe(2);

    // See who is posting fastest: Ana, three cards.
    const fastest = (await host(market, "GET", "/room-tools/fastest-posters")).body.posters;
    expect(fastest[0]).toMatchObject({ participantId: ana.participantId, name: "Ana", posts: 3 });

    // Hide all posts of a person.
    const hers = (await host(market, "GET", `/room-tools/posts-of/${ana.participantId}`)).body.posts as Array<{ id: string }>;
    expect(hers.map((p) => p.id).sort()).toEqual(anas.map((p) => p.id).sort());
    const hidden = await host(market, "POST", `/room-tools/posts-of/${ana.participantId}/hide`, { postIds: hers.map((p) => p.id), reason: "flooding" });
    expect(hidden.body).toEqual({ hidden: 3 });
    const wall = (await call(app.origin, "GET", `/api/markets/${market.code}/posts`, { token: bots[0]!.token })).body.posts as Array<{ text: string }>;
    expect(wall.map((p) => p.text)).toEqual(["I really am here"]);
    expect((await host(market, "GET", `/room-tools/posts-of/${ana.participantId}`)).body.posts).toEqual([]);
  });
});
