// Late and early, in Debian's Chromium: someone who joins at stage 5 of the agenda, with tables
// running, sees where the room is and what to do now, and gets a seat at a table at once.
import { describe, expect, it } from "vitest";
import { openPage, PHONE } from "../support/browser.ts";
import { seriousViolations } from "../support/axe.ts";
import { call, hostStartsMarket, phoneJoins } from "../support/market-api.ts";
import { useServerAndBrowser } from "../support/fixtures.ts";

const app = useServerAndBrowser();

describe("a late arrival in Chromium", () => {
  it("joins at stage 5 with tables running: sees the stage, what to do, and their table", { timeout: 90_000 }, async () => {
    const origin = app.server.origin;
    const market = await hostStartsMarket(origin, "Evening market");
    for (const name of ["Ana", "Bo", "Cy", "Dee", "Eli"]) await phoneJoins(origin, market.code, name);
    const host = (path: string, body: unknown) => call(origin, "POST", `/api/markets/${market.code}/${path}`, { token: market.hostKey, body });
    expect((await host("agenda", { action: "start" })).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await host("agenda", { action: "next" })).status).toBe(200);
    expect((await host("groups", { action: "split", size: 3 })).status).toBe(200);

    const { page } = await openPage(app.browser, PHONE, true, { bypassCSP: true });
    await page.goto(`${origin}/join/${market.code}`);
    await page.getByLabel("Your name").fill("Fay");
    await page.getByLabel("How can people reach you?").fill("fay@example.org");
    await page.getByRole("button", { name: "Join the market" }).click();
    await page.waitForURL(`${origin}/m/${market.code}`);
    const late = page.getByTestId("late-arrival");
    await late.getByRole("heading", { name: "Welcome! The room is at stage 5 of 10: Hear the needs" }).waitFor();
    await late.getByText("You have not missed your chance").waitFor();
    await page.getByTestId("phone-stage").getByText("Hear the needs").waitFor();
    // Five people in tables of about 3: Fay gets a seat at once, and her phone says which.
    const table = page.getByTestId("phone-table");
    await table.getByText("You", { exact: true }).waitFor();
    const tableName = ((await table.getByRole("heading").textContent()) ?? "").replace(/^.*:\s*/, "").trim();
    await late.getByText(`You sit at table ${tableName}`).waitFor();
    expect(await seriousViolations(page, "late arrival")).toEqual([]);
  });
});
