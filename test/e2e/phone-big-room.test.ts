// A phone in a big room: the wall shows the newest cards and "Show more", not every card the room
// has made. Thousands of cards made a page of over a megabyte that took the server 1.7 s to draw
// (bench/catch-up.ts) and more than an old phone can scroll; a card posted now still comes to the top.
import { describe, expect, it } from "vitest";
import { openPage, PHONE, screenshot } from "../support/browser.ts";
import { useServerAndBrowser } from "../support/fixtures.ts";
import { hostStartsMarket, phoneJoins, post, setPhase } from "../support/market-api.ts";

const app = useServerAndBrowser();

describe("a phone in a room with many cards", () => {
  it("shows the newest 30 and more on request, in the phone's language, with new cards on top", { timeout: 90_000 }, async () => {
    const market = await hostStartsMarket(app.origin, "Big room");
    await setPhase(app.origin, market, "sharing");
    // 72 cards from three people (each may post 30 a minute).
    const people = await Promise.all(["Ana", "Bo", "Cy"].map((name) => phoneJoins(app.origin, market.code, name)));
    for (let i = 0; i < 72; i++) await post(app.origin, market.code, people[i % 3]!, i % 2 ? "need" : "offer", `Card number ${i + 1}`);
    const dee = await phoneJoins(app.origin, market.code, "Dee");

    // The page as the server draws it holds the first 30 cards, not 72.
    const html = await (await fetch(`${app.origin}/m/${market.code}`, { headers: { cookie: `onm_p_${market.code}=${dee.token}` } })).text();
    expect(html.match(/<article class="post-card /g)?.length).toBe(30);

    const { context, page } = await openPage(app.browser, PHONE, true, { locale: "es-ES" });
    await context.addCookies([{ name: `onm_p_${market.code}`, value: dee.token, url: app.origin }]);
    await page.goto(`${app.origin}/m/${market.code}`);
    await page.locator(".live-badge.live").waitFor();
    const cards = page.locator("#wall .post-card");
    await expect.poll(() => cards.count()).toBe(30);
    await expect(cards.first().locator(".post-text").textContent()).resolves.toBe("Card number 72");
    const more = page.locator("#wall .show-more");
    await expect(more.textContent()).resolves.toBe("Ver más · faltan 42 publicaciones");
    await more.scrollIntoViewIfNeeded();
    await screenshot(page, "phone-big-room-show-more");
    await more.click();
    await expect.poll(() => cards.count()).toBe(60);
    await more.click();
    await expect.poll(() => cards.count()).toBe(72);
    expect(await more.count()).toBe(0);
    // Posted now: on top, live.
    await post(app.origin, market.code, people[0]!, "offer", "Card number 73");
    await expect.poll(() => cards.first().locator(".post-text").textContent()).toBe("Card number 73");
    await context.close();

    // An old phone whose JavaScript did not load: "Show more" asks for the page again with 30
    // more cards, and lands on the first new one.
    const old = await openPage(app.browser, PHONE, true, { javaScriptEnabled: false });
    await old.context.addCookies([{ name: `onm_p_${market.code}`, value: dee.token, url: app.origin }]);
    await old.page.goto(`${app.origin}/m/${market.code}`);
    const oldCards = old.page.locator("#wall .post-card");
    expect(await oldCards.count()).toBe(30);
    await old.page.getByRole("button", { name: "Show more · 43 cards not shown yet" }).click();
    await old.page.waitForURL(/\?wall=60#wall-card-31$/);
    await old.page.waitForLoadState();
    expect(await oldCards.count()).toBe(60);
    await expect(old.page.locator("#wall-card-31 .post-text").textContent()).resolves.toBe("Card number 43");
    await old.page.getByRole("button", { name: "Show more · 13 cards not shown yet" }).click();
    await old.page.waitForURL(/\?wall=90#wall-card-61$/);
    await old.page.waitForLoadState();
    expect(await oldCards.count()).toBe(73);
    expect(await old.page.locator("#wall .show-more").count()).toBe(0);
    await old.context.close();
  });
});
