// The whole story in real Chromium: host starts, projector shows the QR, two phones join through
// it, post, connect, accept; the host closes; both phones see each other; the CSV has the row.
import jsQR from "jsqr";
import { PNG } from "pngjs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { LAPTOP, openPage, PHONE, PROJECTOR, screenshot } from "../support/browser.ts";
import { useServerAndBrowser } from "../support/fixtures.ts";
import { hostStartsMarketInBrowser, phoneJoinsInBrowser, postFromPhone } from "../support/in-browser.ts";

const app = useServerAndBrowser();

async function readQr(page: Page): Promise<string> {
  const png = PNG.sync.read(await page.locator(".qr").screenshot());
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!decoded) throw new Error("the projector's QR code could not be read");
  return decoded.data;
}

async function phoneJoinsByQr(url: string, name: string, contact: string): Promise<Page> {
  return (await phoneJoinsInBrowser(app.browser, url, name, contact)).page;
}

/** Posts and waits until the phone shows it as its own. */
async function postAndSee(page: Page, kind: "offer" | "need", text: string): Promise<void> {
  await postFromPhone(page, kind, text);
  await page.locator("#mine .post-text").getByText(text).waitFor();
}

describe("a whole market in Chromium", () => {
  it("runs from start to follow-ups and export", { timeout: 90_000 }, async () => {
    // The facilitator starts a market on the home page and lands on the host console.
    const { page: host, code } = await hostStartsMarketInBrowser(app.browser, app.server.origin, "Riverside Offers & Needs");
    expect(host.url()).not.toContain("key=");
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{6}$/);

    // The projector shows a QR code that encodes the join URL.
    const { page: projector } = await openPage(app.browser, PROJECTOR);
    await projector.goto(`${app.server.origin}/screen/${code}`);
    await projector.getByText("Live", { exact: true }).waitFor();
    const joinUrl = `${app.server.origin}/join/${code}`;
    expect(await readQr(projector)).toBe(joinUrl);
    await expect(projector.getByTestId("join-code").textContent()).resolves.toBe(code);
    await screenshot(projector, "projector-lobby");

    // Two phones scan it and join; the projector counts them without a reload.
    const ana = await phoneJoinsByQr(joinUrl, "Ana Lopez", "ana@example.org");
    await screenshot(ana, "phone-lobby");
    const bo = await phoneJoinsByQr(joinUrl, "Bo", "+44 7700 900123");
    await projector.getByTestId("people-count").filter({ hasText: "2" }).waitFor();

    // Re-opening the join link on the same phone keeps the same participant.
    await ana.goto(joinUrl);
    await ana.waitForURL(/\/m\/[A-Z0-9]{6}$/);

    // The host opens sharing; phones post; the wall shows both within a blink, no reload.
    await host.getByRole("button", { name: "Start sharing" }).click();
    await ana.locator("#compose").waitFor();
    await postAndSee(ana, "offer", "I can repair bikes and teach you how");
    await postAndSee(bo, "need", "Someone to fix my bike's brakes");
    await projector.locator(".wall-column.offer").getByText("I can repair bikes and teach you how").waitFor();
    await projector.locator(".wall-column.need").getByText("Someone to fix my bike's brakes").waitFor();
    // The wall shows first names only and never a contact.
    await projector.locator(".wall-column.offer .post-author").filter({ hasText: "Ana" }).waitFor();
    expect(await projector.content()).not.toMatch(/example\.org|7700|Lopez/);
    await bo.locator("#wall").getByText("I can repair bikes and teach you how").waitFor();
    await screenshot(projector, "projector-wall");

    // Bo asks to connect with Ana's offer; Ana sees it live and accepts.
    await host.getByRole("button", { name: "Start connecting" }).click();
    const anasCard = bo.locator("#wall .post-card", { hasText: "I can repair bikes" });
    await anasCard.getByText("I'm interested").click();
    await anasCard.getByRole("button", { name: "Send request" }).click();
    await anasCard.getByText("Request sent").waitFor();
    await screenshot(bo, "phone-market", true);
    const request = ana.getByTestId("connection-request");
    await request.getByText("Bo").waitFor();
    await screenshot(ana, "phone-request");
    await request.getByRole("button", { name: "Accept" }).click();
    await bo.locator("#follow-ups").getByText("Ana Lopez").waitFor();
    await host.getByTestId("count-connections").filter({ hasText: "1" }).waitFor();
    await screenshot(host, "host-console", true);

    // The host closes: every phone shows its follow-ups; the projector shows the harvest.
    // Closing asks first: the room loses posting at once.
    await host.getByText("Close the market", { exact: true }).click();
    await host.getByRole("button", { name: "Yes, close the market now" }).click();
    await projector.getByTestId("harvest-connections").filter({ hasText: "1" }).waitFor();
    await projector.locator(".harvest-list").getByText("Ana").waitFor();
    expect(await projector.content()).not.toMatch(/example\.org|7700/);
    await screenshot(projector, "projector-harvest");
    await ana.getByText("The market has closed.").waitFor();
    await ana.locator("#follow-ups").getByText("Bo").waitFor();
    await ana.locator("#follow-ups").getByRole("link", { name: "+44 7700 900123" }).waitFor();
    await bo.locator("#follow-ups").getByRole("link", { name: "ana@example.org" }).waitFor();
    await bo.getByRole("link", { name: "Open follow-ups" }).click();
    await bo.getByTestId("follow-up").getByText("Ana Lopez").waitFor();
    await screenshot(bo, "phone-follow-ups");

    // The host's CSV export has the row (neither shared a contact with the host).
    const csv = await host.request.get(`${app.server.origin}/api/markets/${code}/export.csv`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain("accepted,Ana Lopez,,I can repair bikes and teach you how,Bo,,Someone to fix my bike's brakes");
    // A phone cannot download it.
    expect((await bo.request.get(`${app.server.origin}/api/markets/${code}/export.csv`)).status()).toBe(403);
  });

  it("shows a clear message for a wrong code and for an empty join form", async () => {
    const { page } = await openPage(app.browser, PHONE, true);
    await page.goto(`${app.server.origin}/`);
    await page.getByLabel("Code on the screen").fill("QQQQQQ");
    await page.getByRole("button", { name: "Join", exact: true }).click();
    await page.getByText("No market has that code").waitFor();
    const { page: hostPage } = await openPage(app.browser, LAPTOP);
    await hostPage.goto(`${app.server.origin}/`);
    await hostPage.getByLabel("Name of your market").fill("Form test");
    await hostPage.getByRole("button", { name: "Start a market" }).click();
    await hostPage.waitForURL(/\/host\//);
    const code = (await hostPage.locator(".join-code").textContent())?.trim();
    await page.goto(`${app.server.origin}/join/${code}`);
    await page.getByRole("button", { name: "Join the market" }).click();
    await page.getByText("Name is required.").waitFor();
    await page.getByText("Contact is required.").waitFor();
    await screenshot(page, "phone-join-error");
  });
});
