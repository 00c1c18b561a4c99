// deploy/nginx.conf as shipped (scripts/nginx-here.sh points its upstreams at two real server
// processes on one throwaway PostgreSQL database): phones that long-poll and phones on WebSocket
// work through it, the join link keeps the address's port, and when the node it pins phones to is
// killed mid-burst, what was in flight is answered in JSON and, resent, taken once, and the phone
// reconnects to the other node.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, hostStartsMarket, phoneJoins, setPhase, watch, type Phone, type StartedMarket } from "../support/market-api.ts";
import { freePort, startPostgres, type TestPostgres } from "../support/postgres.ts";
import { REFUSALS } from "../../server/market/refusals.ts";
import { ROOT, startServer, type TestServer } from "../support/server.ts";
import { until } from "../support/until.ts";

const NGINX = existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

let cluster: TestPostgres;
let nodes: TestServer[];
let nginx: ChildProcess;
let origin: string;

beforeAll(async () => {
  cluster = await startPostgres();
  const env = { DATABASE_URL: await cluster.newDatabase(), TRUST_PROXY: "1", LIMIT_POSTS_PER_MINUTE: "1000" };
  nodes = await Promise.all([startServer({ env }), startServer({ env })]);
  const port = await freePort();
  const dir = execFileSync("bash", ["scripts/nginx-here.sh", String(port), ...nodes.map((n) => new URL(n.origin).host)], { cwd: ROOT, encoding: "utf8" }).trim();
  nginx = spawn(NGINX, ["-p", `${dir}/`, "-c", `${dir}/nginx.conf`], { stdio: "inherit" });
  origin = `http://127.0.0.1:${port}`;
  await until(() => fetch(`${origin}/readyz`).then((r) => r.ok, () => false), "nginx to answer /readyz");
}, 90_000);

afterAll(async () => {
  nginx?.kill("SIGTERM");
  await Promise.allSettled((nodes ?? []).map((n) => n.stop()));
  await cluster?.stop();
});

const postOnce = (market: StartedMarket, phone: Phone, text: string, clientId: string) =>
  fetch(`${origin}/api/markets/${market.code}/posts`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${phone.token}` },
    body: JSON.stringify({ kind: "offer", text, clientId }),
  });

/** The node nginx pins this machine's address to: the one holding the sockets opened through it. */
async function pinnedNode(): Promise<TestServer> {
  const counts = await Promise.all(nodes.map(async (n) => Number(/^market_sockets (\d+)$/m.exec(await (await fetch(`${n.origin}/metrics`)).text())?.[1] ?? 0)));
  const pinned = nodes.filter((_, i) => counts[i]! > 0);
  expect(pinned, `sockets per node: ${counts.join(", ")}`).toHaveLength(1);
  return pinned[0]!;
}

describe("behind nginx (deploy/nginx.conf)", () => {
  it("a long-polling phone and a WebSocket phone see every post live, and a phone on the other node too; the join link keeps the port", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(origin, "Behind nginx");
    expect(market.joinUrl).toBe(`${origin}/join/${market.code}`);
    const ana = await phoneJoins(origin, market.code, "Ana");
    const bo = await phoneJoins(origin, market.code, "Bo");
    await setPhase(origin, market, "sharing");
    const polling = await watch(origin, market.code, ana.token, { transports: ["polling"] });
    const websocket = await watch(origin, market.code, bo.token, { transports: ["websocket"] });
    expect(polling.socket.io.engine.transport.name).toBe("polling");
    const pinned = await pinnedNode();
    const other = nodes.find((n) => n !== pinned)!;
    const onOtherNode = await watch(other.origin, market.code);
    for (let i = 0; i < 5; i++) {
      expect((await postOnce(market, ana, `Offer ${i} through nginx`, `o${i}`)).status).toBe(201);
      for (const screen of [polling, websocket, onOtherNode]) await screen.waitFor("post:created", (p) => p.post.text === `Offer ${i} through nginx`);
    }
    for (const screen of [polling, websocket, onOtherNode]) screen.close();
  });

  it("a node killed mid-burst: what was in flight answers in JSON, is taken once when resent, and the phone reconnects to the other node", { timeout: 90_000 }, async () => {
    const market = await hostStartsMarket(origin, "A node dies");
    const ana = await phoneJoins(origin, market.code, "Ana");
    await setPhase(origin, market, "sharing");
    const phone = await watch(origin, market.code, ana.token, { transports: ["polling"], reconnection: true });
    const doomed = await pinnedNode();
    // Back on the other node and in the market's rooms: the manager's "reconnect" is the transport
    // only, and the socket joins its rooms once its own connect is answered (a post sent between the
    // two is for the next beat to announce, which a real screen catches up from; this one does not).
    const reconnected = new Promise<void>((resolve) => phone.socket.io.once("reconnect", () => phone.socket.once("connect", () => resolve())));
    const burst = Array.from({ length: 20 }, (_, i) => postOnce(market, ana, `Burst ${i}`, `b${i}`));
    await doomed.kill();
    const answers = await Promise.all(burst);
    const failed: number[] = [];
    for (const [i, answer] of answers.entries()) {
      if (answer.status === 201) continue;
      // Never nginx's HTML page: a JSON refusal the phone's outbox resends after Retry-After.
      expect(answer.status).toBe(503);
      expect(answer.headers.get("retry-after")).toBe("2");
      // nginx.conf carries its own copy of the English words: checked against the refusals' here.
      expect(((await answer.json()) as { error: unknown }).error).toEqual({ code: "node_unavailable", message: REFUSALS.node_unavailable });
      failed.push(i);
    }
    // The phone's outbox sends each again with its clientId; one that had been taken is not taken twice.
    for (const i of failed) expect([200, 201]).toContain((await postOnce(market, ana, `Burst ${i}`, `b${i}`)).status);
    const { body } = await call(origin, "GET", `/api/markets/${market.code}/posts`, { token: ana.token });
    const texts = (body.posts as Array<{ text: string }>).map((p) => p.text).sort();
    expect(texts).toEqual(Array.from({ length: 20 }, (_, i) => `Burst ${i}`).sort());

    // Reconnected through nginx to the node still alive, the phone hears what is posted next.
    await reconnected;
    expect((await postOnce(market, ana, "After the node died", "after")).status).toBe(201);
    await phone.waitFor("post:created", (p) => p.post.text === "After the node died", 20_000);
    phone.close();
  });
});
