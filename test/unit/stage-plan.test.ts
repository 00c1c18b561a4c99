// The stage plan: every stage of both agendas has a row, and what a stage's text tells people to do
// is among what the row allows (so the phone shows it and the server accepts it).
import { describe, expect, it } from "vitest";
import { agendaFromTemplate, goToStage } from "../../server/market/agenda.ts";
import { EVERYDAY_KINDS, kindsOpenIn } from "../../server/market/kinds.ts";
import { openKinds } from "../../server/market/rules.ts";
import { allows, roomPlan, stagePlan, type PhoneAction } from "../../server/market/stage-plan.ts";

// What a stage's English text asks of people, and the phone action that does it.
const ASKS: Array<[RegExp, PhoneAction]> = [
  [/I'm interested|I can help|Tap as you listen|ask to connect|make your connections/i, "react"],
  [/\bwrite\b/i, "post"],
  [/\bStar\b/, "star"],
  [/answer your requests/i, "respond"],
  [/follow-ups are on your phone/i, "follow-ups"],
];

describe("the stage plan", () => {
  for (const template of ["standard", "short"] as const) {
    it(`covers every stage of the ${template} agenda, and allows what each stage's text asks`, () => {
      for (const stage of agendaFromTemplate(template).stages) {
        const plan = stagePlan(stage.key);
        expect(plan, stage.key).toBeDefined();
        expect(stage.phase, stage.key).toBe(plan!.phase);
        // The kinds a stage opens are the kinds table's answer.
        expect(stage.posting, stage.key).toEqual(kindsOpenIn(stage.key));
        for (const [asks, action] of ASKS) {
          if (asks.test(stage.instructions)) expect(allows(plan!, action), `${stage.key}: "${stage.instructions}" needs ${action}`).toBe(true);
        }
        if (plan!.phone.includes("post")) expect(plan!.opens.length, stage.key).toBeGreaterThan(0);
      }
    });
  }

  it("opens nothing in the lobby and once closed, everything when the host opens both, and the stage's kinds otherwise", () => {
    let agenda = agendaFromTemplate("standard");
    agenda = goToStage(agenda, "s2", 0);
    const hearOffers = agenda.stages[1]!;
    expect(roomPlan("sharing", hearOffers, undefined)).toMatchObject({ stageKey: "hear-offers", opens: ["offer"], console: "round", roundFocus: "offer" });
    expect(openKinds("sharing", hearOffers, "both")).toEqual(EVERYDAY_KINDS);
    expect(openKinds("lobby", undefined, undefined)).toEqual([]);
    expect(roomPlan("lobby", undefined, undefined).phone).toEqual(["prepare"]);
    expect(openKinds("closed", hearOffers, "both")).toEqual([]);
    // Before the agenda starts, the phase decides: both kinds while sharing or connecting.
    expect(openKinds("connecting", undefined, undefined)).toEqual(EVERYDAY_KINDS);
  });
});
