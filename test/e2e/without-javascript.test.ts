// Phones whose JavaScript has not loaded (slow Wi-Fi, old phones): joining and posting still work,
// as plain HTML forms handled by the same Remix actions.
import { describe, expect, it } from "vitest";
import { openPage, PHONE } from "../support/browser.ts";
import { useServerAndBrowser } from "../support/fixtures.ts";
import { call, hostStartsMarket, setPhase } from "../support/market-api.ts";

const app = useServerAndBrowser();

describe("a phone without JavaScript", () => {
  it("joins and posts an offer with plain forms, and sees a clear error for an empty post", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(app.origin, "No script");
    await setPhase(app.origin, market, "sharing");
    const { page, context } = await openPage(app.browser, PHONE, true, { javaScriptEnabled: false });

    await page.goto(`${app.origin}/join/${market.code}`);
    await page.getByLabel("Your name").fill("Dee");
    await page.getByLabel("How can people reach you?").fill("dee@example.org");
    await page.getByRole("button", { name: "Join the market" }).click();
    await page.waitForURL(/\/m\/[A-Z0-9]{6}$/);

    await page.getByRole("button", { name: /Post (offer|need)/ }).click();
    await page.getByText("Text is required.").waitFor();

    await page.getByRole("radio", { name: "I can offer" }).check();
    await page.locator("#post-text").fill("Sewing repairs, bring your torn jeans");
    await page.getByRole("button", { name: "Post offer" }).click();
    await page.locator("#mine .post-text", { hasText: "Sewing repairs" }).waitFor();

    const posts = (await call(app.origin, "GET", `/api/markets/${market.code}/posts`, { token: market.hostKey })).body.posts;
    expect(posts.map((p: { kind: string; text: string; authorName: string }) => [p.kind, p.text, p.authorName])).toEqual([["offer", "Sewing repairs, bring your torn jeans", "Dee"]]);
    await context.close();
  });

  it("switches language with the plain form: the page comes back in Spanish", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(app.origin, "No script");
    const { page, context } = await openPage(app.browser, PHONE, true, { javaScriptEnabled: false });
    await page.goto(`${app.origin}/join/${market.code}`);
    await page.getByRole("button", { name: "Español" }).click();
    await page.getByLabel("Tu nombre").waitFor();
    expect(page.url()).toBe(`${app.origin}/join/${market.code}`);
    expect(await page.locator("html").getAttribute("lang")).toBe("es");
    await context.close();
  });
});

