// The agenda and the sharing round's clock, with a fake clock (plain numbers for "now").
import { describe, expect, it } from "vitest";
import { agendaFromTemplate, currentStage, defaultAgenda, firstStageOfPhase, followingStage, goToStage, moveStage, nextStage, shiftStage, stageRemainingMs, totalMinutes, updateStage } from "../../server/market/agenda.ts";
import { addRoundTime, endRound, nextSpeaker, pauseRound, pendingTimeUp, pickSpeaker, resumeRound, skipSpeaker, startRound } from "../../server/market/round.ts";
import { addTime, clockOffset, isTimeUp, pauseClock, remainingMs, resumeClock, startClock } from "../../server/market/round-clock.ts";

const T0 = 1_700_000_000_000;

describe("the round clock", () => {
  it("counts down, pauses, resumes and takes added time", () => {
    let clock = startClock(60_000, T0);
    expect(remainingMs(clock, T0 + 20_000)).toBe(40_000);
    clock = pauseClock(clock, T0 + 20_000);
    // Paused: time passing changes nothing.
    expect(remainingMs(clock, T0 + 500_000)).toBe(40_000);
    clock = resumeClock(clock, T0 + 100_000);
    expect(remainingMs(clock, T0 + 110_000)).toBe(30_000);
    clock = addTime(clock, 30_000, T0 + 110_000);
    expect(remainingMs(clock, T0 + 110_000)).toBe(60_000);
    expect(isTimeUp(clock, T0 + 169_999)).toBe(false);
    expect(isTimeUp(clock, T0 + 170_000)).toBe(true);
    expect(remainingMs(clock, T0 + 999_999)).toBe(0);
  });

  it("adding time to a turn already over counts from now, and adds to a paused turn", () => {
    const over = startClock(60_000, T0);
    expect(remainingMs(addTime(over, 30_000, T0 + 90_000), T0 + 90_000)).toBe(30_000);
    const paused = pauseClock(startClock(60_000, T0), T0 + 50_000);
    expect(remainingMs(addTime(paused, 30_000, T0 + 60_000), T0 + 1e6)).toBe(40_000);
  });

  it("lets a device with a wrong clock show the server's remaining time", () => {
    const clock = startClock(60_000, T0);
    const deviceNow = T0 - 7_000 + 15_000; // the phone's clock is 7 s behind; 15 s have passed
    const offset = clockOffset(T0 + 15_000, deviceNow);
    expect(remainingMs(clock, deviceNow + offset)).toBe(45_000);
  });
});

describe("a sharing round", () => {
  const start = () => startRound({ id: "r1", focus: "offer", scope: "room", perSpeakerMs: 60_000, order: ["ana", "bo", "cy", "di"] }, T0);

  it("starts with the first person and 'next' skips those already heard", () => {
    let round = start();
    expect(round.speakerId).toBe("ana");
    round = pickSpeaker(round, "cy", T0 + 10_000); // the host picks Cy out of order
    expect(round.heard).toEqual(["ana"]);
    round = nextSpeaker(round, T0 + 20_000);
    expect(round.speakerId).toBe("bo");
    round = nextSpeaker(round, T0 + 30_000);
    expect(round.speakerId).toBe("di"); // Cy was heard already
    expect(remainingMs(round.clock, T0 + 30_000)).toBe(60_000);
    round = nextSpeaker(round, T0 + 40_000);
    expect(round.status).toBe("ended");
    expect(new Set(round.heard)).toEqual(new Set(["ana", "bo", "cy", "di"]));
  });

  it("skip passes someone over without counting them heard; the host can pick them later", () => {
    let round = start();
    round = skipSpeaker(round, T0 + 5_000);
    expect(round.speakerId).toBe("bo");
    expect(round.skipped).toEqual(["ana"]);
    expect(round.heard).toEqual([]);
    round = pickSpeaker(round, "ana", T0 + 6_000);
    expect(round.speakerId).toBe("ana");
    expect(round.skipped).toEqual([]);
  });

  it("pause, resume and +30 s act on the current turn; a new turn starts full", () => {
    let round = start();
    round = pauseRound(round, T0 + 45_000);
    expect(round.clock.status).toBe("paused");
    round = resumeRound(round, T0 + 90_000);
    expect(remainingMs(round.clock, T0 + 90_000)).toBe(15_000);
    round = addRoundTime(round, 30_000, T0 + 90_000);
    expect(remainingMs(round.clock, T0 + 90_000)).toBe(45_000);
    round = nextSpeaker(round, T0 + 100_000);
    expect(remainingMs(round.clock, T0 + 100_000)).toBe(60_000);
    round = endRound(round);
    expect(round.speakerId).toBeNull();
    expect(nextSpeaker(round, T0 + 200_000)).toBe(round);
  });

  it("has a time-up to wait for only while a turn counts down and is not yet marked", () => {
    let round = start();
    expect(pendingTimeUp(round)).toBe(T0 + 60_000);
    expect(pendingTimeUp({ ...round, timeUpAt: T0 + 60_000 })).toBeUndefined();
    round = pauseRound(round, T0 + 10_000);
    expect(pendingTimeUp(round)).toBeUndefined(); // a paused turn waits for the host, not the clock
    round = resumeRound(round, T0 + 20_000);
    expect(pendingTimeUp(round)).toBe(T0 + 70_000);
    expect(pendingTimeUp(endRound(round))).toBeUndefined();
    expect(pendingTimeUp(null)).toBeUndefined();
  });

  it("in tables scope, 'next' moves every table to its next member until the largest table is done", () => {
    let round = startRound({ id: "r2", focus: "need", scope: "tables", perSpeakerMs: 30_000, order: [] }, T0);
    round = nextSpeaker({ ...round, slot: -1 }, T0, [3, 2]);
    expect(round.slot).toBe(0);
    round = nextSpeaker(round, T0 + 1, [3, 2]);
    round = nextSpeaker(round, T0 + 2, [3, 2]);
    expect(round.slot).toBe(2);
    round = nextSpeaker(round, T0 + 3, [3, 2]);
    expect(round.status).toBe("ended");
  });
});

describe("the agenda", () => {
  it("starts with the format's ten stages, offers before needs, each in a phase with minutes and a line for the room", () => {
    const agenda = defaultAgenda();
    expect(agenda.stages.map((s) => s.key)).toEqual([
      "explore-offers", "hear-offers", "network-offers", "explore-needs", "hear-needs",
      "network-rotate", "prioritise", "still-open", "final-networking", "celebrate",
    ]);
    expect(agenda.currentId).toBeNull();
    for (const stage of agenda.stages) {
      expect(stage.minutes).toBeGreaterThan(0);
      expect(stage.instructions.length).toBeGreaterThan(10);
    }
    expect(agenda.stages[0]!.posting).toEqual(["offer"]);
    expect(agenda.stages[3]!.posting).toEqual(["need"]);
    expect(agenda.stages[5]!.posting).toEqual(["offer", "need"]);
    expect(agenda.stages.at(-1)!.phase).toBe("closed");
    expect(totalMinutes(agendaFromTemplate("short"))).toBeLessThanOrEqual(60);
  });

  it("moves on, skipping skipped stages, and counts each stage down from when it began", () => {
    let agenda = updateStage(defaultAgenda(), "s2", { skipped: true });
    agenda = goToStage(agenda, "s1", T0);
    expect(stageRemainingMs(agenda, T0 + 60_000)).toBe(4 * 60_000);
    expect(followingStage(agenda)?.id).toBe("s3");
    agenda = nextStage(agenda, T0 + 300_000);
    expect(currentStage(agenda)?.key).toBe("network-offers");
    expect(stageRemainingMs(agenda, T0 + 300_000)).toBe(10 * 60_000);
    // Running over shows as negative time.
    expect(stageRemainingMs(agenda, T0 + 300_000 + 11 * 60_000)).toBe(-60_000);
  });

  it("reorders, renames and re-times stages without losing the current one", () => {
    let agenda = goToStage(defaultAgenda(), "s4", T0);
    agenda = moveStage(agenda, "s4", 0);
    agenda = updateStage(agenda, "s4", { title: "Needs first", minutes: 3 });
    expect(agenda.stages[0]).toMatchObject({ id: "s4", title: "Needs first", minutes: 3 });
    expect(currentStage(agenda)?.id).toBe("s4");
    expect(firstStageOfPhase(agenda, "sharing")?.id).toBe("s4");
    expect(() => goToStage(agenda, "nope", T0)).toThrow(RangeError);
  });

  it("shifts a stage up or down by places, stopping at either end", () => {
    const ids = (agenda: ReturnType<typeof defaultAgenda>) => agenda.stages.map((s) => s.id).join(" ");
    let agenda = shiftStage(defaultAgenda(), "s5", -2);
    expect(ids(agenda)).toBe("s1 s2 s5 s3 s4 s6 s7 s8 s9 s10");
    agenda = shiftStage(agenda, "s5", 1);
    expect(ids(agenda)).toBe("s1 s2 s3 s5 s4 s6 s7 s8 s9 s10");
    expect(ids(shiftStage(agenda, "s2", -5))).toBe("s2 s1 s3 s5 s4 s6 s7 s8 s9 s10");
    expect(ids(shiftStage(agenda, "s9", 5))).toBe("s1 s2 s3 s5 s4 s6 s7 s8 s10 s9");
    expect(() => shiftStage(agenda, "nope", 1)).toThrow(RangeError);
  });
});
