// Reliability as people in the room meet it, in Debian's Chromium: a phone that goes offline keeps
// its post and sends it once when back; a server restart mid-market is ridden out by the projector
// and the phones; text with HTML or script is shown as text everywhere.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, hostStartsMarket, phoneJoins, post, setPhase } from "../support/market-api.ts";
import { countPageLoads, LAPTOP, launchChromium, openPage, PROJECTOR, screenshot } from "../support/browser.ts";
import { startServer, type TestServer } from "../support/server.ts";
import { phoneJoinsInBrowser, postFromPhone } from "../support/in-browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** The live badge every screen shows: "Live", "Catching up…" or "Reconnecting…". */
function badgeShows(page: Page, state: "live" | "offline") {
  return page.locator(`.live-badge.${state}`).waitFor({ timeout: 20_000 });
}

describe("a screen that drops off", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it("keeps a post made offline, shows it waiting, and sends it exactly once when back online", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(server.origin, "Flaky Wi-Fi");
    await setPhase(server.origin, market, "sharing");
    const { context, page } = await phoneJoinsInBrowser(browser, `${server.origin}/join/${market.code}`, "Ana");
    const { page: projector } = await openPage(browser, PROJECTOR);
    await projector.goto(`${server.origin}/screen/${market.code}`);
    await projector.getByText("Live", { exact: true }).waitFor();

    await context.setOffline(true);
    await postFromPhone(page, "offer", "Soup for the whole street");
    const queued = page.getByTestId("queued-post");
    await queued.getByText(/Waiting for connection/).waitFor();
    await page.getByText("Saved on your phone").waitFor();
    // The badge says the phone is reconnecting, and the outbox how many wait and why.
    await page.locator(".live-badge.offline", { hasText: "Reconnecting…" }).waitFor();
    await page.getByTestId("outbox-waiting").getByText("1 waiting to send — waiting for connection").waitFor();
    await page.locator("#outbox").scrollIntoViewIfNeeded();
    await screenshot(page, "reliability-phone-offline-queued");

    await context.setOffline(false);
    await queued.waitFor({ state: "detached" });
    await page.locator("#mine .post-text", { hasText: "Soup for the whole street" }).waitFor();
    await projector.locator(".wall-column.offer .post-text").getByText("Soup for the whole street").waitFor();

    const me = await call(server.origin, "GET", `/api/markets/${market.code}`);
    expect(me.body.counts.offers).toBe(1);
    await expect(projector.locator(".post-text", { hasText: "Soup for the whole street" }).count()).resolves.toBe(1);
    // A reload does not resend it: the outbox is empty once acknowledged.
    await page.reload();
    await page.getByText("Live", { exact: true }).waitFor();
    await expect(page.getByTestId("queued-post").count()).resolves.toBe(0);
    expect((await call(server.origin, "GET", `/api/markets/${market.code}`)).body.counts.offers).toBe(1);
    await context.close();
    await projector.context().close();
  });

  it("catches up with the room from the shared snapshot, and with what is its own", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(server.origin, "Back from a drop");
    await setPhase(server.origin, market, "connecting");
    const bo = await phoneJoins(server.origin, market.code, "Bo", "bo-reach@example.org");
    const need = await post(server.origin, market.code, bo, "need", "Fix my brakes");
    const { context, page } = await phoneJoinsInBrowser(browser, `${server.origin}/join/${market.code}`, "Ana");
    const anaToken = (await context.cookies()).find((c) => c.name === `onm_p_${market.code}`)!.value;
    const offer = await post(server.origin, market.code, { token: anaToken } as never, "offer", "Bike repair");
    const asked = await call(server.origin, "POST", `/api/markets/${market.code}/connections`, { token: anaToken, body: { offerId: offer.id, needId: need.id } });
    expect(asked.status).toBe(201);
    await badgeShows(page, "live");
    await page.locator("#wall .post-text", { hasText: "Fix my brakes" }).waitFor();

    // A blip in which nothing happened: back live, the phone fetches nothing (when a venue's
    // Wi-Fi blinks, the whole room comes back at once). A card posted after it arrives live.
    const blipAsks: string[] = [];
    const noteBlipAsk = (request: { url(): string }) => blipAsks.push(new URL(request.url()).pathname);
    page.on("request", noteBlipAsk);
    await context.setOffline(true);
    await badgeShows(page, "offline");
    await context.setOffline(false);
    await badgeShows(page, "live");
    await post(server.origin, market.code, bo, "need", "Someone to hold the ladder");
    await page.locator("#wall .post-text", { hasText: "Someone to hold the ladder" }).waitFor();
    page.off("request", noteBlipAsk);
    expect(blipAsks.filter((path) => path.endsWith("/snapshot") || path.endsWith("/personal") || path.endsWith(".data"))).toEqual([]);

    // Away: Bo says yes to Ana's request, and posts again.
    await context.setOffline(true);
    await badgeShows(page, "offline");
    const asks: string[] = [];
    page.on("request", (request) => asks.push(new URL(request.url()).pathname));
    expect((await call(server.origin, "POST", `/api/markets/${market.code}/connections/${asked.body.connection.id}/accept`, { token: bo.token })).status).toBe(200);
    await post(server.origin, market.code, bo, "need", "A lift on Friday");

    await context.setOffline(false);
    await badgeShows(page, "live");
    await page.locator("#wall .post-text", { hasText: "A lift on Friday" }).waitFor();
    // Bo's contact is Ana's now: her follow-ups came back with her own part of the page.
    await page.getByRole("link", { name: "Follow-ups (1)" }).waitFor();
    // The room came from the API's snapshot, which a whole room catching up at once shares; the
    // page's loaders, which build it all for each phone, did not run.
    // Once: the socket's return and its first beat, which finds the phone behind, come together.
    expect(asks.filter((path) => path === `/api/markets/${market.code}/snapshot`)).toHaveLength(1);
    expect(asks).toContain(`/m/${market.code}/personal`);
    expect(asks.filter((path) => path.endsWith(".data"))).toEqual([]);
    await context.close();
  });

  it("is the console: it catches up by its own page, once, with the strongest pairs worked out while it was away", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(server.origin, "Console on flaky Wi-Fi");
    await setPhase(server.origin, market, "connecting");
    const { context, page } = await openPage(browser, LAPTOP);
    await page.goto(market.hostUrl);
    await badgeShows(page, "live");

    await context.setOffline(true);
    await badgeShows(page, "offline");
    const asks: string[] = [];
    page.on("request", (request) => asks.push(new URL(request.url()).pathname));
    const pageLoads = countPageLoads(page);
    const bo = await phoneJoins(server.origin, market.code, "Bo");
    const cy = await phoneJoins(server.origin, market.code, "Cy");
    await post(server.origin, market.code, bo, "need", "Someone to fix my bike's brakes");
    await post(server.origin, market.code, cy, "offer", "I repair bikes: brakes, gears, punctures");

    await context.setOffline(false);
    await badgeShows(page, "live");
    await page.getByTestId("count-needs").filter({ hasText: "1" }).waitFor();
    await page.getByTestId("host-suggestion").filter({ hasText: "I repair bikes" }).waitFor();
    // The console's page holds more than the room (the strongest pairs, moderation): its loaders
    // bring it all at once, and the room's snapshot from the API would only be built twice.
    expect(asks.filter((path) => path.endsWith("/snapshot"))).toEqual([]);
    expect(pageLoads.stop()).toHaveLength(1);
    await context.close();
  });
});

describe("a phone passed to the next person", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it("never sends what the last person left waiting as the next person's", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(server.origin, "One phone, two people");
    await setPhase(server.origin, market, "sharing");
    const { context, page } = await phoneJoinsInBrowser(browser, `${server.origin}/join/${market.code}`, "Ana");
    await context.setOffline(true);
    await postFromPhone(page, "offer", "Ana's card that never left 8812");
    await page.getByTestId("queued-post").getByText(/Waiting for connection/).waitFor();

    // Ana hands the phone on (her page closed, her session gone, as after a rehearsal's reset);
    // what she queued is still in the phone's storage.
    await page.close();
    await context.clearCookies();
    await context.setOffline(false);
    const next = await context.newPage();
    await next.goto(`${server.origin}/join/${market.code}`);
    await next.getByLabel("Your name").fill("Bo");
    await next.getByLabel("How can people reach you?").fill("bo@example.org");
    await next.getByRole("button", { name: "Join the market" }).click();
    await next.locator(".live-badge.live").waitFor();
    await postFromPhone(next, "need", "Bo's own need 4471");
    await next.locator("#mine .post-text", { hasText: "Bo's own need 4471" }).waitFor();

    const reader = await phoneJoins(server.origin, market.code, "Reader");
    // With whose name each card went: Ana's card under Bo's name is what this guards against.
    const cards = (await call(server.origin, "GET", `/api/markets/${market.code}/posts`, { token: reader.token })).body.posts.map((p: { authorName: string; text: string }) => `${p.authorName}: ${p.text}`);
    expect(cards).toEqual(["Bo: Bo's own need 4471"]);
    await expect(next.getByTestId("queued-post").count()).resolves.toBe(0);
    await context.close();
  });
});

describe("answers and requests made offline", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it("wait on the phone and are sent once when back online", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(server.origin, "Offline answers");
    await setPhase(server.origin, market, "connecting");
    const ana = await phoneJoins(server.origin, market.code, "Ana");
    const first = await post(server.origin, market.code, ana, "offer", "Bike repair");
    const second = await post(server.origin, market.code, ana, "offer", "A spare pump");
    const { context, page } = await phoneJoinsInBrowser(browser, `${server.origin}/join/${market.code}`, "Bo");
    await page.getByRole("radio", { name: "I need" }).check();
    await page.locator("#post-text").fill("Someone to fix my bike");
    await page.getByRole("button", { name: "Post need" }).click();
    await page.locator("#mine .post-text", { hasText: "Someone to fix my bike" }).waitFor();
    const bosNeed = (await call(server.origin, "GET", `/api/markets/${market.code}/posts`, { token: ana.token })).body.posts.find((p: { kind: string }) => p.kind === "need");
    await call(server.origin, "POST", `/api/markets/${market.code}/connections`, { token: ana.token, body: { offerId: first.id, needId: bosNeed.id } });
    const request = page.getByTestId("connection-request");
    await request.getByText("Ana").waitFor();

    await context.setOffline(true);
    await request.getByRole("button", { name: "Accept" }).click();
    const pumpCard = page.locator("#wall .post-card", { hasText: "A spare pump" });
    await pumpCard.getByText("I'm interested").click();
    await pumpCard.getByRole("button", { name: "Send request" }).click();
    await expect(page.getByTestId("queued-action").count()).resolves.toBeGreaterThanOrEqual(1);

    await context.setOffline(false);
    await page.getByTestId("queued-action").first().waitFor({ state: "detached", timeout: 20_000 });
    await pumpCard.getByText("Request sent").waitFor({ timeout: 20_000 });
    const connections = (await call(server.origin, "GET", `/api/markets/${market.code}/export.json`, { token: market.hostKey })).body.connections;
    expect(connections.map((c: { offerId: string; status: string }) => [c.offerId, c.status]).sort()).toEqual(
      [
        [first.id, "accepted"],
        [second.id, "pending"],
      ].sort(),
    );
    await context.close();
  });
});

describe("a server restart during a market", () => {
  it("is ridden out: the projector and a phone reconnect by themselves and show the same state", { timeout: 90_000 }, async () => {
    let server = await startServer();
    const port = Number(new URL(server.origin).port);
    const market = await hostStartsMarket(server.origin, "Restart");
    await setPhase(server.origin, market, "sharing");
    const bo = await phoneJoins(server.origin, market.code, "Bo");
    await post(server.origin, market.code, bo, "need", "A ladder for Saturday");
    const { context, page } = await phoneJoinsInBrowser(browser, `${server.origin}/join/${market.code}`, "Ana");
    const { page: projector } = await openPage(browser, PROJECTOR);
    await projector.goto(`${server.origin}/screen/${market.code}`);
    await projector.getByText("Live", { exact: true }).waitFor();

    // Killed right after the screens loaded: a snapshot reload may be cut off mid-way too.
    await server.kill();
    await Promise.all([badgeShows(projector, "offline"), badgeShows(page, "offline")]);
    server = await startServer({ dataDir: server.dataDir, port });
    await Promise.all([badgeShows(projector, "live"), badgeShows(page, "live")]);

    // Made while both screens were away, and after: both show up once, on both screens.
    await post(server.origin, market.code, bo, "need", "Help moving a piano");
    await postFromPhone(page, "offer", "Two strong arms");
    for (const text of ["A ladder for Saturday", "Help moving a piano", "Two strong arms"]) {
      await projector.locator(".post-text", { hasText: text }).first().waitFor();
      expect(await projector.locator(".post-text", { hasText: text }).count()).toBe(1);
    }
    for (const text of ["A ladder for Saturday", "Help moving a piano"]) await page.locator("#wall .post-text", { hasText: text }).waitFor();
    await page.locator("#mine .post-text", { hasText: "Two strong arms" }).first().waitFor();
    await expect(projector.getByTestId("people-count").textContent()).resolves.toBe("2");
    await screenshot(projector, "reliability-projector-after-restart");
    await context.close();
    await projector.context().close();
    await server.stop();
  });
});

describe("text that looks like HTML", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it("is shown as text on the projector, the phones and in the exports, and never runs", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(server.origin, "<b>Bold</b> market");
    await setPhase(server.origin, market, "connecting");
    const evilName = `<img src=x onerror="window.__pwned=1">Eve`;
    const evilText = `<script>window.__pwned=2</script><img src=x onerror="window.__pwned=3"> & soup`;
    const eve = await phoneJoins(server.origin, market.code, evilName, "eve@example.org", true);
    await post(server.origin, market.code, eve, "offer", evilText, { tags: ["<i>tag</i>"] });

    const { page: projector } = await openPage(browser, PROJECTOR);
    await projector.goto(`${server.origin}/screen/${market.code}`);
    const { context, page } = await phoneJoinsInBrowser(browser, `${server.origin}/join/${market.code}`, "Ana");
    for (const screen of [projector, page]) {
      await screen.locator(".post-text", { hasText: "& soup" }).first().waitFor();
      expect(await screen.locator(".post-text", { hasText: "& soup" }).first().textContent()).toBe(evilText);
      expect(await screen.locator(".post-card img, .post-card script, .post-card i").count()).toBe(0);
      expect(await screen.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await screen.locator("h1").first().textContent()).toBe("<b>Bold</b> market");
    }
    await expect(page.locator(".post-author", { hasText: "Eve" }).first().textContent()).resolves.toContain("<img");
    await screenshot(projector, "reliability-projector-html-as-text");

    const csv = await call(server.origin, "GET", `/api/markets/${market.code}/export.json`, { token: market.hostKey });
    expect(csv.body.posts[0].text).toBe(evilText);
    const exported = await fetch(`${server.origin}/api/markets/${market.code}/export.json`, { headers: { authorization: `Bearer ${market.hostKey}` } });
    expect(exported.headers.get("content-type")).toMatch(/^application\/json/);
    expect(exported.headers.get("x-content-type-options")).toBe("nosniff");
    await context.close();
    await projector.context().close();
  });
});
