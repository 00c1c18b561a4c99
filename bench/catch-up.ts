// A venue's Wi-Fi comes back and every phone catches up at once (live-connection.ts: each
// reconnect asks for the market afresh). Measures, in a room of 1,000 people and 2,000 posts,
// each way a screen catches up: what one answer costs the server, and how long the last of 1,000
// phones asking together waits.
import { request } from "node:http";
import { api, createMarket, log, now, percentiles, procSample, sleep, startOurs, stopTarget, type Percentiles } from "./fanout-harness.ts";

export interface CatchUpWay {
  way: string;
  /** One answer's size, gzipped as a browser asks for it. */
  gzippedBytes: number;
  /** One phone after another: server CPU per answer (every thread: the event loop and gzip), and latency. */
  cpuMsPerAnswer: number;
  oneAtATime: Percentiles;
  /** Every phone at once. */
  storm: { phones: number; lastMs: number; latency: Percentiles; failed: number };
}

export interface CatchUpFigures {
  people: number;
  posts: number;
  /** The API snapshot's JSON before gzip. */
  snapshotBytes: number;
  ways: CatchUpWay[];
}

// The joins and posts are set-up, not the scenario: the limits that pace a real room are lifted.
const UNLIMITED = "1000000";
const SET_UP_LIMITS = { LIMIT_JOINS_PER_MINUTE_PER_MARKET: UNLIMITED, LIMIT_JOINS_PER_MINUTE_PER_ADDRESS: UNLIMITED, LIMIT_JOINS_PER_SECOND_PER_ADDRESS: UNLIMITED, LIMIT_JOIN_BURST_PER_ADDRESS: UNLIMITED, LIMIT_POSTS_PER_MINUTE: UNLIMITED };
const CARDS = ["Bike repair lessons on a Saturday morning", "Help baking sourdough bread", "A lift to the station on Friday", "Spanish conversation practice over coffee", "Someone to look after my cat this weekend", "Help moving a sofa up two floors", "Garden tools to lend for the spring", "Help with the website of our choir"];

export async function catchUpBench(options: { people?: number; posts?: number; reloads?: number } = {}): Promise<CatchUpFigures> {
  const people = options.people ?? 1000;
  const postCount = options.posts ?? 2000;
  const reloads = options.reloads ?? 200;
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
    const snapshot = await api(target.origin, "GET", `/api/markets/${market.code}/snapshot`, undefined, tokens[0]);

    // Each way, as phone i asks it.
    const phone = (i: number) => ({ cookie: `onm_p_${market.code}=${tokens[i % people]}` });
    // [way, ask as phone i, how many ask at once]
    const ways: Array<[string, (i: number) => Promise<Answer>, number]> = [
      // How a phone catches up now (use-live-market.ts): the room, then what is only its own.
      ["the room: API snapshot (GET /api/markets/:code/snapshot?as=participant)", (i) => gzippedGet(`${target.origin}/api/markets/${market.code}/snapshot?as=participant`, phone(i)), people],
      ["what is only the phone's (GET /m/:code/personal)", (i) => gzippedGet(`${target.origin}/m/${market.code}/personal`, phone(i)), people],
      // How it caught up before decision 018, and what a page load or an action still runs.
      ["the phone page's loaders (Remix revalidation, GET /m/:code.data)", (i) => gzippedGet(`${target.origin}/m/${market.code}.data`, phone(i)), people],
      // A phone opening its page (the HTML, drawn on the server): 100 at once, not the whole room.
      ["a phone opening its page (GET /m/:code)", (i) => gzippedGet(`${target.origin}/m/${market.code}`, phone(i)), Math.min(100, people)],
    ];
    const figures: CatchUpWay[] = [];
    for (const [way, ask, together] of ways) {
      log(`catch-up, ${way}: ${reloads} one after another, then ${together} at once`);
      const before = procSample(target.pid);
      const times: number[] = [];
      let gzippedBytes = 0;
      for (let i = 0; i < reloads; i++) {
        const started = now();
        const answer = await ask(i);
        if (answer.status !== 200) throw new Error(`${way}: ${answer.status}`);
        times.push(now() - started);
        gzippedBytes = answer.bytes;
      }
      const after = procSample(target.pid);
      const stormStart = now();
      let failed = 0;
      const stormTimes = await Promise.all(
        tokens.slice(0, together).map(async (_, i) => {
          if ((await ask(i)).status !== 200) failed++;
          return now() - stormStart;
        }),
      );
      figures.push({
        way,
        gzippedBytes,
        cpuMsPerAnswer: ((after.cpuS - before.cpuS) * 1000) / reloads,
        oneAtATime: percentiles(times),
        storm: { phones: together, lastMs: Math.max(...stormTimes), latency: percentiles(stormTimes), failed },
      });
      await sleep(1000);
    }
    return { people, posts: postCount, snapshotBytes: snapshot.bytes, ways: figures };
  } finally {
    await stopTarget(target);
  }
}

interface Answer {
  status: number;
  bytes: number;
}

/**
 * A GET as a phone's browser makes it (gzip accepted), read to the end but neither unzipped nor
 * parsed: 1,000 phones' worth of that would take this process's CPU, not the server's.
 */
function gzippedGet(url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve) => {
    const asked = request(url, { headers: { "accept-encoding": "gzip", ...headers }, agent: false }, (response) => {
      let bytes = 0;
      response.on("data", (chunk: Buffer) => (bytes += chunk.length));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, bytes }));
      response.on("error", () => resolve({ status: 0, bytes }));
    });
    asked.on("error", () => resolve({ status: 0, bytes: 0 }));
    asked.end();
  });
}

export function printCatchUp(f: CatchUpFigures): void {
  console.log(`\n== Catching up: ${f.people} people, ${f.posts} posts (the API snapshot: ${(f.snapshotBytes / 1024).toFixed(0)} kB of JSON before gzip) ==`);
  console.table(
    f.ways.map((w) => ({
      way: w.way,
      "kB gzipped": (w.gzippedBytes / 1024).toFixed(0),
      "CPU ms each (every thread)": w.cpuMsPerAnswer.toFixed(1),
      "one after another p50 / p95 ms": `${w.oneAtATime.p50.toFixed(0)} / ${w.oneAtATime.p95.toFixed(0)}`,
      "at once": w.storm.phones,
      "at once p50 / p95 ms": `${w.storm.latency.p50.toFixed(0)} / ${w.storm.latency.p95.toFixed(0)}`,
      "the last answered after, ms": w.storm.lastMs.toFixed(0),
      failed: w.storm.failed,
    })),
  );
}
