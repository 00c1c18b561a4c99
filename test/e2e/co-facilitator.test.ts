// A co-facilitator, in Debian's Chromium: the lead at a laptop and a co-facilitator on a phone
// (390x844) steer the same market. The phone console has the next step, the round controls, the
// counts and moderation without sideways scrolling; each console sees the other's moves live; a
// move made from a view that is out of date is refused in words, never applied twice.
import { describe, expect, it } from "vitest";
import { LAPTOP, openPage, PHONE, screenshot } from "../support/browser.ts";
import { seriousViolations } from "../support/axe.ts";
import { call, hostStartsMarket, phoneJoins, post } from "../support/market-api.ts";
import { useServerAndBrowser } from "../support/fixtures.ts";

const app = useServerAndBrowser();

describe("two consoles in Chromium", () => {
  it("runs a round from a phone console while the laptop console follows live; a stale move is refused", { timeout: 120_000 }, async () => {
    const origin = app.server.origin;
    const market = await hostStartsMarket(origin, "Two hosts market");
    const people = [];
    for (const name of ["Ana", "Bo", "Cy"]) people.push(await phoneJoins(origin, market.code, name));

    const { page: lead } = await openPage(app.browser, LAPTOP);
    await lead.goto(market.hostUrl);
    await lead.getByText("Live", { exact: true }).waitFor();
    const { page: co } = await openPage(app.browser, PHONE, true, { bypassCSP: true });
    await co.goto(market.hostUrl);
    await co.getByText("Live", { exact: true }).waitFor();
    await co.getByTestId("count-participants").filter({ hasText: "3" }).waitFor();

    // The co-facilitator starts the agenda from the phone; the lead's console follows.
    await co.getByRole("button", { name: "Start the agenda" }).click();
    await lead.getByRole("button", { name: /^Next stage: Hear the offers/ }).waitFor();
    await co.getByRole("button", { name: /^Next stage: Hear the offers/ }).waitFor();
    for (const [i, person] of people.entries()) await post(origin, market.code, person, "offer", `Offer number ${i + 1}`);
    await co.getByTestId("count-offers").filter({ hasText: "3" }).waitFor();
    // A market that has not taken up dreams shows no empty "Dreams" or "Circles" figure.
    await expect(co.getByTestId("count-dreams").count()).resolves.toBe(0);
    await expect(co.getByTestId("count-circles").count()).resolves.toBe(0);

    // The lead moves on; then the phone, still showing the old stage as if the news had not
    // arrived yet, presses "Next": refused in words, and the room stays where the lead put it.
    const stageBefore = await co.locator('form.act input[name="from"]').first().inputValue();
    await lead.getByRole("button", { name: /^Next stage: Hear the offers/ }).click();
    await co.getByRole("button", { name: /^Next stage: Network/ }).waitFor();
    // Changed and sent in one step: a render in between would put "from" back to what it shows.
    await co.locator('form.act:has(input[name="action"][value="next"])').first().evaluate((form, from) => {
      (form.querySelector('input[name="from"]') as HTMLInputElement).value = from;
      (form as HTMLFormElement).requestSubmit(form.querySelector("button"));
    }, stageBefore);
    await co.getByRole("alert").filter({ hasText: "Someone else moved the room on already" }).waitFor();
    await lead.getByRole("button", { name: /^Next stage: Network/ }).waitFor();

    // A round from the phone: the lead sees the speaker change live, and the other way round.
    await co.getByRole("button", { name: "Start round" }).click();
    await lead.getByTestId("host-speaker").filter({ hasText: "Ana" }).waitFor();
    await lead.getByRole("button", { name: "Next person" }).click();
    await co.getByTestId("host-speaker").filter({ hasText: "Bo" }).waitFor();
    await co.getByRole("button", { name: "Next person" }).click();
    await lead.getByTestId("host-speaker").filter({ hasText: "Cy" }).waitFor();
    // Moderation is within reach on the phone too.
    await co.getByRole("heading", { name: "Moderation" }).waitFor();

    // Nothing runs off the side of a 390 px screen.
    expect(await co.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(co, "host-console-phone");
    expect(await seriousViolations(co, "host console on a phone")).toEqual([]);

    // Through the API too: a stale move is a 409 with its code (the pages translate it).
    const stale = await call(origin, "POST", `/api/markets/${market.code}/agenda`, { token: market.hostKey, body: { action: "next", from: stageBefore } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("stale_stage_move");
  });
});
