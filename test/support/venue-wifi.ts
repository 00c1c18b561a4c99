// The venue's bad Wi-Fi, end to end (issue 15): phones in their own network namespace reach the
// server only through a faulty link, which the scenario takes down three times for 4 s (once
// silently: the server never hears the reset). Run by test/reliability/venue-wifi.test.ts, which
// asserts on what it returns, and by `npm run bench`, which prints its figures.
//
//   venue netns: phones + projector  --veth /30-->  hall netns: gateway.mjs  --Unix socket-->
//   this process: FaultyLink (delay, loss, drops)  --TCP-->  the server (127.0.0.1, free port)
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { FaultyLink, VENUE_WIFI } from "./venue/faulty-link.ts";
import type { PhonesCommand, PhonesConfig, PhonesMessage, ScreenReport } from "./venue/phones.ts";
import { call, hostStartsMarket, phoneJoins, setPhase } from "./market-api.ts";
import { seededRandom } from "./seeded-random.ts";
import { startServer } from "./server.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const HALL_ADDRESS = "10.231.0.1";
const VENUE_ADDRESS = "10.231.0.2";
const GATEWAY_PORT = 8080;

/** Why the scenario cannot run here (it needs root and iproute2's `ip netns`), or undefined. */
export function venueNetworkUnavailable(): string | undefined {
  if (process.platform !== "linux") return "network namespaces need Linux";
  if (process.getuid?.() !== 0) return "creating network namespaces needs root (CI runs as root)";
  try {
    execFileSync("ip", ["netns", "list"], { stdio: "ignore" });
  } catch {
    return "`ip netns` is not available (install iproute2)";
  }
  return undefined;
}

export interface VenueWifiOptions {
  phones: number;
  cardsPerPhone: number;
  seed: number;
  /** What happens to the link, in ms after the phones start posting. */
  drops: Array<{ at: number; forMs: number; silent: boolean }>;
  postWindowMs: number;
  /** How long every screen may take to hold every acknowledged post once the link calms. */
  convergeWithinMs: number;
}

export const ISSUE_15: VenueWifiOptions = {
  phones: 60,
  cardsPerPhone: 2,
  seed: 15,
  // The silent drop first: the server's ping timeout for the connections it lost (25 s + 20 s)
  // then falls within the run, which is when phones used to go deaf.
  drops: [
    { at: 1000, forMs: 4000, silent: true },
    { at: 8000, forMs: 4000, silent: false },
    { at: 15000, forMs: 4000, silent: false },
  ],
  postWindowMs: 14000,
  convergeWithinMs: 10_000,
};

export interface VenueWifiResult {
  acked: Map<string, string>;
  /** Every post the server holds, text -> how many times. */
  onServer: Map<string, number>;
  screens: ScreenReport[];
  resends: number;
  probeText: string;
  /** Connections the relay accepted (each reconnect and each HTTP connection opens one). */
  linkConnections: number;
}

/** Runs one scenario; throws when a step does not happen in time, with what each screen was missing. */
export async function runVenueWifi(options: VenueWifiOptions, log: (line: string) => void = () => {}): Promise<VenueWifiResult> {
  const id = `${process.pid.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const venue = `onm-venue-${id}`;
  const hall = `onm-hall-${id}`;
  const work = mkdtempSync(path.join(tmpdir(), "onm-venue-"));
  const relaySocket = path.join(work, "link.sock");
  const children: ChildProcess[] = [];
  const server = await startServer({ env: { LIMIT_POSTS_PER_MINUTE: "100000", LIMIT_JOINS_PER_MINUTE_PER_ADDRESS: "100000" } });
  let link: FaultyLink | undefined;
  try {
    const market = await hostStartsMarket(server.origin, "Venue Wi-Fi");
    const phones = [];
    for (let i = 0; i < options.phones; i++) phones.push(await phoneJoins(server.origin, market.code, `Phone ${i + 1}`));
    await setPhase(server.origin, market, "sharing");

    createVenueNetwork(venue, hall, id);
    const port = Number(new URL(server.origin).port);
    link = new FaultyLink({ host: "127.0.0.1", port }, VENUE_WIFI, seededRandom(options.seed));
    await link.listen(relaySocket);
    const gateway = spawn("ip", ["netns", "exec", hall, process.execPath, path.join(ROOT, "test/support/venue/gateway.mjs"), HALL_ADDRESS, String(GATEWAY_PORT), relaySocket], { stdio: ["ignore", "pipe", "inherit"] });
    children.push(gateway);
    await new Promise<void>((resolve, reject) => {
      gateway.stdout!.once("data", () => resolve());
      gateway.once("exit", (code) => reject(new Error(`gateway exited with ${code}`)));
    });

    const config: PhonesConfig = {
      origin: `http://${HALL_ADDRESS}:${GATEWAY_PORT}`,
      code: market.code,
      tokens: phones.map((p) => p.token),
      cardsPerPhone: options.cardsPerPhone,
      postWindowMs: options.postWindowMs,
      seed: options.seed,
    };
    const child = spawn("ip", ["netns", "exec", venue, process.execPath, "--import", "tsx", "test/support/venue/phones.ts", JSON.stringify(config)], { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] });
    children.push(child);
    const phonesSay = phonesChannel(child);
    const command = (c: PhonesCommand) => child.stdin!.write(`${JSON.stringify(c)}\n`);

    // Setting up 61 screens and posting are not what is measured: generous, for a busy machine.
    await phonesSay.next("ready", 240_000);
    log(`${options.phones} phones and the projector are live through the faulty link`);
    const acked = new Map<string, string>();
    phonesSay.on("acked", (m) => acked.set(m.text, m.postId));
    const started = Date.now();
    command({ cmd: "post" });
    const allAcked = phonesSay.next("all-acked", 240_000);
    for (const drop of options.drops) {
      await until(started + drop.at);
      log(`link down for ${drop.forMs / 1000} s (${drop.silent ? "silently: nobody hears a reset" : "both ends hear it"})`);
      if (drop.silent) link.silentDown();
      else link.hardDown();
      await until(started + drop.at + drop.forMs);
      link.up();
    }
    command({ cmd: "calm" });
    log("the link is calm");
    const { resends } = await allAcked;
    const converged = phonesSay.next("converged", options.convergeWithinMs);
    await converged.catch(async (error: unknown) => {
      throw new Error(`${String(error)}\n${describeMissing(await report(phonesSay, command), acked)}`);
    });
    log(`every screen holds all ${acked.size} acknowledged posts`);

    // The moment phones went deaf: the server times out the connections it lost silently.
    log(`waiting for the server to time out the ${link.strandedCount} live sockets it lost silently`);
    await withTimeout(link.serverForgotStrandedConnections(), 90_000, "the server's ping timeout");
    const probeText = "Probe after the server's timeouts";
    command({ cmd: "probe", text: probeText });
    const probed = await call(server.origin, "POST", `/api/markets/${market.code}/posts`, { token: phones[0]!.token, body: { kind: "offer", text: probeText, clientId: "probe" } });
    if (probed.status !== 201) throw new Error(`probe post: ${probed.status}`);
    await phonesSay.next("probe-heard", 15_000).catch(async (error: unknown) => {
      const screens = (await report(phonesSay, command)).screens;
      throw new Error(`${String(error)}: ${screens.filter((s) => !s.heardProbeLive).length} screens never heard it live`);
    });
    log("every screen heard a post made after the timeouts, live");

    const final = await report(phonesSay, command);
    const everything = (await call(server.origin, "GET", `/api/markets/${market.code}/posts`, { token: market.hostKey })).body.posts as Array<{ text: string }>;
    const onServer = new Map<string, number>();
    for (const p of everything) onServer.set(p.text, (onServer.get(p.text) ?? 0) + 1);
    command({ cmd: "exit" });
    return { acked, onServer, screens: final.screens, resends: Math.max(resends, final.resends), probeText, linkConnections: link.accepted };
  } finally {
    removeVenueNetwork(venue, hall);
    for (const child of children) child.kill("SIGKILL");
    await link?.close();
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Two namespaces of our own joined by a veth pair, addressed on a private /30 inside them only. */
function createVenueNetwork(venue: string, hall: string, id: string): void {
  const ip = (...args: string[]) => execFileSync("ip", args, { stdio: "pipe" });
  ip("netns", "add", venue);
  ip("netns", "add", hall);
  const venueEnd = `v${id}`.slice(0, 15);
  const hallEnd = `h${id}`.slice(0, 15);
  ip("link", "add", venueEnd, "netns", venue, "type", "veth", "peer", "name", hallEnd, "netns", hall);
  ip("-n", venue, "addr", "add", `${VENUE_ADDRESS}/30`, "dev", venueEnd);
  ip("-n", hall, "addr", "add", `${HALL_ADDRESS}/30`, "dev", hallEnd);
  for (const [ns, dev] of [
    [venue, venueEnd],
    [hall, hallEnd],
    [venue, "lo"],
    [hall, "lo"],
  ] as const)
    ip("-n", ns, "link", "set", dev, "up");
}

function removeVenueNetwork(venue: string, hall: string): void {
  // Deleting a namespace deletes the veth end inside it, and so the pair.
  for (const ns of [venue, hall]) {
    try {
      execFileSync("ip", ["netns", "del", ns], { stdio: "ignore" });
    } catch {
      // never created
    }
  }
}

type Of<T extends PhonesMessage["type"]> = Extract<PhonesMessage, { type: T }>;

function phonesChannel(child: ChildProcess) {
  const listeners = new Map<string, Array<(m: PhonesMessage) => void>>();
  let exited: string | undefined;
  createInterface({ input: child.stdout! }).on("line", (line) => {
    let message: PhonesMessage;
    try {
      message = JSON.parse(line) as PhonesMessage;
    } catch {
      return;
    }
    for (const listener of listeners.get(message.type) ?? []) listener(message);
  });
  child.once("exit", (code) => (exited = `the phones' process exited with ${code}`));
  const on = <T extends PhonesMessage["type"]>(type: T, listener: (m: Of<T>) => void) => {
    const all = listeners.get(type) ?? [];
    all.push(listener as (m: PhonesMessage) => void);
    listeners.set(type, all);
  };
  return {
    on,
    next<T extends PhonesMessage["type"]>(type: T, timeoutMs: number): Promise<Of<T>> {
      return new Promise((resolve, reject) => {
        if (exited) return reject(new Error(exited));
        const timer = setTimeout(() => reject(new Error(`no "${type}" from the phones within ${timeoutMs} ms`)), timeoutMs);
        let done = false;
        on(type, (m) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          resolve(m);
        });
        child.once("exit", (code) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          reject(new Error(`the phones' process exited with ${code}`));
        });
      });
    },
  };
}

function report(channel: ReturnType<typeof phonesChannel>, command: (c: PhonesCommand) => void): Promise<Of<"report">> {
  const answer = channel.next("report", 15_000);
  command({ cmd: "report" });
  return answer;
}

function describeMissing(final: Of<"report">, acked: Map<string, string>): string {
  const ids = [...acked.values()];
  const behind = final.screens.filter((s) => !ids.every((id) => s.posts.includes(id)));
  return `${behind.length} of ${final.screens.length} screens are missing posts: ${behind
    .slice(0, 5)
    .map((s) => `${s.role} (connected ${s.connected}, holds ${s.posts.length}/${ids.length}, reconnects ${s.reconnects}, silences ${s.silences}, ${s.debug})`)
    .join("; ")}`;
}

const until = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gave up waiting for ${what} after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
