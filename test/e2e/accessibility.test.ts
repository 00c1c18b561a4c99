// Accessibility audited by a real rules engine: axe-core runs in Debian's Chromium on every page
// of a market, in each phase a person would see it, and any "serious" or "critical" violation
// fails the test with its rule id, impact, help text and the elements it found.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "../support/axe.ts";
import { LAPTOP, launchChromium, openPage, PHONE, PROJECTOR } from "../support/browser.ts";
import { call, hostStartsMarket, phoneJoins, post, setPhase, type Phone, type StartedMarket } from "../support/market-api.ts";
import { startServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let browser: Browser;
let market: StartedMarket;
let ana: Phone;
let bo: Phone;
let anaOffer: { id: string };
let boNeed: { id: string };
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  market = await hostStartsMarket(server.origin, "Riverside Offers & Needs");
  ana = await phoneJoins(server.origin, market.code, "Ana Lopez", "ana@example.org", true);
  bo = await phoneJoins(server.origin, market.code, "Bo", "+44 7700 900123");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page whose context lets axe-core's injected script run despite the nonce-only CSP. */
async function auditPage(viewport: { width: number; height: number }, mobile: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await openPage(browser, viewport, mobile, { bypassCSP: true });
  contexts.push(opened.context);
  return opened;
}

async function phonePage(phone: Phone): Promise<Page> {
  const { context, page } = await auditPage(PHONE, true);
  await context.addCookies([{ name: `onm_p_${market.code}`, value: phone.token, url: server.origin }]);
  return page;
}

async function hostPage(): Promise<Page> {
  const { page } = await auditPage(LAPTOP, false);
  await page.goto(market.hostUrl);
  await page.waitForURL(/\/host\/[\w-]+$/);
  return page;
}

function report(found: string[]): void {
  if (found.length > 0) console.error(`axe-core found ${found.length} serious/critical violation(s):\n${found.join("\n")}`);
  expect(found).toEqual([]);
}

describe("axe-core finds no serious or critical violation", () => {
  it("on the home page and the join page, including its error state", { timeout: 60_000 }, async () => {
    const found: string[] = [];
    const { page } = await auditPage(LAPTOP, false);
    await page.goto(`${server.origin}/`);
    found.push(...(await seriousViolations(page, "home")));

    const { page: phone } = await auditPage(PHONE, true);
    await phone.goto(`${server.origin}/join/${market.code}`);
    await phone.getByLabel("Your name").waitFor();
    found.push(...(await seriousViolations(phone, "join")));
    // An empty submit: the server answers with a message under each field.
    await phone.getByRole("button", { name: "Join the market" }).click();
    await phone.locator("#name-error").waitFor();
    found.push(...(await seriousViolations(phone, "join (error)")));
    report(found);
  });

  it("in the lobby: phone, host console and projector", { timeout: 60_000 }, async () => {
    const found: string[] = [];
    const phone = await phonePage(ana);
    await phone.goto(`${server.origin}/m/${market.code}`);
    await phone.getByText("Live", { exact: true }).waitFor();
    found.push(...(await seriousViolations(phone, "phone (lobby)")));

    const host = await hostPage();
    found.push(...(await seriousViolations(host, "host console (lobby)")));

    const { page: screen } = await auditPage(PROJECTOR, false);
    await screen.goto(`${server.origin}/screen/${market.code}`);
    await screen.locator(".qr").waitFor();
    found.push(...(await seriousViolations(screen, "projector (lobby)")));

    const { page: poster } = await auditPage(LAPTOP, false);
    await poster.goto(`${server.origin}/screen/${market.code}/poster`);
    found.push(...(await seriousViolations(poster, "poster")));
    report(found);
  });

  it("while sharing, with posts on the wall and the phone", { timeout: 60_000 }, async () => {
    await setPhase(server.origin, market, "sharing");
    anaOffer = await post(server.origin, market.code, ana, "offer", "I can repair bikes and teach you how");
    await post(server.origin, market.code, ana, "need", "A lift to the station on Friday");
    boNeed = await post(server.origin, market.code, bo, "need", "Someone to fix my bike's brakes");
    await post(server.origin, market.code, bo, "offer", "Spanish conversation over coffee");
    const found: string[] = [];

    const phone = await phonePage(ana);
    await phone.goto(`${server.origin}/m/${market.code}`);
    await phone.getByText("Spanish conversation over coffee").first().waitFor();
    found.push(...(await seriousViolations(phone, "phone (sharing)")));

    const host = await hostPage();
    found.push(...(await seriousViolations(host, "host console (sharing)")));

    const { page: screen } = await auditPage(PROJECTOR, false);
    await screen.goto(`${server.origin}/screen/${market.code}`);
    await screen.getByText("Spanish conversation over coffee").waitFor();
    found.push(...(await seriousViolations(screen, "projector (sharing)")));
    report(found);
  });

  it("once closed: phone, follow-ups, projector harvest, host console and summary", { timeout: 60_000 }, async () => {
    await setPhase(server.origin, market, "connecting");
    const asked = await call(server.origin, "POST", `/api/markets/${market.code}/connections`, { token: bo.token, body: { offerId: anaOffer.id, needId: boNeed.id } });
    await call(server.origin, "POST", `/api/markets/${market.code}/connections/${asked.body.connection.id}/accept`, { token: ana.token });
    await setPhase(server.origin, market, "closed");
    const found: string[] = [];

    const phone = await phonePage(ana);
    await phone.goto(`${server.origin}/m/${market.code}`);
    await phone.getByText("Live", { exact: true }).waitFor();
    found.push(...(await seriousViolations(phone, "phone (closed)")));
    await phone.goto(`${server.origin}/m/${market.code}/follow-ups`);
    found.push(...(await seriousViolations(phone, "follow-ups")));

    const { page: screen } = await auditPage(PROJECTOR, false);
    await screen.goto(`${server.origin}/screen/${market.code}`);
    await screen.getByRole("region", { name: /harvest/i }).or(screen.locator(".harvest")).first().waitFor();
    found.push(...(await seriousViolations(screen, "projector (closed)")));

    const host = await hostPage();
    found.push(...(await seriousViolations(host, "host console (closed)")));
    await host.goto(`${server.origin}/host/${market.id}/summary`);
    await host.getByTestId("summary-participants").waitFor();
    found.push(...(await seriousViolations(host, "summary")));
    report(found);
  });
});
