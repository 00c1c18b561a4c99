// The venue's phones and projector, run inside the venue's network namespace by
// test/support/venue-wifi.ts: every screen is a real socket.io client running the pages' own live
// connection and reducer (test/support/live-screen.ts), and the phones post their cards through
// the bad link, resending each with its clientId until it is acknowledged.
// Talks to the test as JSON lines: commands on stdin, reports on stdout.
import { createInterface } from "node:readline";
import type { LiveEvent } from "../../../app/lib/market-state.ts";
import { openLiveScreen, type LiveScreen } from "../live-screen.ts";
import { seededRandom } from "../seeded-random.ts";

export interface PhonesConfig {
  origin: string;
  code: string;
  tokens: string[];
  cardsPerPhone: number;
  /** Cards go out at random moments within this window after the `post` command. */
  postWindowMs: number;
  seed: number;
}

export type PhonesCommand = { cmd: "post" } | { cmd: "calm" } | { cmd: "probe"; text: string } | { cmd: "report" } | { cmd: "exit" };

export interface ScreenReport {
  role: "phone" | "projector";
  connected: boolean;
  posts: string[];
  reconnects: number;
  silences: number;
  snapshotReloads: number;
  appliedTwice: number;
  /** ms from the link calming until it held every acknowledged post (0: before). */
  convergedMs?: number;
  heardProbeLive: boolean;
  /** What it knows, to tell why it is behind. */
  debug: string;
}

export type PhonesMessage =
  | { type: "ready" }
  | { type: "acked"; text: string; postId: string }
  | { type: "all-acked"; resends: number }
  | { type: "converged" }
  | { type: "probe-heard" }
  | { type: "report"; screens: ScreenReport[]; resends: number };

const config = JSON.parse(process.argv[2] ?? "{}") as PhonesConfig;
const say = (message: PhonesMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);
const random = seededRandom(config.seed);

interface Tracked {
  role: ScreenReport["role"];
  screen: LiveScreen;
  /** When it first held each post id. */
  firstHeld: Map<string, number>;
}

const screens: Tracked[] = [];
const acked = new Map<string, string>(); // text -> post id
let resends = 0;
let calmAt: number | undefined;
let allAcked = false;
let probe: string | undefined;

function track(role: Tracked["role"], screen: LiveScreen): Tracked {
  const tracked: Tracked = { role, screen, firstHeld: new Map() };
  screens.push(tracked);
  return tracked;
}

function noteHeld(tracked: Tracked): void {
  const now = Date.now();
  for (const post of tracked.screen.state().snapshot.posts) if (!tracked.firstHeld.has(post.id)) tracked.firstHeld.set(post.id, now);
}

const holdsAll = (tracked: Tracked) => [...acked.values()].every((id) => tracked.firstHeld.has(id));
const heardLive = (tracked: Tracked, text: string) => tracked.screen.received.some((e: LiveEvent) => e.type === "post:created" && e.post.text === text);

let converged = false;
let probeHeard = false;
function checkProgress(): void {
  if (!converged && allAcked && calmAt !== undefined && screens.every(holdsAll)) {
    converged = true;
    say({ type: "converged" });
  }
  if (!probeHeard && probe !== undefined && screens.every((s) => heardLive(s, probe!))) {
    probeHeard = true;
    say({ type: "probe-heard" });
  }
}

async function postCard(token: string, text: string, kind: "offer" | "need", clientId: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) resends += 1;
    try {
      const response = await fetch(`${config.origin}/api/markets/${config.code}/posts`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ kind, text, clientId }),
        // Long enough for a busy server, short enough to give up on a silently cut connection.
        signal: AbortSignal.timeout(6000),
      });
      if (response.ok) {
        const { post } = (await response.json()) as { post: { id: string } };
        acked.set(text, post.id);
        say({ type: "acked", text, postId: post.id });
        return;
      }
      if (response.status < 500 && response.status !== 429) throw new Error(`refused: HTTP ${response.status} ${await response.text()}`);
    } catch (error) {
      if (String(error).includes("refused:")) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, 2000)));
  }
}

async function postEverything(): Promise<void> {
  const cards = config.tokens.flatMap((token, phone) =>
    Array.from({ length: config.cardsPerPhone }, (_, card) => ({
      token,
      text: `Card ${phone + 1}.${card + 1}`,
      kind: (card % 2 ? "need" : "offer") as "offer" | "need",
      clientId: `venue-${phone + 1}-${card + 1}`,
      at: random() * config.postWindowMs,
    })),
  );
  await Promise.all(cards.map((card) => new Promise((resolve) => setTimeout(resolve, card.at)).then(() => postCard(card.token, card.text, card.kind, card.clientId))));
  allAcked = true;
  say({ type: "all-acked", resends });
  checkProgress();
}

function report(): void {
  const ids = [...acked.values()];
  say({
    type: "report",
    resends,
    screens: screens.map(({ role, screen, firstHeld }) => {
      const heldAll = ids.length > 0 && ids.every((id) => firstHeld.has(id));
      return {
        role,
        connected: screen.connected(),
        posts: screen.state().snapshot.posts.map((p) => p.id),
        reconnects: screen.connection.reconnects,
        silences: screen.connection.silences,
        snapshotReloads: screen.snapshotReloads,
        appliedTwice: screen.appliedTwice,
        convergedMs: heldAll && calmAt !== undefined ? Math.max(0, Math.max(...ids.map((id) => firstHeld.get(id)!)) - calmAt) : undefined,
        heardProbeLive: probe !== undefined && heardLive({ role, screen, firstHeld }, probe),
        debug: `seq ${screen.state().snapshot.seq}, stale ${screen.state().stale}, loading ${screen.loading}, last beat ${screen.lastBeat ? `seq ${screen.lastBeat.seq} ${Date.now() - screen.lastBeat.at} ms ago` : "never"}, events ${screen.received.length}`,
      };
    }),
  });
}

async function main(): Promise<void> {
  const opened = await Promise.all([
    ...config.tokens.map((token) => openLiveScreen(config.origin, config.code, token).then((screen) => track("phone", screen))),
    openLiveScreen(config.origin, config.code).then((screen) => track("projector", screen)),
  ]);
  // VENUE_DEBUG=1: the projector's connection story on stderr, to see where time goes.
  if (process.env.VENUE_DEBUG) {
    const t0 = Date.now();
    const socket = opened.at(-1)!.screen.connection.socket;
    const note = (what: string) => console.error(`projector ${((Date.now() - t0) / 1000).toFixed(1)} ${what}`);
    socket.on("connect", () => note("connect"));
    socket.on("disconnect", (reason) => note(`disconnect ${reason}`));
    socket.on("connect_error", (e) => note(`connect_error ${e.message}`));
    socket.io.on("reconnect_attempt", (n) => note(`reconnect_attempt ${n}`));
  }
  for (const tracked of opened) {
    noteHeld(tracked);
    tracked.screen.onChange(() => {
      noteHeld(tracked);
      checkProgress();
    });
  }
  // Connected, and its first beat heard and acted on: the screen holds the room as it stands.
  const caughtUp = (screen: LiveScreen) => screen.connected() && screen.lastBeat !== undefined && !screen.loading && !screen.state().stale;
  await Promise.all(opened.map((t) => t.screen.waitUntil(() => caughtUp(t.screen), 60_000, "the first connection")));
  say({ type: "ready" });

  for await (const line of createInterface({ input: process.stdin })) {
    const command = JSON.parse(line) as PhonesCommand;
    if (command.cmd === "post") void postEverything();
    else if (command.cmd === "calm") {
      calmAt = Date.now();
      checkProgress();
    } else if (command.cmd === "probe") {
      probe = command.text;
      checkProgress();
    } else if (command.cmd === "report") report();
    else if (command.cmd === "exit") break;
  }
  for (const { screen } of screens) screen.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
