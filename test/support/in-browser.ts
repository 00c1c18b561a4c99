// The steps people take in the pages, shared by the Chromium tests: a host starts a market on the
// home page, a phone joins through the join link, a phone posts from its composer.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { LAPTOP, openPage, PHONE } from "./browser.ts";

/** The facilitator starts a market on the home page and lands on the host console. */
export async function hostStartsMarketInBrowser(browser: Browser, origin: string, title: string, viewport = LAPTOP): Promise<{ page: Page; code: string }> {
  const { page } = await openPage(browser, viewport);
  await page.goto(`${origin}/`);
  await page.getByLabel("Name of your market").fill(title);
  await page.getByRole("button", { name: "Start a market" }).click();
  await page.waitForURL(/\/host\/[\w-]+$/);
  return { page, code: (await page.locator(".join-code").textContent())?.trim() ?? "" };
}

/**
 * A phone (390x844) opens a join link, fills the form and is live on the market page. With a
 * `locale` ("es-ES") the phone's browser speaks that language, so the form is found by its fields.
 * `options`: more context options (`bypassCSP` for an accessibility audit).
 */
export async function phoneJoinsInBrowser(browser: Browser, joinUrl: string, name: string, contact = `${name.toLowerCase()}@example.org`, locale?: string, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await openPage(browser, PHONE, true, { ...(locale ? { locale } : {}), ...options });
  await page.goto(joinUrl);
  if (locale) {
    await page.locator('input[name="name"]').fill(name);
    await page.locator('input[name="contact"]').fill(contact);
    await page.locator('form:has(input[name="name"]) button[type="submit"]').click();
  } else {
    await page.getByLabel("Your name").fill(name);
    await page.getByLabel("How can people reach you?").fill(contact);
    await page.getByRole("button", { name: "Join the market" }).click();
  }
  await page.waitForURL(/\/m\/[A-Z0-9]{6}$/);
  await page.locator(".live-badge.live").waitFor();
  return { context, page };
}

/** The phone posts from its composer (whether it arrives is each test's to check). */
export async function postFromPhone(page: Page, kind: "offer" | "need", text: string): Promise<void> {
  const label = kind === "offer" ? "I can offer" : "I need";
  await page.getByRole("radio", { name: label }).check();
  // The kind picked is the one that shows as picked, and the only one (marked by a class: CSS
  // :has() is unknown to phones from before 2022, and the radio itself is invisible).
  const marked = await page.locator("#compose .kind-option.chosen").evaluateAll((options) => options.map((o) => [o.textContent?.trim(), getComputedStyle(o).backgroundColor]));
  const plain = await page.locator("#compose .kind-option:not(.chosen)").evaluateAll((options) => options.map((o) => getComputedStyle(o).backgroundColor));
  if (marked.length !== 1 || marked[0]![0] !== label || plain.includes(marked[0]![1]!)) throw new Error(`the composer shows ${JSON.stringify(marked)} as picked after "${label}" (others: ${JSON.stringify(plain)})`);
  await page.locator("#post-text").fill(text);
  await page.getByRole("button", { name: kind === "offer" ? "Post offer" : "Post need" }).click();
}
