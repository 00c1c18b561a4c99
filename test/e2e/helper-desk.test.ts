// No phone, no problem, in Debian's Chromium: the host hands a helper the desk's link; the helper
// adds Doris (no phone) with her cards, asks to connect for her and answers for her; at the close
// the desk prints her follow-ups. She counts in the harvest like everyone else; the helper cannot
// steer the market, and the host's revoke closes the desk to them.
import { describe, expect, it } from "vitest";
import { LAPTOP, openPage, screenshot } from "../support/browser.ts";
import { seriousViolations } from "../support/axe.ts";
import { call, hostStartsMarket, phoneJoins, post, setPhase } from "../support/market-api.ts";
import { useServerAndBrowser } from "../support/fixtures.ts";
import { until } from "../support/until.ts";

const app = useServerAndBrowser();

describe("the helper desk in Chromium", () => {
  it("adds a phoneless person, their cards and connections, and prints their follow-ups", { timeout: 120_000 }, async () => {
    const origin = app.server.origin;
    const market = await hostStartsMarket(origin, "Library Offers & Needs");
    await setPhase(origin, market, "connecting");
    const bo = await phoneJoins(origin, market.code, "Bo", "bo@example.org");
    const cy = await phoneJoins(origin, market.code, "Cy", "+44 7700 900456");
    await post(origin, market.code, bo, "need", "Someone to walk my dog");
    const lift = await post(origin, market.code, cy, "offer", "A lift to town on Saturdays");

    // The host opens the desk from the console and makes a helper link.
    const { page: host } = await openPage(app.browser, LAPTOP);
    await host.goto(market.hostUrl);
    await host.waitForURL(/\/host\/[\w-]+$/);
    await host.getByRole("link", { name: "Helper desk" }).click();
    await host.waitForURL(`${origin}/desk/${market.code}`);
    await host.getByRole("button", { name: "Make a helper link" }).click();
    const helperUrl = (await host.getByTestId("helper-url").textContent())?.trim() ?? "";
    expect(helperUrl).toMatch(new RegExp(`^${origin}/desk/${market.code}\\?key=`));

    // The helper, on their own laptop, adds Doris.
    const { page: desk } = await openPage(app.browser, LAPTOP, false, { bypassCSP: true });
    await desk.goto(helperUrl);
    await desk.waitForURL(`${origin}/desk/${market.code}`);
    await desk.getByLabel("Their name").fill("Doris");
    await desk.getByLabel("How can people reach them?").fill("01632 960 123");
    await desk.getByRole("button", { name: "Add", exact: true }).click();
    await desk.getByTestId("desk-added").getByText(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/).waitFor();
    await desk.getByRole("link", { name: "Doris" }).click();
    await desk.getByRole("heading", { name: "Acting for Doris" }).waitFor();

    // Her cards: an offer and a need, typed at the desk.
    await desk.getByRole("radio", { name: "Offer" }).check();
    await desk.getByLabel("What it says").fill("I can walk dogs in the park");
    await desk.getByRole("button", { name: "Save card" }).click();
    await desk.getByTestId("desk-cards").getByText("I can walk dogs in the park").waitFor();
    await desk.getByRole("radio", { name: "Need" }).check();
    await desk.getByLabel("What it says").fill("A lift to town");
    await desk.getByRole("button", { name: "Save card" }).click();
    await desk.getByTestId("desk-cards").getByText("A lift to town", { exact: false }).first().waitFor();

    // She asks Bo to connect (her offer, his need); Bo says yes on his phone.
    await desk.getByLabel("Their card").selectOption({ label: "Offer: I can walk dogs in the park" });
    await desk.getByLabel("Someone else's card").selectOption({ label: "Need: Someone to walk my dog (Bo)" });
    await desk.getByRole("button", { name: "Send request" }).click();
    // The click sends the desk's form: the request is in the market once its answer has come back.
    let exported = await call(origin, "GET", `/api/markets/${market.code}/export.json`, { token: market.hostKey });
    const askedOf = () => exported.body.connections.find((c: { offerText: string }) => c.offerText === "I can walk dogs in the park");
    await until(async () => {
      exported = await call(origin, "GET", `/api/markets/${market.code}/export.json`, { token: market.hostKey });
      return askedOf() !== undefined;
    }, "the desk's request in the market");
    const asked = askedOf();
    expect((await call(origin, "POST", `/api/markets/${market.code}/connections/${asked.id}/accept`, { token: bo.token })).status).toBe(200);

    // Cy offers her a lift; the desk answers for her.
    const doris = exported.body.participants.find((p: { name: string }) => p.name === "Doris");
    const dorisNeed = exported.body.posts.find((p: { participantId: string; kind: string }) => p.participantId === doris.id && p.kind === "need");
    await call(origin, "POST", `/api/markets/${market.code}/connections`, { token: cy.token, body: { offerId: lift.id, needId: dorisNeed.id } });
    await desk.reload();
    await desk.getByRole("button", { name: "Accept for them" }).click();
    await desk.getByTestId("desk-follow-ups").getByText("Cy").waitFor();
    await desk.getByTestId("desk-follow-ups").getByText("Bo").waitFor();
    await screenshot(desk, "helper-desk", true);
    expect(await seriousViolations(desk, "helper desk")).toEqual([]);

    // The helper has fewer powers than the host: no steering.
    const helperKey = new URL(helperUrl).searchParams.get("key") ?? "";
    const steer = await call(origin, "POST", `/api/markets/${market.code}/phase`, { token: helperKey, body: { phase: "closed" } });
    expect(steer.status).toBe(403);

    // At the close: her printed follow-ups, with the contacts she agreed to.
    await setPhase(origin, market, "closed");
    await desk.getByRole("link", { name: "Print everyone's follow-ups" }).click();
    const sheet = desk.getByTestId("print-sheet");
    await sheet.getByRole("heading", { name: "Follow-ups for Doris" }).waitFor();
    await sheet.getByText("bo@example.org").waitFor();
    await sheet.getByText("+44 7700 900456").waitFor();
    expect(await seriousViolations(desk, "printed follow-ups")).toEqual([]);
    await desk.emulateMedia({ media: "print" });
    expect(await desk.getByRole("button", { name: "Print" }).isVisible()).toBe(false);

    // She counts in the harvest like everyone else.
    const summary = await call(origin, "GET", `/api/markets/${market.code}`);
    expect(summary.body.counts.participants).toBe(3);
    expect(summary.body.counts.connections).toBe(2);

    // The host revokes the helper link: the desk is closed to the helper.
    await host.getByRole("button", { name: "Revoke the helper link" }).click();
    await host.getByText("The helper link no longer works.").waitFor();
    const closedDesk = await desk.goto(`${origin}/desk/${market.code}`);
    expect(closedDesk?.status()).toBe(403);
  });
});
