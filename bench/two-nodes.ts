/**
 * Two nodes against one (issue 19, "Bench"): `npm run bench -- --only-nodes [--nodes-n=1000]`, or
 * alone `npx tsx bench/two-nodes.ts [--nodes-n=1000] [--nodes-seconds=30] [--nodes-rate=20] [--quick]`.
 * 1,000 sockets at 20 posts/s are 20,000 events a second for the harness's two worker threads to
 * read: on a loaded machine they fall behind, and every target then shows seconds of "fan-out"
 * (the harness's backlog, not the servers'). Look at the servers' CPU, and lower --nodes-rate.
 *
 * The same room on four set-ups, one after the other in the same run: two server nodes on one
 * throwaway PostgreSQL (the postgres adapter carries events between them), one node on PostgreSQL,
 * one lowdb node, and bare socket.io (bench/baseline-server.ts). N phones join one market; phone i
 * joins, listens and posts through node i mod nodes (sticky sessions, as a load balancer would pin
 * them), and a projector listens on the first node. Then 20 posts a second for the steady period,
 * from the phones in turn, so both nodes take writes to the same market. Every socket should hear
 * every post. Printed: fan-out p50/p95/p99 (post sent to event received, all sockets), events
 * lost, joins and posts refused (by status), and each node's RSS and CPU over the steady period.
 */
import { loadavg } from "node:os";
import { postgresBinaries, type TestPostgres } from "../test/support/postgres.ts";
import { api, concat, createMarket, f0, joinPeople, log, now, optionIn, percentiles, Phones, postText, procSample, sleep, startBaseline, startDurablePostgres, startNode, type Percentiles, type Target } from "./harness.ts";
import type { ConnectJob } from "./phones-worker.ts";

export interface NodesOptions {
  phones: number;
  steadySeconds: number;
  postsPerSecond: number;
}

export interface NodesRun {
  target: string;
  nodes: number;
  sockets: number;
  /** Joins and posts answered with anything but 201, by status (on two nodes: a command still stale after its retries answers 500). */
  refusals: Record<string, number>;
  posted: number;
  refused: number;
  fanout: Percentiles;
  /** Each node's own sockets' p95, to see whether the node that did not take a post lags. */
  perNodeP95: number[];
  lost: number;
  outOfOrder: number;
  rssMb: number[];
  cpuPct: number[];
}

export interface NodesFigures {
  options: NodesOptions;
  loadavg: { before: number[]; after: number[] };
  runs: NodesRun[];
  skipped?: string;
}

// Joins are not what this measures: let one address join the whole room at once.
const ENV = { LIMIT_JOINS_PER_SECOND_PER_ADDRESS: "5000", LIMIT_JOIN_BURST_PER_ADDRESS: "5000", LIMIT_JOINS_PER_MINUTE_PER_ADDRESS: "10000", LIMIT_JOINS_PER_MINUTE_PER_MARKET: "10000" };

type SetUp = { name: string; start(): Promise<Target[]> };

export async function twoNodesBench(options: NodesOptions): Promise<NodesFigures> {
  const before = loadavg();
  if (!(await postgresBinaries())) return { options, loadavg: { before, after: loadavg() }, runs: [], skipped: "skipped: PostgreSQL is not installed (bash scripts/ensure-postgres.sh)" };
  let cluster: TestPostgres | undefined;
  const onPostgres = async (count: number) => {
    cluster ??= await startDurablePostgres();
    const env = { ...ENV, DATABASE_URL: await cluster.newDatabase() };
    // Started together: one runs the migrations, the other waits for its lock.
    return Promise.all(Array.from({ length: count }, () => startNode(env)));
  };
  const setUps: SetUp[] = [
    { name: "two nodes, PostgreSQL", start: () => onPostgres(2) },
    { name: "one node, PostgreSQL", start: () => onPostgres(1) },
    { name: "one node, lowdb", start: async () => [await startNode(ENV)] },
    { name: "bare socket.io", start: async () => [await startBaseline()] },
  ];
  const runs: NodesRun[] = [];
  try {
    for (const setUp of setUps) {
      try {
        runs.push(await runSetUp(setUp, options));
      } catch (error) {
        log(`${setUp.name} failed: ${String(error)}`);
      }
    }
  } finally {
    await (cluster as TestPostgres | undefined)?.stop();
  }
  return { options, loadavg: { before, after: loadavg() }, runs };
}

async function runSetUp(setUp: SetUp, options: NodesOptions): Promise<NodesRun> {
  const nodes = await setUp.start();
  const phones = new Phones();
  try {
    const origin = (i: number) => nodes[i % nodes.length]!.origin;
    const market = await createMarket(origin(0), `Nodes ${setUp.name}`);
    log(`${setUp.name}: ${options.phones} phones join over ${nodes.length} node(s)`);
    // Phone i joins through its own node: on two nodes the joins (and their rate limits) are shared.
    const tokens: string[] = new Array(options.phones);
    const refusals: Record<string, number> = {};
    const refused = (what: string) => (status: number) => void (refusals[`${what} ${status}`] = (refusals[`${what} ${status}`] ?? 0) + 1);
    await Promise.all(
      nodes.map(async (node, k) => {
        const mine = Array.from({ length: options.phones }, (_, i) => i).filter((i) => i % nodes.length === k);
        const joined = await joinPeople(node.origin, market.code, mine.length, 20, refused("join"));
        mine.forEach((i, j) => (tokens[i] = joined[j]!));
      }),
    );
    const jobs: ConnectJob[] = tokens.flatMap((token, i) => (token ? [{ group: `node${i % nodes.length}`, role: "phone" as const, origin: origin(i), code: market.code, token }] : []));
    jobs.push({ group: "node0", role: "projector", origin: origin(0), code: market.code });
    const sockets = (await phones.connectMany(jobs)).filter((c) => c.ok).length;
    const live = tokens.map((token, i) => ({ token, i })).filter((p) => p.token);
    await sleep(1000);

    const tag = `N${setUp.name.length}`;
    await phones.arm(tag);
    log(`${setUp.name}: ${sockets} sockets; ${options.postsPerSecond} posts/s for ${options.steadySeconds} s`);
    const cpuBefore = nodes.map((n) => procSample(n.pid));
    const start = now();
    const sends: Promise<boolean>[] = [];
    const count = options.steadySeconds * options.postsPerSecond;
    for (let i = 0; i < count; i++) {
      await sleep(start + (i * 1000) / options.postsPerSecond - now());
      const phone = live[(i * 7) % live.length]!; // phones in turn, alternating nodes
      const body = { kind: i % 2 ? "need" : "offer", text: postText(tag, now(), i) };
      sends.push(
        api(origin(phone.i), "POST", `/api/markets/${market.code}/posts`, body, phone.token).then((a) => {
          if (a.status !== 201) refused("post")(a.status);
          return a.status === 201;
        }),
      );
    }
    const acked = (await Promise.all(sends)).filter(Boolean).length;
    const received = await phones.delivered(acked * sockets, 30_000);
    const seconds = (now() - start) / 1000;
    const cpuAfter = nodes.map((n) => procSample(n.pid));
    const stats = await phones.stats();
    const groups = [...stats.values()];
    const all = groups.reduce<Float64Array>((acc, s) => concat(acc, concat(s.phoneLatencies, s.projectorLatencies)), new Float64Array());
    return {
      target: setUp.name,
      nodes: nodes.length,
      sockets,
      refusals,
      posted: acked,
      refused: count - acked,
      fanout: percentiles(all),
      perNodeP95: nodes.map((_, k) => {
        const s = stats.get(`node${k}`);
        return s ? percentiles(concat(s.phoneLatencies, s.projectorLatencies)).p95 : NaN;
      }),
      lost: acked * sockets - received,
      outOfOrder: groups.reduce((sum, s) => sum + s.outOfOrder, 0),
      rssMb: cpuAfter.map((s) => s.rssMb),
      cpuPct: cpuAfter.map((s, k) => ((s.cpuS - cpuBefore[k]!.cpuS) / seconds) * 100),
    };
  } finally {
    await phones.close();
    await phones.terminate();
    await Promise.all(nodes.map((n) => n.stop()));
  }
}

export function printTwoNodes(figures: NodesFigures): void {
  const { options } = figures;
  console.log(`\n== ${options.phones.toLocaleString("en")} phones on one market, over two nodes and one (${options.postsPerSecond} posts/s for ${options.steadySeconds} s; load average ${figures.loadavg.before.map((l) => l.toFixed(1)).join(" ")} before, ${figures.loadavg.after.map((l) => l.toFixed(1)).join(" ")} after) ==`);
  if (figures.skipped) return void console.log(figures.skipped);
  const each = (values: number[], fmt = f0) => values.map(fmt).join(" + ");
  console.table(
    figures.runs.map((r) => ({
      target: r.target,
      nodes: r.nodes,
      "fan-out p50 ms": f0(r.fanout.p50),
      "p95 ms": f0(r.fanout.p95),
      "p99 ms": f0(r.fanout.p99),
      "p95 per node": each(r.perNodeP95),
      lost: r.lost,
      "out of order": r.outOfOrder,
      refused: Object.entries(r.refusals).map(([what, n]) => `${n} ${what}`).join(", ") || "none",
      "RSS per node MB": each(r.rssMb),
      "CPU per node %": each(r.cpuPct),
    })),
  );
  const bare = figures.runs.find((r) => r.nodes === 1 && r.target.startsWith("bare"));
  if (bare) for (const r of figures.runs.filter((r) => r !== bare)) console.log(`${r.target}: p95 ${(r.fanout.p95 / bare.fanout.p95).toFixed(2)}x bare socket.io`);
}

export function nodesOptions(args: string[], quick = false): NodesOptions {
  const option = (name: string) => optionIn(args, name);
  return { phones: Number(option("nodes-n") ?? (quick ? 200 : 1000)), steadySeconds: Number(option("nodes-seconds") ?? (quick ? 5 : 30)), postsPerSecond: Number(option("nodes-rate") ?? 20) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printTwoNodes(await twoNodesBench(nodesOptions(process.argv.slice(2), process.argv.includes("--quick"))));
  process.exit(0);
}
