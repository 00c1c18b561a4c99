// The venue Wi-Fi scenario of issue 15 (test/support/venue-wifi.ts), measured: how long after the
// link calms every screen holds every acknowledged post, and what it cost to get there.
import { ISSUE_15, runVenueWifi, venueNetworkUnavailable } from "../test/support/venue-wifi.ts";

export interface VenueWifiFigures {
  phones: number;
  posts: number;
  convergeP50Ms: number;
  convergeMaxMs: number;
  resends: number;
  reconnects: number;
  silenceReconnects: number;
  snapshotReloads: number;
  appliedTwice: number;
  linkConnections: number;
}

/** Runs the scenario once; a string says why it could not run here. */
export async function venueWifiFigures(log: (line: string) => void): Promise<VenueWifiFigures | string> {
  const unavailable = venueNetworkUnavailable();
  if (unavailable) return `skipped: ${unavailable}`;
  const result = await runVenueWifi(ISSUE_15, log);
  const converge = result.screens.map((s) => s.convergedMs ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
  const sum = (pick: (s: (typeof result.screens)[number]) => number) => result.screens.reduce((total, s) => total + pick(s), 0);
  return {
    phones: result.screens.filter((s) => s.role === "phone").length,
    posts: result.acked.size,
    convergeP50Ms: converge[Math.floor(converge.length / 2)]!,
    convergeMaxMs: converge[converge.length - 1]!,
    resends: result.resends,
    reconnects: sum((s) => s.reconnects),
    silenceReconnects: sum((s) => s.silences),
    snapshotReloads: sum((s) => s.snapshotReloads),
    appliedTwice: sum((s) => s.appliedTwice),
    linkConnections: result.linkConnections,
  };
}

export function printVenueWifi(figures: VenueWifiFigures | string): void {
  const d = ISSUE_15.drops;
  console.log(`\n== Venue Wi-Fi (issue 15): ${ISSUE_15.phones} phones + projector in a network namespace, 120 ms ± 60 ms, 3% loss, ${d.length} drops of ${d[0]!.forMs / 1000} s (${d.filter((x) => x.silent).length} silent) ==`);
  if (typeof figures === "string") return void console.log(figures);
  console.table([
    {
      "screens": figures.phones + 1,
      "posts acked": figures.posts,
      "converge p50 (ms)": Math.round(figures.convergeP50Ms),
      "converge max (ms)": Math.round(figures.convergeMaxMs),
      "resends": figures.resends,
      "reconnects": figures.reconnects,
      "of which after silence": figures.silenceReconnects,
      "snapshot reloads": figures.snapshotReloads,
      "applied twice": figures.appliedTwice,
    },
  ]);
  console.log("converge: from the link calming until a screen held every acknowledged post (0: it already did). Sums over all screens.");
}
