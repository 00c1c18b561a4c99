// Where a process's CPU went in a window of time, from a V8 .cpuprofile (node --cpu-prof): self
// time per function, the biggest first. The profile's clock is monotonic, not the wall clock, so
// the window is placed by the wall-clock time the profile ended (the process's exit).
import { readFileSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms) per function between `from` and `to` (wall-clock ms), the profile having ended at `endedAt`. */
export function cpuByFunction(file: string, from: number, to: number, endedAt: number, top = 12): Array<{ fn: string; ms: number }> {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const names = new Map(profile.nodes.filter((n) => n.callFrame.functionName !== "(idle)").map((n) => [n.id, label(n)]));
  // Microseconds on the profile's clock.
  const fromUs = profile.endTime - (endedAt - from) * 1000;
  const toUs = profile.endTime - (endedAt - to) * 1000;
  const self = new Map<string, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    const next = t + (profile.timeDeltas[i + 1] ?? 0);
    if (t < fromUs || t >= toUs) continue;
    const name = names.get(profile.samples[i]!);
    if (name === undefined) continue; // idle
    self.set(name, (self.get(name) ?? 0) + (next - t) / 1000);
  }
  return [...self].map(([fn, ms]) => ({ fn, ms })).sort((a, b) => b.ms - a.ms).slice(0, top);
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? path.basename(url.replace(/^file:\/\//, "")) : "";
  return `${functionName || "(anonymous)"}${file ? ` ${file}:${lineNumber + 1}` : ""}`;
}
