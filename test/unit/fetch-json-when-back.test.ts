// A screen catching up reads JSON from its server (app/lib/reload-when-back.ts): it waits out a
// gateway whose app server is not back yet, and gives up at once on a refusal or a redirect. A
// page's loaders (the console catches up by them) get the same time limit per try.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { fetchJsonWhenBack, reloadWhenBack } from "../../app/lib/reload-when-back.ts";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? (server.closeAllConnections(), server.close(() => resolve())) : resolve())));

/** A real server answering each request with the next of `answers` (the last one again after); `silent` never answers. */
async function serve(answers: Array<{ status: number; body?: unknown; location?: string } | "silent">): Promise<{ url: string; asked: () => number }> {
  let asked = 0;
  server = createServer((request, response) => {
    const answer = answers[Math.min(asked++, answers.length - 1)]!;
    if (answer === "silent") return;
    if (answer.location) response.setHeader("location", answer.location);
    response.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body ?? {}));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/snapshot`, asked: () => asked };
}

describe("fetchJsonWhenBack", () => {
  it("waits while the load balancer says the app server is not there, then gives the answer", async () => {
    const { url, asked } = await serve([{ status: 502 }, { status: 503 }, { status: 200, body: { seq: 7 } }]);
    await expect(fetchJsonWhenBack<{ seq: number }>(url)).resolves.toEqual({ seq: 7 });
    expect(asked()).toBe(3);
  });

  it("asks again when a request is never answered (sent as the Wi-Fi dropped), instead of waiting on it for ever", async () => {
    const { url, asked } = await serve(["silent", { status: 200, body: { seq: 8 } }]);
    await expect(fetchJsonWhenBack<{ seq: number }>(url, 300)).resolves.toEqual({ seq: 8 });
    expect(asked()).toBe(2);
  });

  it("gives up at once when refused, so the page's loader can say where the person belongs", async () => {
    const { url, asked } = await serve([{ status: 403, body: { error: { code: "forbidden" } } }]);
    await expect(fetchJsonWhenBack(url)).rejects.toThrow(/HTTP 403/);
    expect(asked()).toBe(1);
  });

  it("gives up when sent elsewhere (a person removed is redirected to join again)", async () => {
    const { url } = await serve([{ status: 302, location: "/join/ABC123" }, { status: 200, body: { page: "join" } }]);
    await expect(fetchJsonWhenBack(url)).rejects.toThrow(/sent elsewhere/);
  });
});

describe("reloadWhenBack (a page's loaders)", () => {
  it("runs the loader again when a run is never answered, though the run itself cannot be cancelled", async () => {
    const { url, asked } = await serve(["silent", { status: 200, body: { seq: 9 } }]);
    // Like Remix's serverLoader: a fetch of its own, deaf to the try's signal.
    const serverLoader = async () => (await fetch(url)).json() as Promise<{ seq: number }>;
    await expect(reloadWhenBack(serverLoader, 300)).resolves.toEqual({ seq: 9 });
    expect(asked()).toBe(2);
  });
});
