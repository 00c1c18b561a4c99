// The helper desk follows the room live, in Debian's Chromium: a request to a person the desk looks
// after, a new card in the room and the close reach the helper's screen without a reload. And a
// phase move made from a console that shows an old phase is refused in words, like the agenda's.
import { describe, expect, it } from "vitest";
import { LAPTOP, openPage } from "../support/browser.ts";
import { seriousViolations } from "../support/axe.ts";
import { call, hostStartsMarket, phoneJoins, post, setPhase } from "../support/market-api.ts";
import { useServerAndBrowser } from "../support/fixtures.ts";

const app = useServerAndBrowser();

describe("the evening, live, in Chromium", () => {
  it("shows the helper desk a request for its person, a new card and the close, without a reload", { timeout: 120_000 }, async () => {
    const origin = app.server.origin;
    const market = await hostStartsMarket(origin, "Live desk market");
    await setPhase(origin, market, "connecting");
    const cy = await phoneJoins(origin, market.code, "Cy", "cy@example.org");
    const lift = await post(origin, market.code, cy, "offer", "A lift to town on Saturdays");

    // The host makes a helper link; the helper adds Doris and her need.
    const { page: host } = await openPage(app.browser, LAPTOP);
    await host.goto(market.hostUrl);
    await host.waitForURL(/\/host\/[\w-]+$/);
    await host.goto(`${origin}/desk/${market.code}`);
    await host.getByRole("button", { name: "Make a helper link" }).click();
    const helperUrl = (await host.getByTestId("helper-url").textContent())?.trim() ?? "";
    const { page: desk } = await openPage(app.browser, LAPTOP, false, { bypassCSP: true });
    await desk.goto(helperUrl);
    await desk.waitForURL(`${origin}/desk/${market.code}`);
    await desk.getByLabel("Their name").fill("Doris");
    await desk.getByLabel("How can people reach them?").fill("01632 960 123");
    await desk.getByRole("button", { name: "Add", exact: true }).click();
    await desk.getByRole("link", { name: "Doris" }).click();
    await desk.getByRole("radio", { name: "Need" }).check();
    await desk.getByLabel("What it says").fill("A lift to town");
    await desk.getByRole("button", { name: "Save card" }).click();
    await desk.getByTestId("desk-cards").getByText("A lift to town").waitFor();

    // Cy offers her a lift from his phone: the desk sees the request and answers at once.
    const exported = await call(origin, "GET", `/api/markets/${market.code}/export.json`, { token: market.hostKey });
    const dorisNeed = exported.body.posts.find((p: { text: string }) => p.text === "A lift to town");
    expect((await call(origin, "POST", `/api/markets/${market.code}/connections`, { token: cy.token, body: { offerId: lift.id, needId: dorisNeed.id } })).status).toBe(201);
    await desk.getByRole("button", { name: "Accept for them" }).click();
    await desk.getByTestId("desk-follow-ups").getByText("Cy").waitFor();

    // A card posted in the room is there to connect with, without a reload.
    const bo = await phoneJoins(origin, market.code, "Bo", "bo@example.org");
    await post(origin, market.code, bo, "need", "Someone to walk my dog");
    await desk.getByLabel("Someone else's card").locator("option", { hasText: "Someone to walk my dog (Bo)" }).waitFor({ state: "attached" });
    expect(await seriousViolations(desk, "live helper desk")).toEqual([]);

    // The close reaches the desk too.
    await setPhase(origin, market, "closed");
    await desk.locator(".eyebrow").filter({ hasText: "Closed" }).waitFor();
  });

  it("refuses a phase move made from a console that still shows the old phase", { timeout: 60_000 }, async () => {
    const origin = app.server.origin;
    const market = await hostStartsMarket(origin, "Two consoles, phases");
    const { page: lead } = await openPage(app.browser, LAPTOP);
    await lead.goto(market.hostUrl);
    await lead.getByText("Live", { exact: true }).waitFor();
    const { page: co } = await openPage(app.browser, LAPTOP);
    await co.goto(market.hostUrl);
    await co.getByText("Live", { exact: true }).waitFor();

    // The lead opens sharing; the co-facilitator presses "Start connecting" from the lobby view
    // (as if the news had not arrived yet): refused in words, and the room stays in sharing.
    await lead.getByRole("button", { name: "Start sharing" }).click();
    await co.getByRole("button", { name: "Start connecting" }).waitFor();
    // Changed and sent in one step: any render in between (a live event, a catch-up) would put
    // the form's "from" back to what the console shows.
    await co.locator('.phase-steps form:has(input[name="phase"][value="connecting"])').evaluate((form) => {
      (form.querySelector('input[name="from"]') as HTMLInputElement).value = "lobby";
      (form as HTMLFormElement).requestSubmit(form.querySelector("button"));
    });
    await co.getByRole("alert").filter({ hasText: "Someone else changed the phase already" }).waitFor();
    expect((await call(origin, "GET", `/api/markets/${market.code}`)).body.phase).toBe("sharing");
  });
});
