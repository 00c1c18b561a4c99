// The facilitator in real Chromium: a round started on the host console spotlights the speaker with
// a running countdown on the projector and a phone; the wall with 1,000 posts at 1920x1080.
import { describe, expect, it } from "vitest";
import { LAPTOP, openPage, PROJECTOR, screenshot } from "../support/browser.ts";
import { call, hostStartsMarket, phoneJoins, post, setPhase } from "../support/market-api.ts";
import { useServerAndBrowser } from "../support/fixtures.ts";
import { hostStartsMarketInBrowser, phoneJoinsInBrowser } from "../support/in-browser.ts";

// The 300-person wall is seeded from one address faster than a hall joins (join pacing is tested
// in venue-abuse.test.ts).
const app = useServerAndBrowser({ env: { LIMIT_JOINS_PER_SECOND_PER_ADDRESS: "100000", LIMIT_JOIN_BURST_PER_ADDRESS: "100000" } });

const CATEGORIES = ["skills", "things", "time & help", "knowledge", "space", "other"];
const OFFERS = ["I can fix bikes and teach you how", "Spare room for a visiting friend", "Spanish conversation practice", "Lend my ladder and drill", "Help with CVs and cover letters", "Homemade bread every Saturday", "Garden tools and seedlings", "An hour of guitar lessons"];
const NEEDS = ["A lift to the station on Fridays", "Someone to look after my cat", "Advice on solar panels", "Help moving a sofa", "Learn to make sourdough", "A quiet place to work", "Someone to practise English with", "Fix a leaking tap"];

describe("facilitation in Chromium", () => {
  it("a round started on the host console spotlights the speaker with a running countdown on the projector and a phone", { timeout: 90_000 }, async () => {
    const { page: hostPage, code } = await hostStartsMarketInBrowser(app.browser, app.server.origin, "Round test market");

    // Ana joins through the browser; Bo by the API with a post.
    const { page: phone } = await phoneJoinsInBrowser(app.browser, `${app.server.origin}/join/${code}`, "Ana Lopez");

    // The agenda: the first stage opens offers, shows on the projector and the phone.
    const { page: projector } = await openPage(app.browser, PROJECTOR);
    await projector.goto(`${app.server.origin}/screen/${code}`);
    await projector.getByText("Live", { exact: true }).waitFor();
    await hostPage.getByRole("button", { name: "Start the agenda" }).click();
    await projector.getByTestId("stage-title").filter({ hasText: "Explore your offers" }).waitFor();
    await projector.getByTestId("stage-instructions").filter({ hasText: "In silence" }).waitFor();
    await phone.getByTestId("phone-stage").getByText("Explore your offers").waitFor();
    await expect(phone.getByRole("radio", { name: "I need" }).count()).resolves.toBe(0);
    await phone.locator("#post-text").fill("I can repair bikes");
    await phone.getByRole("button", { name: "Post offer" }).click();
    await phone.locator("#mine .post-text").getByText("I can repair bikes").waitFor();

    const bo = await phoneJoins(app.server.origin, code, "Bo Chen");
    await post(app.server.origin, code, bo, "offer", "Sourdough starter and a lesson", { category: "knowledge", exchange: "gift" });

    // The host starts a 60 s round on offers: Ana first (she joined first).
    await hostPage.getByRole("button", { name: "Start round" }).click();
    await projector.getByTestId("spotlight-name").filter({ hasText: "Ana" }).waitFor();
    await projector.getByTestId("spotlight").getByText("I can repair bikes").waitFor();
    const clock = projector.getByTestId("round-countdown");
    await clock.filter({ hasText: /^0:5\d|^1:00/ }).waitFor();
    const first = Number(await clock.getAttribute("data-remaining-ms"));
    await expect.poll(async () => Number(await clock.getAttribute("data-remaining-ms")), { timeout: 5000 }).toBeLessThan(first - 500);
    await phone.getByTestId("phone-speaker").filter({ hasText: "Your turn" }).waitFor();
    await screenshot(projector, "projector-spotlight");

    // Next: Bo speaks; Ana's phone shows his card with a one-tap "I'm interested" and the same clock.
    await hostPage.getByRole("button", { name: "Next person" }).click();
    await projector.getByTestId("spotlight-name").filter({ hasText: "Bo" }).waitFor();
    await phone.getByTestId("phone-speaker").filter({ hasText: "Listening to Bo Chen" }).waitFor();
    const round = phone.getByTestId("phone-round");
    await round.getByText("Sourdough starter and a lesson").waitFor();
    await round.getByText("I'm interested").waitFor();
    const phoneLeft = Number(await round.getByTestId("round-countdown").getAttribute("data-remaining-ms"));
    const wallLeft = Number(await clock.getAttribute("data-remaining-ms"));
    expect(Math.abs(phoneLeft - wallLeft)).toBeLessThan(1500);
    expect(phoneLeft).toBeGreaterThan(50_000);
    await screenshot(phone, "phone-round-listening", true);

    // Pause freezes the clock on every screen.
    await hostPage.getByRole("button", { name: "Pause" }).click();
    await projector.getByTestId("round-countdown").getByText("Paused").waitFor();
    await phone.getByTestId("phone-round").getByText("Paused").waitFor();
    await screenshot(hostPage, "host-console-round", true);
  });

  it("the host picks a category on the console and the wall shows only its cards, live; ?category= still overrides", { timeout: 90_000 }, async () => {
    const market = await hostStartsMarket(app.server.origin, "Category filter market");
    await setPhase(app.server.origin, market, "sharing");
    const ana = await phoneJoins(app.server.origin, market.code, "Ana Lopez");
    const bo = await phoneJoins(app.server.origin, market.code, "Bo Chen");
    await post(app.server.origin, market.code, ana, "offer", "Spare room for a visiting friend", { category: "space" });
    await post(app.server.origin, market.code, bo, "need", "A quiet place to work", { category: "space" });
    await post(app.server.origin, market.code, ana, "offer", "Lend my ladder and drill", { category: "things" });
    await post(app.server.origin, market.code, bo, "need", "Learn to make sourdough", { category: "knowledge" });

    const { page: hostPage } = await openPage(app.browser, LAPTOP);
    await hostPage.goto(market.hostUrl);
    const { page: wall } = await openPage(app.browser, PROJECTOR);
    await wall.goto(market.screenUrl);
    await wall.getByText("Live", { exact: true }).waitFor();
    // A second projector pinned to one category by its address keeps it whatever the host picks.
    const { page: pinned } = await openPage(app.browser, PROJECTOR);
    await pinned.goto(`${market.screenUrl}?category=things`);
    await pinned.getByText("Live", { exact: true }).waitFor();
    const texts = (page: typeof wall) => page.locator(".wall .post-text").allTextContents();
    // Cards rendered by the server carry their category's colour, as live ones do (the page's
    // security policy once dropped style attributes from the server's HTML).
    const chip = wall.locator(".post-card", { hasText: "Spare room" }).locator(".category-chip");
    const spaceColour = await chip.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(spaceColour).not.toBe(await wall.locator(".post-card", { hasText: "Lend my ladder" }).locator(".category-chip").evaluate((el) => getComputedStyle(el).backgroundColor));
    expect(spaceColour).not.toBe("rgba(0, 0, 0, 0)");
    expect((await texts(wall)).sort()).toEqual(["A quiet place to work", "Learn to make sourdough", "Lend my ladder and drill", "Spare room for a visiting friend"]);
    // Proof that nothing below reloads the wall: a reload would drop this marker.
    await wall.evaluate(() => ((window as unknown as { stayedPut: boolean }).stayedPut = true));

    const showOnly = hostPage.getByRole("group", { name: "Show only" });
    await expect(showOnly.getByRole("button", { name: "All categories" }).getAttribute("aria-pressed")).resolves.toBe("true");
    // By keyboard, as a facilitator with a laptop on a lectern would.
    await showOnly.getByRole("button", { name: "space" }).focus();
    await hostPage.keyboard.press("Enter");
    await wall.getByRole("heading", { name: /Offers · space/ }).waitFor();
    await expect.poll(() => texts(wall)).toEqual(["Spare room for a visiting friend", "A quiet place to work"]);
    await expect(wall.getByTestId("wall-count-offer").textContent()).resolves.toBe("1");
    await expect(showOnly.getByRole("button", { name: "space" }).getAttribute("aria-pressed")).resolves.toBe("true");

    // New cards keep following the choice: another category's card stays off the wall.
    await post(app.server.origin, market.code, ana, "need", "Help moving a sofa", { category: "time & help" });
    await post(app.server.origin, market.code, bo, "offer", "Garden shed to store tools", { category: "space" });
    await wall.getByText("Garden shed to store tools").waitFor();
    expect(await texts(wall)).not.toContain("Help moving a sofa");
    await screenshot(wall, "projector-category-filter");
    expect(await texts(pinned)).toEqual(["Lend my ladder and drill"]);

    await showOnly.getByRole("button", { name: "All categories" }).click();
    await wall.getByRole("heading", { name: /^Offers \d/ }).waitFor();
    await expect.poll(async () => (await texts(wall)).length).toBe(6);
    expect(await wall.evaluate(() => (window as unknown as { stayedPut?: boolean }).stayedPut)).toBe(true);
    expect(await texts(pinned)).toEqual(["Lend my ladder and drill"]);
  });

  it("keeps the wall readable with 300 people and 1,000 posts at 1920x1080", { timeout: 120_000 }, async () => {
    const market = await hostStartsMarket(app.server.origin, "Big Hall Offers & Needs");
    await setPhase(app.server.origin, market, "sharing");
    const people: Array<{ participantId: string; token: string }> = [];
    for (let i = 0; i < 300; i++) people.push(await phoneJoins(app.server.origin, market.code, `Person${i + 1} Example`));
    const { page: projector } = await openPage(app.browser, PROJECTOR);
    await projector.goto(`${app.server.origin}/screen/${market.code}`);
    await projector.getByText("Live", { exact: true }).waitFor();
    // 1,000 posts in bursts of 50 while the projector is live.
    for (let start = 0; start < 1000; start += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, k) => {
          const i = start + k;
          const kind = i % 2 ? "need" : "offer";
          const texts = kind === "offer" ? OFFERS : NEEDS;
          return post(app.server.origin, market.code, people[i % 300]!, kind, `${texts[i % texts.length]} (#${i + 1})`, {
            category: CATEGORIES[i % CATEGORIES.length],
            exchange: ["gift", "barter", "negotiable"][i % 3],
          });
        }),
      );
    }
    await projector.getByTestId("wall-count-offer").filter({ hasText: "500" }).waitFor({ timeout: 20_000 });
    await projector.getByTestId("wall-count-need").filter({ hasText: "500" }).waitFor();
    // Only one page of cards is drawn per column (as many whole cards as fit, at most 40); the newest is first.
    const drawn = await projector.locator(".wall-column.offer .post-card").count();
    expect(drawn).toBeGreaterThanOrEqual(4);
    expect(drawn).toBeLessThanOrEqual(40);
    // Newest first: within a page turn the top card comes from the last burst (posts of one burst
    // may share a millisecond); the wall may be paging through older cards when the burst ends.
    const top = async () => Number(((await projector.locator(".wall-column.offer .post-text").first().textContent()) ?? "").match(/#(\d+)/)?.[1]);
    await expect.poll(top, { timeout: 20_000 }).toBeGreaterThan(950);
    const smallest = await projector.evaluate(() =>
      Math.min(...[...document.querySelectorAll(".screen .post-text, .screen .post-author, .wall-count, .wall-more")].map((el) => parseFloat(getComputedStyle(el).fontSize))),
    );
    expect(smallest).toBeGreaterThanOrEqual(18);
    await screenshot(projector, "projector-1000-posts");

    // The tables for 300 people, and the still-open read-out.
    await call(app.server.origin, "POST", `/api/markets/${market.code}/groups`, { token: market.hostKey, body: { action: "split", size: 6 } });
    await projector.getByTestId("tables").waitFor();
    await screenshot(projector, "projector-tables-300-people");
    await call(app.server.origin, "POST", `/api/markets/${market.code}/projector-view`, { token: market.hostKey, body: { view: "still-open" } });
    await projector.getByTestId("still-open").waitFor();
    await screenshot(projector, "projector-still-open");
  });
});
