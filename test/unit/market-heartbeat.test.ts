// The heartbeat a server sends each market room: skipped for a room an event reached just now
// (its sign of life), sent again once the room has been quiet, so no screen goes silent for long.
import { afterEach, describe, expect, it } from "vitest";
import { MarketHeartbeat } from "../../server/realtime/market-heartbeat.ts";
import { silenceLimitMs } from "../../server/realtime/heartbeat.ts";
import type { Heartbeat } from "../../server/realtime/heartbeat.ts";

describe("market heartbeat", () => {
  let heartbeat: MarketHeartbeat | undefined;
  afterEach(() => heartbeat?.stop());

  function started(every = 2000) {
    let now = 0;
    const beats: Array<[string, Heartbeat]> = [];
    let flushed = 0;
    heartbeat = new MarketHeartbeat({ flushEvents: () => void flushed++, emit: (marketId, beat) => void beats.push([marketId, beat]) }, every, () => now);
    return { heartbeat, beats, flushed: () => flushed, at: (ms: number) => void (now = ms) };
  }

  it("beats a quiet room with the last seq it sent, and skips a room an event just reached", () => {
    const { heartbeat, beats, at } = started();
    heartbeat.roomOpened("quiet");
    heartbeat.roomOpened("busy");
    expect(heartbeat.beatFor("quiet", 4)).toEqual({ seq: 4, every: 2000 });
    heartbeat.beatFor("busy", 10);
    at(1000);
    heartbeat.sentEvent("quiet", 5);
    at(1700);
    heartbeat.sentEvent("busy", 11);
    at(2000);
    heartbeat.beat();
    // "busy" heard seq 11 0.3 s ago: no beat for it. "quiet" heard seq 5 a second ago: a beat.
    expect(beats).toEqual([["quiet", { seq: 5, every: 2000 }]]);
    // Quiet since 1.7 s: at 4 s "busy" is beaten again, with the seq of the event it heard last.
    at(4000);
    heartbeat.beat();
    expect(beats.filter(([id]) => id === "busy")).toEqual([["busy", { seq: 11, every: 2000 }]]);
  });

  it("never leaves a room silent longer than a screen waits before it calls its connection dead", () => {
    const every = 2000;
    const { heartbeat, beats, at } = started(every);
    heartbeat.roomOpened("m");
    heartbeat.beatFor("m", 0);
    // Events at the worst moments: just after each beat, and just inside the skip window.
    const heard: number[] = [0];
    let seq = 0;
    for (let t = 0; t <= 60_000; t += 50) {
      at(t);
      if (t % 7000 === 50 || t % 7000 === 3550) {
        heartbeat.sentEvent("m", ++seq);
        heard.push(t);
      }
      if (t > 0 && t % every === 0) {
        const before = beats.length;
        heartbeat.beat();
        if (beats.length > before) heard.push(t);
      }
    }
    const gaps = heard.slice(1).map((t, i) => t - heard[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1.25 * every);
    expect(Math.max(...gaps)).toBeLessThan(silenceLimitMs(every));
  });

  it("sends the events still waiting before it beats, so a beat never announces a seq its event has not reached", () => {
    const { heartbeat, flushed } = started();
    heartbeat.roomOpened("m");
    heartbeat.beat();
    expect(flushed()).toBe(1);
  });

  it("on several nodes, waits for a market's events to go out before its beat, and lets one beat wait, the latest", () => {
    let now = 0;
    const beats: Array<[string, Heartbeat]> = [];
    const held: Array<() => void> = [];
    heartbeat = new MarketHeartbeat({ flushEvents: () => {}, afterEventsOut: (_marketId, then) => void held.push(then), emit: (marketId, beat) => void beats.push([marketId, beat]) }, 2000, () => now);
    heartbeat.roomOpened("m");
    heartbeat.beatFor("m", 3);
    heartbeat.sentEvent("m", 4);
    // The database holds the events up across three beats: nothing is announced meanwhile.
    for (const t of [2000, 4000, 6000]) {
      now = t;
      if (t === 4000) heartbeat.sentEvent("m", 5);
      heartbeat.beat();
    }
    expect(beats).toEqual([]);
    expect(held).toHaveLength(1);
    // Out at last: one beat, with the latest seq.
    held.shift()!();
    expect(beats).toEqual([["m", { seq: 5, every: 2000 }]]);
    // The next beat waits again on its own.
    now = 8000;
    heartbeat.beat();
    expect(held).toHaveLength(1);
  });
});
