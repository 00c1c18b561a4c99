// Two real server processes on one PostgreSQL database (a throwaway cluster, test/support/
// postgres.ts): a phone on node A and a phone on node B see each other's posts live, in seq order
// with no gap, whichever node took them; and either node serves the market as the other left it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, hostStartsMarket, phoneJoins, post, setPhase, watch, type StartedMarket } from "../support/market-api.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";
import { startServer, type TestServer } from "../support/server.ts";
import { until } from "../support/until.ts";
import { resendAfterMs } from "../../app/lib/refusal.ts";

let cluster: TestPostgres;
let nodeA: TestServer;
let nodeB: TestServer;
let env: Record<string, string>;

beforeAll(async () => {
  cluster = await startPostgres();
  // Each address may start 2 markets an hour (the tests that count it send their own X-Forwarded-For).
  env = { DATABASE_URL: await cluster.newDatabase(), LIMIT_POSTS_PER_MINUTE: "1000", LIMIT_MARKETS_PER_HOUR_PER_ADDRESS: "2", TRUST_PROXY: "1" };
  // The crowd joins from one address, as a test does; its pacing is the limits tests' subject.
  Object.assign(env, { LIMIT_JOINS_PER_MINUTE_PER_MARKET: "1000", LIMIT_JOINS_PER_MINUTE_PER_ADDRESS: "1000", LIMIT_JOINS_PER_SECOND_PER_ADDRESS: "1000", LIMIT_JOIN_BURST_PER_ADDRESS: "1000" });
  // Started together: both run the migrations, one waits for the other's lock.
  [nodeA, nodeB] = await Promise.all([startServer({ env }), startServer({ env })]);
}, 90_000);

afterAll(async () => {
  await Promise.allSettled([nodeA?.stop(), nodeB?.stop()]);
  await cluster?.stop();
});

/** A host starts a market from a network address of its own (behind the proxy: X-Forwarded-For). */
const startFrom = (node: TestServer, address: string, title: string) =>
  fetch(`${node.origin}/api/markets`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": address }, body: JSON.stringify({ title }) });

/** The node's /metrics gauge: 1 while it runs the round timers and the retention sweep. */
const leads = async (node: TestServer) => /^market_leader 1$/m.test(await (await fetch(`${node.origin}/metrics`)).text());

describe("two nodes on one database", () => {
  it("phones on node A and node B see each other's posts live and in order", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(nodeA.origin, "Two nodes");
    const ana = await phoneJoins(nodeA.origin, market.code, "Ana");
    const bo = await phoneJoins(nodeB.origin, market.code, "Bo");
    await setPhase(nodeB.origin, market, "sharing");
    const anasPhone = await watch(nodeA.origin, market.code, ana.token);
    const bosPhone = await watch(nodeB.origin, market.code, bo.token);
    const projectorOnB = await watch(nodeB.origin, market.code);

    const texts: string[] = [];
    for (let i = 0; i < 8; i++) {
      const [node, phone] = i % 2 ? [nodeB, bo] : [nodeA, ana];
      const text = `Post ${i} via ${i % 2 ? "B" : "A"}`;
      texts.push(text);
      await post(node.origin, market.code, phone, i % 2 ? "need" : "offer", text);
      // Live on both nodes' sockets: the author's node and the other one.
      for (const watcher of [anasPhone, bosPhone, projectorOnB]) await watcher.waitFor("post:created", (p) => p.post.text === text);
    }

    for (const watcher of [anasPhone, bosPhone, projectorOnB]) {
      const created = watcher.events.filter((e) => e.type === "post:created").map((e) => e.payload);
      expect(created.map((p) => p.post.text)).toEqual(texts);
      // From the first post on: an event from before the watcher opened (a join made through the
      // other node) may still reach it through the adapter afterwards, and a screen takes such a
      // gap for a reason to reload; the posts made while it watched must all arrive, in order.
      const firstPost = created[0]!.seq as number;
      const seqs = watcher.events.map((e) => e.payload.seq as number).filter((seq) => seq >= firstPost);
      // In seq order, each once, none missing between the first and the last.
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, k) => seqs[0]! + k));
    }
    // Either node answers with the market as a whole.
    for (const node of [nodeA, nodeB]) {
      const { body } = await call(node.origin, "GET", `/api/markets/${market.code}/posts`, { token: ana.token });
      expect(body.posts.map((p: { text: string }) => p.text).sort()).toEqual([...texts].sort());
    }
    for (const watcher of [anasPhone, bosPhone, projectorOnB]) watcher.close();
  });

  it("a crowd writing one market through both nodes at once: every join and post is taken once, none answered with a server error", { timeout: 120_000 }, async () => {
    // Started from an address of its own: the limits test counts the markets of the default one.
    const started = await startFrom(nodeA, "198.51.100.7", "Crowd on two nodes");
    expect(started.status).toBe(201);
    const market = (await started.json()) as StartedMarket;
    await setPhase(nodeA.origin, market, "sharing");
    const statuses: number[] = [];
    // As a phone's outbox does: what the server asks to have resent later is resent, when it asks.
    const send = async (origin: string, path: string, body: unknown, token?: string) => {
      for (;;) {
        const answer = await call(origin, "POST", path, { body, ...(token ? { token } : {}) });
        statuses.push(answer.status);
        const resendAfter = resendAfterMs(answer.status, answer.retryAfter);
        if (resendAfter === undefined) return answer;
        await new Promise((resolve) => setTimeout(resolve, resendAfter));
      }
    };
    const crowd = Array.from({ length: 40 }, (_, i) => ({ name: `Person ${i}`, node: i % 2 ? nodeB : nodeA }));
    const phones = await Promise.all(
      crowd.map(async ({ name, node }) => {
        const joined = await send(node.origin, `/api/markets/${market.code}/participants`, { name, contact: `p${name.slice(7)}@example.org`, shareContactWithHost: false });
        expect(joined.status, JSON.stringify(joined.body)).toBe(201);
        return { ...(joined.body as { token: string }), node };
      }),
    );
    await Promise.all(
      phones.flatMap((phone, i) =>
        ["offer", "need"].map(async (kind) => {
          const posted = await send(phone.node.origin, `/api/markets/${market.code}/posts`, { kind, text: `${kind} of person ${i}` }, phone.token);
          expect(posted.status, JSON.stringify(posted.body)).toBe(201);
        }),
      ),
    );
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    // Node B hears of node A's last posts a moment after A acknowledged them (decision 015): once
    // it has, every post is there, and none twice.
    let texts: string[] = [];
    const postsOnB = async () => (await call(nodeB.origin, "GET", `/api/markets/${market.code}/posts`, { token: phones[0]!.token })).body.posts.map((p: { text: string }) => p.text);
    await until(async () => (texts = await postsOnB()).length >= 80, "node B to hear of every post");
    expect(texts).toHaveLength(80);
    expect(new Set(texts).size).toBe(80);
  });

  it("node B follows node A's changes without reading the market again: its cards, matches, counts, resends and removals stay right", { timeout: 60_000 }, async () => {
    const started = await startFrom(nodeA, "198.51.100.8", "Followed");
    const market = (await started.json()) as StartedMarket;
    const ana = await phoneJoins(nodeA.origin, market.code, "Ana");
    const bo = await phoneJoins(nodeB.origin, market.code, "Bo");
    await setPhase(nodeA.origin, market, "sharing");
    const bosNeed = await post(nodeB.origin, market.code, bo, "need", "Someone to repair my bike's brakes");
    const loadsOnB = async () => Number(/^market_store_loads_total (\d+)/m.exec(await (await fetch(`${nodeB.origin}/metrics`)).text())?.[1]);
    const before = await loadsOnB();

    // Ana posts on node A; Bo's phone asks node B.
    const sent = { kind: "offer", text: "I repair bikes: brakes, gears, punctures", clientId: "ana-bikes" };
    const offer = (await call(nodeA.origin, "POST", `/api/markets/${market.code}/posts`, { token: ana.token, body: sent })).body.post;
    await post(nodeA.origin, market.code, ana, "offer", "Sourdough starter to share");
    const onB = async () => (await call(nodeB.origin, "GET", `/api/markets/${market.code}/snapshot`, { token: bo.token })).body;
    let seen = await onB();
    await until(async () => (seen = await onB()).posts.length === 3, "node B to hear of node A's posts");
    expect(seen.posts.map((p: { text: string }) => p.text).sort()).toEqual([bosNeed.text, sent.text, "Sourdough starter to share"].sort());
    expect(seen.counts).toMatchObject({ participants: 2, offers: 2, needs: 1 });
    // Matched on B as if posted there: Bo's need finds Ana's bike offer.
    const forBo = (await call(nodeB.origin, "GET", `/api/markets/${market.code}/suggestions?postId=${bosNeed.id}`, { token: bo.token })).body.suggestions;
    expect(forBo.map((s: { post?: { id: string }; offer?: { id: string } }) => s.post?.id ?? s.offer?.id)).toContain(offer.id);
    // Ana's phone resends through node B: the same post, not a second one.
    const resent = await call(nodeB.origin, "POST", `/api/markets/${market.code}/posts`, { token: ana.token, body: sent });
    expect(resent.status).toBe(200);
    expect(resent.body.post.id).toBe(offer.id);
    // The host removes it on node B; node A agrees.
    expect((await call(nodeB.origin, "DELETE", `/api/markets/${market.code}/posts/${offer.id}`, { token: market.hostKey })).status).toBe(200);
    const onA = (await call(nodeA.origin, "GET", `/api/markets/${market.code}/posts`, { token: ana.token })).body.posts.map((p: { id: string }) => p.id);
    expect(onA).not.toContain(offer.id);
    // Node B never read the market again: it followed.
    expect(await loadsOnB()).toBe(before);
  });

  it("counts a limit spent on node A on node B too: the rate limits live in the database", async () => {
    expect((await startFrom(nodeA, "203.0.113.19", "Limited")).status).toBe(201);
    expect((await startFrom(nodeA, "203.0.113.19", "Limited")).status).toBe(201);
    const third = await startFrom(nodeB, "203.0.113.19", "Limited");
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ error: { code: "rate_limited_markets" } });
  });

  it("says it is alive and ready on /healthz and /readyz, answers with a request id, and counts for Prometheus", async () => {
    for (const node of [nodeA, nodeB]) {
      const alive = await fetch(`${node.origin}/healthz`);
      expect(alive.status).toBe(200);
      expect(alive.headers.get("x-request-id")).toBeNull(); // probes stay out of the request log
      const ready = await call(node.origin, "GET", "/readyz");
      expect(ready).toMatchObject({ status: 200, body: { status: "ready" } });
      const answered = await fetch(`${node.origin}/api/markets/ZZZZZZ`, { headers: { "X-Request-Id": "from-the-proxy-1234" } });
      expect(answered.headers.get("x-request-id")).toBe("from-the-proxy-1234");
      const metrics = await (await fetch(`${node.origin}/metrics`)).text();
      for (const name of ["market_sockets", "market_events_total", "market_store_commit_seconds_bucket", "market_markets_loaded", "process_resident_memory_bytes"]) expect(metrics).toContain(name);
      // Each step of the changes this node took, from its way in to its frames (change-steps.ts).
      for (const stage of ["request", "command", "durable", "emit"]) expect(Number(new RegExp(`^market_change_stage_seconds_count\\{stage="${stage}"\\} (\\d+)`, "m").exec(metrics)?.[1]), stage).toBeGreaterThan(0);
    }
    // The first test's posts went through both nodes: each counted the events it published.
    const published = await Promise.all([nodeA, nodeB].map(async (node) => Number(/^market_events_total (\d+)/m.exec(await (await fetch(`${node.origin}/metrics`)).text())?.[1])));
    expect(published.every((n) => n > 0)).toBe(true);
  });

  it("runs the round timers on one node at a time, and another takes over when that one is killed", { timeout: 60_000 }, async () => {
    const leading = await Promise.all([nodeA, nodeB].map(leads));
    expect(leading.filter(Boolean)).toHaveLength(1);
    const [leader, follower] = leading[0] ? [nodeA, nodeB] : [nodeB, nodeA];

    // A round started through the node that does not run the timers.
    const market = (await (await startFrom(follower, "203.0.113.20", "Rounds")).json()) as StartedMarket;
    await phoneJoins(follower.origin, market.code, "Ana");
    const projector = await watch(follower.origin, market.code);
    const started = await call(follower.origin, "POST", `/api/markets/${market.code}/round`, { token: market.hostKey, body: { action: "start", focus: "both", seconds: 10 } });
    expect(started.status).toBe(200);
    await projector.waitFor("round:changed");

    await leader.kill();
    await until(() => leads(follower), "the other node to take the lease over");
    // The new holder owes the round its time-up: it comes, once.
    await projector.waitFor("round:changed", (p) => p.round.timeUpAt !== undefined, 20_000);
    expect(projector.events.filter((e) => e.type === "round:changed" && e.payload.round.timeUpAt !== undefined)).toHaveLength(1);
    projector.close();

    // The killed node comes back (the next test needs two): it waits, the lease stays where it is.
    const back = await startServer({ env });
    if (leader === nodeA) nodeA = back;
    else nodeB = back;
    expect(await leads(back)).toBe(false);
    expect(await leads(follower)).toBe(true);
  });

  // Last: it kills node A.
  it("a node killed with SIGKILL mid-burst: its phones go on through the other node, and every acknowledged post is there exactly once", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(nodeB.origin, "A node dies");
    const phones = await Promise.all(["Ana", "Bo", "Cy", "Di"].map((name, i) => phoneJoins((i % 2 ? nodeB : nodeA).origin, market.code, name)));
    await setPhase(nodeB.origin, market, "sharing");
    const acknowledged = new Set<string>();
    const outbox = new Map<string, (typeof phones)[number]>();
    const send = async (origin: string, clientId: string, phone: (typeof phones)[number]) => {
      const answer = await call(origin, "POST", `/api/markets/${market.code}/posts`, { token: phone.token, body: { kind: "offer", text: `Post ${clientId}`, clientId } });
      if (answer.status !== 201 && answer.status !== 200) throw new Error(`refused: ${answer.status}`);
      acknowledged.add(clientId);
      outbox.delete(clientId);
    };
    // Four phones post 20 each, each through its own node (sticky sessions); node A dies after 30 acknowledgements.
    let killing: Promise<void> | undefined;
    await Promise.all(
      phones.map(async (phone, p) => {
        for (let k = 0; k < 20; k++) {
          const clientId = `p${p}-${k}`;
          const node = p % 2 ? nodeB : nodeA;
          outbox.set(clientId, phone);
          if (killing && node === nodeA) continue; // this phone's node is gone: it stays in the outbox
          try {
            await send(node.origin, clientId, phone);
          } catch {
            continue; // in flight when node A died
          }
          if (acknowledged.size === 30) killing ??= nodeA.kill();
        }
      }),
    );
    await killing;
    // The phones reconnect through the load balancer to node B and their outboxes resend.
    for (const [clientId, phone] of [...outbox]) await send(nodeB.origin, clientId, phone);
    const { body } = await call(nodeB.origin, "GET", `/api/markets/${market.code}/posts`, { token: phones[0]!.token });
    const stored = (body.posts as Array<{ text: string }>).map((post) => post.text.replace(/^Post /, ""));
    expect(acknowledged.size).toBe(80);
    expect(new Set(stored).size).toBe(stored.length); // none twice
    expect([...stored].sort()).toEqual([...acknowledged].sort()); // none lost
  });
});
