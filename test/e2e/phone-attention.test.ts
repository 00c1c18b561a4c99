// A phone in a hall does not let the important moments slip by: a request arriving while the page
// is scrolled away, a suggestion made for me, my turn to speak and the close each show as a banner
// in view at the top, a count on the navigation, a vibration and a screen-reader announcement; on
// my turn my own cards come to the top, large. Every one of these states is axe-clean, as is the
// host console in every phase.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { seriousViolations } from "../support/axe.ts";
import { LAPTOP, openPage, PHONE, screenshot } from "../support/browser.ts";
import { useServerAndBrowser } from "../support/fixtures.ts";
import { call, hostStartsMarket, phoneJoins, post, setPhase, type Phone } from "../support/market-api.ts";

const app = useServerAndBrowser();

/** A phone signed in as `phone`, recording the vibrations the page asks for (a headless phone cannot buzz). */
async function phonePage(code: string, phone: Phone): Promise<Page> {
  const { context, page } = await openPage(app.browser, PHONE, true, { bypassCSP: true });
  await context.addCookies([{ name: `onm_p_${code}`, value: phone.token, url: app.origin }]);
  await context.addInitScript(() => {
    const buzzes: unknown[] = [];
    (window as unknown as { buzzes: unknown[] }).buzzes = buzzes;
    Object.defineProperty(navigator, "vibrate", { value: (pattern: unknown) => (buzzes.push(pattern), true), configurable: true });
  });
  await page.goto(`${app.origin}/m/${code}`);
  await page.getByText("Live", { exact: true }).waitFor();
  return page;
}

const buzzes = (page: Page) => page.evaluate(() => (window as unknown as { buzzes: unknown[] }).buzzes.length);

/** The banner wholly inside the window, at its top. */
async function bannerInView(page: Page): Promise<boolean> {
  const box = await page.getByTestId("attention-banner").boundingBox();
  const height = page.viewportSize()!.height;
  return box !== null && box.y >= 0 && box.y < 5 && box.y + box.height <= height / 2;
}

describe("attention on the phone", () => {
  it("shows a request, a suggestion, my turn and the close as a banner in view, a count, a buzz and an announcement; every state axe-clean", { timeout: 120_000 }, async () => {
    const market = await hostStartsMarket(app.origin, "Attention market");
    await setPhase(app.origin, market, "sharing");
    const ana = await phoneJoins(app.origin, market.code, "Ana Lopez");
    const bo = await phoneJoins(app.origin, market.code, "Bo Chen");
    const cy = await phoneJoins(app.origin, market.code, "Cy Park");
    const anaOffer = await post(app.origin, market.code, ana, "offer", "I can repair bikes on Saturday mornings");
    await post(app.origin, market.code, ana, "need", "Someone to water my plants in August");
    const boNeed = await post(app.origin, market.code, bo, "need", "My bike's gears slip on every hill");
    const cyNeed = await post(app.origin, market.code, cy, "need", "A bike for my daughter's first rides");
    for (let i = 0; i < 12; i++) await post(app.origin, market.code, cy, i % 2 ? "need" : "offer", `Something else to fill the page, number ${i + 1}`);

    const phone = await phonePage(market.code, ana);
    const found: string[] = [];
    found.push(...(await seriousViolations(phone, "phone (own cards)")));
    await expect(phone.getByTestId("attention-banner").count()).resolves.toBe(0);

    // Scrolled far down, reading the others' cards, when Bo asks to connect.
    await phone.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const scrolled = await phone.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(500);
    expect((await call(app.origin, "POST", `/api/markets/${market.code}/connections`, { token: bo.token, body: { offerId: anaOffer.id, needId: boNeed.id } })).status).toBe(201);
    const banner = phone.getByTestId("attention-banner");
    await banner.getByText("Bo Chen asks to connect with you.").waitFor();
    expect(await bannerInView(phone)).toBe(true);
    // The page stayed where the person was reading (Chromium keeps the view steady as the request
    // card appears above it); the banner came to them.
    expect(await phone.evaluate(() => window.scrollY)).toBeGreaterThanOrEqual(scrolled);
    await expect(phone.getByTestId("nav-attention").textContent()).resolves.toBe("For you 1");
    expect(await buzzes(phone)).toBe(1);
    await expect(phone.getByTestId("attention-announcement").textContent()).resolves.toBe("Bo Chen asks to connect with you.");
    found.push(...(await seriousViolations(phone, "phone (request arrived)")));
    await screenshot(phone, "phone-request-banner");

    // "Show me" brings the request into view and puts the banner away.
    await banner.getByRole("link", { name: "Show me" }).click();
    await expect(banner.count()).resolves.toBe(0);
    const request = phone.getByTestId("connection-request").first();
    await expect.poll(async () => (await request.boundingBox())!.y).toBeLessThan(PHONE.height);

    // The host suggests Ana's offer for Cy's need: a suggestion for Ana.
    expect((await call(app.origin, "POST", `/api/markets/${market.code}/connections`, { token: market.hostKey, body: { offerId: anaOffer.id, needId: cyNeed.id } })).status).toBe(201);
    await banner.getByText("A suggestion for you: meet Cy Park.").waitFor();
    await expect(phone.getByTestId("nav-attention").textContent()).resolves.toBe("For you 2");
    expect(await buzzes(phone)).toBe(2);
    found.push(...(await seriousViolations(phone, "phone (suggestion)")));
    await banner.getByRole("button", { name: "Later" }).click();

    // The host starts a round on offers: Ana joined first, so she speaks first.
    await phone.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    expect((await call(app.origin, "POST", `/api/markets/${market.code}/round`, { token: market.hostKey, body: { action: "start", focus: "offer" } })).status).toBe(200);
    await banner.getByText("Your turn! Read out your cards.").waitFor();
    const yourTurn = phone.getByTestId("your-turn");
    await yourTurn.getByText("I can repair bikes on Saturday mornings").waitFor();
    // Only the cards of the round's kind, large, brought to the top of the page.
    await expect(yourTurn.getByText("Someone to water my plants").count()).resolves.toBe(0);
    await expect.poll(() => phone.evaluate(() => window.scrollY)).toBe(0);
    const size = await yourTurn.locator(".post-text").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(24);
    expect(await buzzes(phone)).toBe(3);
    found.push(...(await seriousViolations(phone, "phone (your turn)")));
    await screenshot(phone, "phone-your-turn");

    await setPhase(app.origin, market, "closed");
    await banner.getByText("Thank you! Your follow-ups are ready.").waitFor();
    await expect(phone.getByTestId("nav-attention").count()).resolves.toBe(0);
    found.push(...(await seriousViolations(phone, "phone (closed)")));

    if (found.length > 0) console.error(found.join("\n"));
    expect(found).toEqual([]);
  });

  it("keeps the host console axe-clean in every phase", { timeout: 90_000 }, async () => {
    const market = await hostStartsMarket(app.origin, "Console audit market");
    const ana = await phoneJoins(app.origin, market.code, "Ana Lopez");
    const { page: host } = await openPage(app.browser, LAPTOP, false, { bypassCSP: true });
    await host.goto(market.hostUrl);
    await host.waitForURL(/\/host\/[\w-]+$/);
    const found: string[] = [];
    found.push(...(await seriousViolations(host, "console (lobby)")));
    for (const phase of ["sharing", "connecting", "closed"] as const) {
      await setPhase(app.origin, market, phase);
      if (phase === "sharing") await post(app.origin, market.code, ana, "offer", "Sourdough starter and a lesson");
      await host.reload();
      await host.waitForURL(/\/host\/[\w-]+$/);
      found.push(...(await seriousViolations(host, `console (${phase})`)));
    }
    if (found.length > 0) console.error(found.join("\n"));
    expect(found).toEqual([]);
  });
});
