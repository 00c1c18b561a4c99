/**
 * How long other requests wait while the server imports a market at the live caps (2,000 people,
 * 10,000 posts): a GET is sent every 10 ms on its own connection from the moment the import's last
 * byte is sent until the import is answered, and the latencies are printed. Part of `npm run bench`
 * (skip with --no-import); alone: `npx tsx bench/import.ts`.
 */
import http from "node:http";
import { performance } from "node:perf_hooks";
import { bigExport } from "../test/support/big-export.ts";
import { startServer } from "../test/support/server.ts";

export interface ImportBenchResult {
  people: number;
  posts: number;
  bodyMb: number;
  importMs: number;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export async function runImportBench(people = 2000, posts = 10_000): Promise<ImportBenchResult> {
  const server = await startServer();
  try {
    const created = await fetch(`${server.origin}/api/markets`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "Another room" }) });
    const { code } = (await created.json()) as { code: string };
    const body = Buffer.from(JSON.stringify(bigExport(people, posts)));
    const agent = new http.Agent({ keepAlive: true });
    const get = () =>
      new Promise<number>((resolve, reject) => {
        const start = performance.now();
        http.get(`${server.origin}/api/markets/${code}`, { agent }, (r) => r.resume().on("end", () => resolve(performance.now() - start))).on("error", reject);
      });
    await get();
    const request = http.request(`${server.origin}/api/markets/import`, { method: "POST", headers: { "content-type": "application/json", "content-length": body.length } });
    let done = false;
    const answered = new Promise<void>((resolve, reject) => {
      request.on("response", (r) => r.resume().on("end", () => ((done = true), resolve())));
      request.on("error", reject);
    });
    await new Promise<void>((resolve) => request.write(body.subarray(0, -1), () => resolve()));
    const started = performance.now();
    request.end(body.subarray(-1));
    const latencies: Array<Promise<number>> = [];
    while (!done) {
      latencies.push(get());
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await answered;
    const importMs = performance.now() - started;
    const sorted = (await Promise.all(latencies)).sort((a, b) => a - b);
    agent.destroy();
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return { people, posts, bodyMb: body.length / 1024 / 1024, importMs, requests: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: sorted[sorted.length - 1] ?? 0 };
  } finally {
    await server.stop();
  }
}

export function printImportBench(result: ImportBenchResult): void {
  const r1 = (n: number) => Math.round(n * 10) / 10;
  console.log("\n== Other requests during an import at the caps (GET every 10 ms on its own connection) ==");
  console.table([{ people: result.people, posts: result.posts, "body MB": r1(result.bodyMb), "import ms": Math.round(result.importMs), requests: result.requests, "p50 ms": r1(result.p50Ms), "p95 ms": r1(result.p95Ms), "max ms": r1(result.maxMs) }]);
}

if (import.meta.url === `file://${process.argv[1]}`) printImportBench(await runImportBench());
