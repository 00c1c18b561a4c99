// Scenarios 1-3 of `npm run bench` against one target (our server or bare socket.io): a join
// burst, a steady market (the fan-out latency), and everyone posting at once.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { changeStages, stagesBetween, type StageTimes } from "./fanout-breakdown.ts";
import { api, concat, createMarket, log, now, Phones, percentiles, postText, procSample, sleep, startBaseline, startOurs, stopTarget, running, type Percentiles } from "./fanout-harness.ts";

export interface RunResult {
  target: string;
  n: number;
  join: { errors: number; allJoinedS: number; latency: Percentiles };
  rss: { idleMb: number; withSocketsMb: number; bytesPerSocket: number; afterMb: number; peakMb: number };
  steady: { posts: number; acked: number; projector: Percentiles; phones: Percentiles; lost: number; outOfOrder: number; cpuPct: number; rssMb: number; framesPerSocket: number; eventBytes: number };
  burst: { acked: number; expected: number; delivered: number; lastAckMs: number; lastDeliveryMs: number; latency: Percentiles; framesPerSocket: number };
  store?: { fileBytes: number; stringifyMs: number; posts: number };
  /** Our server: where each change's time went during the steady market (fanout-breakdown.ts). */
  stages?: StageTimes;
}

/** How one run is paced (`npm run bench` sets these from --quick; the fan-out comparison its own). */
export interface RunSettings {
  joinRampS: number;
  steadyS: number;
  postsPerS: number;
  deliveryTimeoutMs: number;
  /** A CPU profile of our server (.tmp/cpu-prof). */
  cpuProf?: boolean;
  /** Skip scenario 3 (everyone at once). */
  noBurst?: boolean;
  /** For our server (limits the harness would otherwise trip on). */
  env?: Record<string, string>;
}

/** Scenarios 1-3 against one target: join burst, steady market, everyone at once. */
export async function runOne(targetName: "ours" | "baseline", n: number, settings: RunSettings): Promise<RunResult> {
  const { joinRampS: JOIN_RAMP_S, steadyS: STEADY_S, postsPerS: POSTS_PER_S, deliveryTimeoutMs: DELIVERY_TIMEOUT_MS } = settings;
  const target = targetName === "ours" ? await startOurs({ cpuProf: settings.cpuProf, env: settings.env }) : await startBaseline();
  const phones = new Phones();
  try {
    const market = await createMarket(target, `Bench ${n}`);
    await sleep(300);
    const idle = procSample(target.pid);
    const projector = await phones.connect({ group: "market", role: "projector", origin: target.origin, code: market.code });
    if (!projector.ok) throw new Error(`projector socket refused: ${projector.error}`);

    // 1. Join burst: N people join through the API and open their socket, arriving over the ramp.
    log(`${target.name} N=${n}: join burst (${n} over ${JOIN_RAMP_S} s)`);
    const tokens: string[] = [];
    const joinLatencies: number[] = [];
    let errors = 0;
    const joinStart = now();
    await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        await sleep((i * JOIN_RAMP_S * 1000) / n);
        const startedAt = now();
        try {
          const joined = await api(target.origin, "POST", `/api/markets/${market.code}/participants`, { name: `Person ${i}`, contact: `p${i}@example.org` });
          if (joined.status !== 201) throw new Error(String(joined.status));
          const socket = await phones.connect({ group: "market", role: "phone", origin: target.origin, code: market.code, token: joined.body.token, startedAt });
          if (!socket.ok) throw new Error(socket.error);
          tokens[i] = joined.body.token;
          joinLatencies.push(socket.connectedAt - startedAt);
        } catch {
          errors++;
        }
      }),
    );
    const allJoinedS = (now() - joinStart) / 1000;
    await sleep(500);
    const withSockets = procSample(target.pid);
    const live = tokens.filter(Boolean);

    // 2. Steady market: 20 posts/s from the phones in turn; every socket should see every post.
    const posts = STEADY_S * POSTS_PER_S;
    log(`${target.name} N=${n}: steady market (${posts} posts at ${POSTS_PER_S}/s)`);
    const steadyTag = `S${n}${targetName[0]}`;
    await phones.arm(steadyTag);
    const stagesBefore = targetName === "ours" ? await changeStages(target.origin) : undefined;
    const cpuBefore = procSample(target.pid);
    const steadyStart = now();
    let acked = 0;
    const sends: Promise<void>[] = [];
    for (let i = 0; i < posts; i++) {
      await sleep(steadyStart + (i * 1000) / POSTS_PER_S - now());
      const sentAt = now();
      sends.push(
        api(target.origin, "POST", `/api/markets/${market.code}/posts`, { kind: i % 2 ? "need" : "offer", text: postText(steadyTag, sentAt, i) }, live[i % live.length]).then((a) => {
          if (a.status === 201) acked++;
        }),
      );
    }
    await Promise.all(sends);
    await phones.delivered(acked * (live.length + 1), DELIVERY_TIMEOUT_MS);
    const cpuAfter = procSample(target.pid);
    const steadyWall = (now() - steadyStart) / 1000;
    const steadyStats = (await phones.stats()).get("market")!;

    const stagesAfter = targetName === "ours" ? await changeStages(target.origin) : undefined;

    // 3. Everyone at once: each phone posts at the same moment.
    if (!settings.noBurst) log(`${target.name} N=${n}: everyone at once (${live.length} posts together)`);
    const burstTag = `B${n}${targetName[0]}`;
    await phones.arm(burstTag);
    const burstStart = now();
    let burstAcked = 0;
    let lastAck = 0;
    await Promise.all(
      (settings.noBurst ? [] : live).map((token, i) =>
        api(target.origin, "POST", `/api/markets/${market.code}/posts`, { kind: i % 2 ? "need" : "offer", text: postText(burstTag, burstStart, i) }, token).then((a) => {
          if (a.status === 201) burstAcked++;
          lastAck = now();
        }),
      ),
    );
    const burstExpected = burstAcked * (live.length + 1);
    const burstDelivered = await phones.delivered(burstExpected, DELIVERY_TIMEOUT_MS);
    const burstStats = (await phones.stats()).get("market")!;
    const after = procSample(target.pid);

    const result: RunResult = {
      target: target.name,
      n,
      join: { errors, allJoinedS, latency: percentiles(joinLatencies) },
      rss: { idleMb: idle.rssMb, withSocketsMb: withSockets.rssMb, bytesPerSocket: ((withSockets.rssMb - idle.rssMb) * 1024 * 1024) / Math.max(1, live.length + 1), afterMb: after.rssMb, peakMb: after.peakMb },
      steady: {
        posts,
        acked,
        projector: percentiles(steadyStats.projectorLatencies),
        phones: percentiles(steadyStats.phoneLatencies),
        lost: acked * (live.length + 1) - steadyStats.totalReceived,
        outOfOrder: steadyStats.outOfOrder,
        cpuPct: ((cpuAfter.cpuS - cpuBefore.cpuS) / steadyWall) * 100,
        rssMb: cpuAfter.rssMb,
        framesPerSocket: steadyStats.frames / (live.length + 1),
        eventBytes: steadyStats.eventBytes,
      },
      ...(stagesBefore && stagesAfter ? { stages: stagesBetween(stagesBefore, stagesAfter) } : {}),
      burst: {
        acked: burstAcked,
        expected: live.length,
        delivered: burstDelivered,
        lastAckMs: lastAck - burstStart,
        lastDeliveryMs: burstStats.lastReceivedAt - burstStart,
        latency: percentiles(concat(burstStats.phoneLatencies, burstStats.projectorLatencies)),
        framesPerSocket: burstStats.frames / (live.length + 1),
      },
    };
    await phones.close();
    await stopTarget(target);
    if (target.dataDir) result.store = measureStore(target.dataDir);
    return result;
  } finally {
    await phones.terminate();
    if (running.has(target)) await stopTarget(target);
  }
}

/** The market's snapshot after the server stopped (a graceful stop compacts): its size and one JSON.stringify. */
export function measureStore(dataDir: string): RunResult["store"] {
  const folder = path.join(dataDir, "markets");
  const files = readdirSync(folder).filter((f) => f.endsWith(".json") && !f.startsWith("."));
  const biggest = files.map((f) => path.join(folder, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!biggest) return undefined;
  const data = JSON.parse(readFileSync(biggest, "utf8"));
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    JSON.stringify(data);
    times.push(performance.now() - t0);
  }
  return { fileBytes: statSync(biggest).size, stringifyMs: percentiles(times).p50, posts: data.posts.length };
}
