// After the market, in Debian's Chromium: a phone saves its follow-ups as a vCard (a real
// download), the host reopens the market and opens the printable summary, and a phone leaves,
// erasing its data.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { LAPTOP, openPage, screenshot } from "../support/browser.ts";
import { phoneJoinsInBrowser } from "../support/in-browser.ts";
import { call, hostStartsMarket, phoneJoins, post, setPhase } from "../support/market-api.ts";
import { parseVcards } from "../support/vcards.ts";
import { useServerAndBrowser } from "../support/fixtures.ts";

const app = useServerAndBrowser();

describe("the harvest in Chromium", () => {
  it("downloads the follow-ups vCard on a phone, prints the host's summary, reopens, and erases a person", { timeout: 90_000 }, async () => {
    const origin = app.server.origin;
    const market = await hostStartsMarket(origin, "Riverside Offers & Needs");

    // Ana joins on her phone; Bo joins by the API and does not share his number with the host.
    const { context: anaContext, page: ana } = await phoneJoinsInBrowser(app.browser, `${origin}/join/${market.code}`, "Ana Lopez");
    const anaToken = (await anaContext.cookies()).find((c) => c.name === `onm_p_${market.code}`)?.value ?? "";
    expect(anaToken).not.toBe("");
    const bo = await phoneJoins(origin, market.code, "Bo", "+44 7700 900123", false);
    const cy = await phoneJoins(origin, market.code, "Cy", "cy@example.org", true);

    await setPhase(origin, market, "connecting");
    const anaPhone = { participantId: "", token: anaToken };
    const offer = await post(origin, market.code, anaPhone, "offer", "I can repair bikes and teach you how");
    const need = await post(origin, market.code, bo, "need", "Someone to fix my bike's brakes");
    await post(origin, market.code, cy, "need", "A lift to the station on Friday");
    const asked = await call(origin, "POST", `/api/markets/${market.code}/connections`, { token: bo.token, body: { offerId: offer.id, needId: need.id } });
    await call(origin, "POST", `/api/markets/${market.code}/connections/${asked.body.connection.id}/accept`, { token: anaToken });
    await setPhase(origin, market, "closed");

    // After closing, Ana's follow-up link still works from her phone; one tap saves the vCard.
    await ana.goto(`${origin}/m/${market.code}/follow-ups`);
    await ana.getByTestId("follow-up").getByText("Bo").waitFor();
    await ana.getByRole("link", { name: "+44 7700 900123" }).waitFor();
    await screenshot(ana, "phone-follow-ups-downloads");
    const [download] = await Promise.all([ana.waitForEvent("download"), ana.getByRole("link", { name: "Save as contacts (vCard)" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^riverside-offers-needs-[A-Z0-9]{6}\.follow-ups\.vcf$/);
    const cards = parseVcards(await readFile((await download.path())!, "utf8"));
    expect(cards).toEqual([expect.objectContaining({ fn: "Bo", tel: "+447700900123" })]);
    expect(cards[0]!.note).toContain("Someone to fix my bike's brakes");

    // The host opens the console (the host link sets the cookie) and the printable summary.
    const { page: host } = await openPage(app.browser, LAPTOP);
    await host.goto(market.hostUrl);
    await host.waitForURL(/\/host\/[\w-]+$/);
    await host.getByRole("button", { name: "Reopen the market" }).waitFor();
    await host.getByText("Live", { exact: true }).waitFor();
    // Controls a closed market would refuse rest until it reopens; the projector's stay.
    await host.getByTestId("facilitation-resting").waitFor();
    expect(await host.getByRole("button", { name: "Start round" }).count()).toBe(0);
    expect(await host.getByRole("button", { name: "Split into tables" }).count()).toBe(0);
    await host.getByRole("heading", { name: "The projector shows" }).waitFor();
    await screenshot(host, "host-console-closed", true);
    await host.goto(`${origin}/host/${market.id}/summary`);
    await host.getByRole("heading", { name: "Riverside Offers & Needs" }).waitFor();
    expect(await host.getByTestId("summary-participants").textContent()).toBe("3");
    expect(await host.getByTestId("summary-connections").textContent()).toBe("1");
    const connectionRow = host.locator(".summary-table tbody tr");
    await expect(connectionRow.allTextContents()).resolves.toEqual([expect.stringContaining("Ana Lopez")]);
    await host.getByRole("heading", { name: "Still open (1)" }).waitFor();
    await host.locator(".summary-open").getByText("A lift to the station on Friday").waitFor();
    expect(await host.content()).not.toMatch(/example\.org|7700/);
    await host.emulateMedia({ media: "print" });
    expect(await host.getByRole("button", { name: "Print" }).isVisible()).toBe(false);
    await screenshot(host, "host-summary-print", true);
    await host.emulateMedia({ media: "screen" });
    // The JSON export restores the market from the home page's file picker, with a new code.
    const exported = await host.request.get(`${origin}/api/markets/${market.code}/export.json`);
    await host.goto(`${origin}/`);
    await host.getByText("Restore a market from its JSON export").click();
    await host.getByLabel("Export file (.json)").setInputFiles({ name: "market.json", mimeType: "application/json", buffer: await exported.body() });
    await host.getByRole("button", { name: "Restore market" }).click();
    await host.waitForURL(/\/host\/[\w-]+$/);
    await host.getByRole("heading", { name: "Riverside Offers & Needs" }).waitFor();
    expect((await host.locator(".join-code").textContent())?.trim()).not.toBe(market.code);
    await host.getByTestId("count-connections").filter({ hasText: "1" }).waitFor();
    await host.goto(`${origin}/`);
    await host.getByText("Restore a market from its JSON export").click();
    await host.getByLabel("Export file (.json)").setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from("not json") });
    await host.getByRole("button", { name: "Restore market" }).click();
    await host.getByText("That file is not JSON.").waitFor();
    // A phone is not the host.
    expect((await ana.request.get(`${origin}/host/${market.id}/summary`)).status()).toBe(403);

    // Reopen: Ana's phone follows live and can post again.
    await ana.goto(`${origin}/m/${market.code}`);
    await ana.getByText("Live", { exact: true }).waitFor();
    await host.goto(`${origin}/host/${market.id}`);
    await host.getByRole("button", { name: "Reopen the market" }).click();
    await ana.locator("#compose").waitFor();
    await ana.locator("#follow-ups").getByText("Bo").waitFor();

    // Ana leaves and erases her data, after a confirm step.
    await ana.getByText("Leave and erase my data").click();
    await screenshot(ana, "phone-leave-confirm");
    await ana.getByRole("button", { name: "Yes, erase my data and leave" }).click();
    await ana.getByText("You have left the market.").waitFor();
    await host.getByTestId("count-participants").filter({ hasText: "2" }).waitFor();
    await host.getByTestId("count-offers").filter({ hasText: "0" }).waitFor();
    const boFollowUps = await call(origin, "GET", `/api/markets/${market.code}/follow-ups`, { token: bo.token });
    expect(boFollowUps.body.followUps).toEqual([expect.objectContaining({ name: "someone who left", contact: "" })]);
    // Her cookie is gone: the phone page sends her to join again.
    await ana.goto(`${origin}/m/${market.code}`);
    await ana.waitForURL(/\/join\//);
  });
});
