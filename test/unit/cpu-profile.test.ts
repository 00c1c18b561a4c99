// The soak's "where did the CPU go in a late minute": a window of a V8 profile, placed by the wall
// clock the profile ended at, counts only that window's samples, idle left out.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cpuByFunction } from "../../bench/cpu-profile.ts";

const frame = (id: number, functionName: string) => ({ id, callFrame: { functionName, url: "file:///app/server/x.ts", lineNumber: id }, children: [] });

describe("cpuByFunction", () => {
  it("sums self time per function inside the window only", async () => {
    // Two minutes of samples every 10 ms on the profile's own clock (µs): "early" in the first, "late" and idle in the second.
    const samples: number[] = [];
    const timeDeltas: number[] = [];
    for (let t = 0; t < 12_000; t++) {
      samples.push(t < 5_990 ? 2 : t % 2 ? 3 : 1); // ends 100 ms before the minute: no sample on the edge
      timeDeltas.push(10_000);
    }
    const profile = { nodes: [frame(1, "(idle)"), frame(2, "early"), frame(3, "late")], startTime: 5_000_000, endTime: 5_000_000 + 120_000_000, samples, timeDeltas };
    const file = path.join(await mkdtemp(path.join(tmpdir(), "onm-prof-")), "p.cpuprofile");
    await writeFile(file, JSON.stringify(profile));
    const endedAt = Date.UTC(2026, 0, 1, 12, 2); // the process exited at 12:02 wall clock

    const lastMinute = cpuByFunction(file, endedAt - 60_000, endedAt, endedAt);
    expect(lastMinute.map((r) => r.fn)).toEqual(["late x.ts:4"]);
    expect(lastMinute[0]!.ms).toBeCloseTo(30_000, -2);
    const firstMinute = cpuByFunction(file, endedAt - 120_000, endedAt - 60_000, endedAt);
    expect(firstMinute[0]).toMatchObject({ fn: "early x.ts:3" });
    expect(firstMinute[0]!.ms).toBeCloseTo(59_900, -2);
    expect(firstMinute[1]!.ms).toBeLessThan(100); // the last 100 ms of the first minute were "late"
  });
});
