// Nobody loses their place, through the JSON API on a real server: joining hands out a personal
// code and link; the code brings the same person back with a new token (also after the close);
// the host, and only the host, revokes it; wrong codes meet a 429 long before guessing could work.
import { describe, expect, it } from "vitest";
import { call, hostStartsMarket, phoneJoins, post, setPhase } from "../support/market-api.ts";
import { useServer } from "../support/fixtures.ts";

describe("guessing personal codes", () => {
  // A server of its own: the per-address count is across markets.
  const app = useServer();
  it("answers the eleventh wrong code from one address within ten minutes with 429 and Retry-After", async () => {
    const market = await hostStartsMarket(app.origin, "Guessing market");
    const bo = (await phoneJoins(app.origin, market.code, "Bo")) as unknown as { personalCode: string };
    // A right code costs nothing: coming back often never runs into the limit.
    for (let i = 0; i < 12; i++) {
      expect((await call(app.origin, "POST", `/api/markets/${market.code}/come-back`, { body: { personalCode: bo.personalCode } })).status).toBe(200);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await call(app.origin, "POST", `/api/markets/${market.code}/come-back`, { body: { personalCode: `2222-3333-44${i}` } })).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    const limited = await fetch(`${app.origin}/api/markets/${market.code}/come-back`, {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": "es" },
      body: JSON.stringify({ personalCode: bo.personalCode }),
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe("rate_limited_personal_code");
  });

});

describe("personal codes", () => {
  const app = useServer();

  it("brings the same person back by their code, after the close too; the host revokes it", async () => {
    const market = await hostStartsMarket(app.origin, "Codes market");
    const ana = await phoneJoins(app.origin, market.code, "Ana");
    const joined = ana as unknown as { personalCode: string; personalUrl: string };
    expect(joined.personalCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(joined.personalUrl).toBe(`${app.origin}/join/${market.code}?back=${joined.personalCode}`);
    await setPhase(app.origin, market, "connecting");
    const offer = await post(app.origin, market.code, ana, "offer", "Bread on Saturdays");
    await setPhase(app.origin, market, "closed");

    const back = await call(app.origin, "POST", `/api/markets/${market.code}/come-back`, { body: { personalCode: joined.personalCode.toLowerCase() } });
    expect(back.status).toBe(200);
    expect(back.body.participantId).toBe(ana.participantId);
    expect(back.body.token).not.toBe(ana.token);
    const posts = await call(app.origin, "GET", `/api/markets/${market.code}/posts`, { token: back.body.token });
    expect(posts.body.posts.map((p: { id: string }) => p.id)).toContain(offer.id);

    // Only the host revokes; then the code and the browsers that came back by it are refused.
    const byAna = await call(app.origin, "DELETE", `/api/markets/${market.code}/participants/${ana.participantId}/personal-code`, { token: ana.token });
    expect(byAna.status).toBe(403);
    const revoked = await call(app.origin, "DELETE", `/api/markets/${market.code}/participants/${ana.participantId}/personal-code`, { token: market.hostKey });
    expect(revoked.status).toBe(200);
    expect((await call(app.origin, "GET", `/api/markets/${market.code}/follow-ups`, { token: back.body.token })).status).toBe(401);
    expect((await call(app.origin, "GET", `/api/markets/${market.code}/follow-ups`, { token: ana.token })).status).toBe(200);
    const refused = await call(app.origin, "POST", `/api/markets/${market.code}/come-back`, { body: { personalCode: joined.personalCode } });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("personal_code_unknown");

    // The host makes a new one to hand over at the desk; it works.
    const reissued = await call(app.origin, "POST", `/api/markets/${market.code}/participants/${ana.participantId}/personal-code`, { token: market.hostKey });
    expect(reissued.status).toBe(201);
    const again = await call(app.origin, "POST", `/api/markets/${market.code}/come-back`, { body: { personalCode: reissued.body.personalCode } });
    expect(again.body.participantId).toBe(ana.participantId);
  });
});
