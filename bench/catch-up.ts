// A venue's Wi-Fi comes back and every phone reloads its snapshot at once (live-connection.ts:
// each reconnect asks for one). Measures, in a room of 1,000 people and 2,000 posts: what one
// snapshot costs the server, and how long the last of 1,000 phones asking together waits.
import { request } from "node:http";
import { api, createMarket, log, now, percentiles, procSample, sleep, startOurs, stopTarget, type Percentiles } from "./fanout-harness.ts";

export interface CatchUpFigures {
  people: number;
  posts: number;
  snapshotBytes: number;
  /** One phone after another: server CPU per snapshot (every thread: the event loop and gzip), and latency. */
  cpuMsPerSnapshot: number;
  oneAtATime: Percentiles;
  /** Every phone at once. */
  storm: { phones: number; lastMs: number; latency: Percentiles; failed: number };
}

// The joins and posts are set-up, not the scenario: the limits that pace a real room are lifted.
const UNLIMITED = "1000000";
const SET_UP_LIMITS = { LIMIT_JOINS_PER_MINUTE_PER_MARKET: UNLIMITED, LIMIT_JOINS_PER_MINUTE_PER_ADDRESS: UNLIMITED, LIMIT_JOINS_PER_SECOND_PER_ADDRESS: UNLIMITED, LIMIT_JOIN_BURST_PER_ADDRESS: UNLIMITED, LIMIT_POSTS_PER_MINUTE: UNLIMITED };
const CARDS = ["Bike repair lessons on a Saturday morning", "Help baking sourdough bread", "A lift to the station on Friday", "Spanish conversation practice over coffee", "Someone to look after my cat this weekend", "Help moving a sofa up two floors", "Garden tools to lend for the spring", "Help with the website of our choir"];

export async function catchUpBench(options: { people?: number; posts?: number; reloads?: number } = {}): Promise<CatchUpFigures> {
  const people = options.people ?? 1000;
  const postCount = options.posts ?? 2000;
  const reloads = options.reloads ?? 300;
  const target = await startOurs({ env: SET_UP_LIMITS });
  try {
    const market = await createMarket(target, "Catch-up bench");
    const batch = async (count: number, one: (i: number) => Promise<unknown>) => {
      for (let i = 0; i < count; i += 50) await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, k) => one(i + k)));
    };
    const tokens: string[] = [];
    log(`catch-up: ${people} people join, ${postCount} posts`);
    await batch(people, async (i) => {
      const joined = await api(target.origin, "POST", `/api/markets/${market.code}/participants`, { name: `Person ${i}`, contact: `p${i}@example.org` });
      if (joined.status !== 201) throw new Error(`join: ${joined.status}`);
      tokens[i] = joined.body.token;
    });
    await batch(postCount, async (i) => {
      const posted = await api(target.origin, "POST", `/api/markets/${market.code}/posts`, { kind: i % 2 ? "need" : "offer", text: `${CARDS[i % CARDS.length]} (${i})` }, tokens[i % people]);
      if (posted.status !== 201) throw new Error(`post: ${posted.status}`);
    });
    await sleep(1000);
    const snapshot = (i: number) => api(target.origin, "GET", `/api/markets/${market.code}/snapshot`, undefined, tokens[i % people]);

    log(`catch-up: ${reloads} snapshots one after another`);
    const before = procSample(target.pid);
    const times: number[] = [];
    let snapshotBytes = 0;
    for (let i = 0; i < reloads; i++) {
      const started = now();
      const answer = await snapshot(i);
      if (answer.status !== 200) throw new Error(`snapshot: ${answer.status}`);
      times.push(now() - started);
      snapshotBytes = answer.bytes;
    }
    const after = procSample(target.pid);

    log(`catch-up: ${people} phones at once`);
    const stormStart = now();
    let failed = 0;
    const stormTimes = await Promise.all(
      tokens.map(async (token) => {
        const status = await gzippedGet(`${target.origin}/api/markets/${market.code}/snapshot`, token);
        if (status !== 200) failed++;
        return now() - stormStart;
      }),
    );
    return {
      people,
      posts: postCount,
      snapshotBytes,
      cpuMsPerSnapshot: ((after.cpuS - before.cpuS) * 1000) / reloads,
      oneAtATime: percentiles(times),
      storm: { phones: people, lastMs: Math.max(...stormTimes), latency: percentiles(stormTimes), failed },
    };
  } finally {
    await stopTarget(target);
  }
}

/**
 * A GET as a phone's browser makes it (gzip accepted), read to the end but neither unzipped nor
 * parsed: 1,000 phones' worth of that would take this process's CPU, not the server's.
 */
function gzippedGet(url: string, token: string): Promise<number> {
  return new Promise((resolve) => {
    const asked = request(url, { headers: { "accept-encoding": "gzip", authorization: `Bearer ${token}` }, agent: false }, (response) => {
      response.on("data", () => {});
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", () => resolve(0));
    });
    asked.on("error", () => resolve(0));
    asked.end();
  });
}

export function printCatchUp(f: CatchUpFigures): void {
  console.log(`\n== Catch-up snapshots: ${f.people} people, ${f.posts} posts (${(f.snapshotBytes / 1024).toFixed(0)} kB of JSON before gzip) ==`);
  console.table([
    { measure: "server CPU per snapshot, ms (every thread)", value: f.cpuMsPerSnapshot.toFixed(1) },
    { measure: "one after another: p50 / p95 ms", value: `${f.oneAtATime.p50?.toFixed(1)} / ${f.oneAtATime.p95?.toFixed(1)}` },
    { measure: `${f.storm.phones} phones at once: p50 / p95 ms`, value: `${f.storm.latency.p50?.toFixed(0)} / ${f.storm.latency.p95?.toFixed(0)}` },
    { measure: `${f.storm.phones} phones at once: the last answered after, ms`, value: f.storm.lastMs.toFixed(0) },
    { measure: "failed", value: f.storm.failed },
  ]);
}
