// The projector in a hall of 200, in real Chromium at 1920x1080: a wall dense enough to read the
// room (at least 12 whole cards of typical length, none cut, no text under 20 px) that turns
// through every card, the overview for big rooms, columns that say when their kind is closed, a
// lobby line readable from the back, and icons drawn as SVG.
import { describe, expect, it } from "vitest";
import { seriousViolations } from "../support/axe.ts";
import { LAPTOP, openPage, PROJECTOR, screenshot } from "../support/browser.ts";
import { useServerAndBrowser } from "../support/fixtures.ts";
import { call, hostStartsMarket, phoneJoins, post, setPhase, type Phone } from "../support/market-api.ts";
import { textsSmallerThan, wallCards } from "../support/projector-checks.ts";

const app = useServerAndBrowser();

const CATEGORIES = ["skills", "things", "time & help", "knowledge", "space", "other"];
const OPENINGS = ["I can teach", "Happy to lend", "I could help with", "Weekend time for", "Spare", "Advice on", "A lift for", "Someone for"];
const TOPICS = ["bike repairs", "a ladder and a drill", "Spanish conversation", "moving a sofa", "sourdough baking", "tax returns", "garden tools", "guitar lessons"];
const DETAILS = [
  "",
  " near the station",
  " on Saturday mornings, with tea",
  " for beginners and anyone who wants to try, no experience needed at all",
  " whenever you like; I am around most evenings after six and happy to come to you",
];

/** A card of typical length, 40 to 120 characters, varied as people write them. */
function typicalCard(i: number): string {
  let text = `${OPENINGS[i % OPENINGS.length]} ${TOPICS[(i * 3) % TOPICS.length]}${DETAILS[i % DETAILS.length]} (${i + 1})`;
  while (text.length < 40) text += " — just ask";
  return text.length > 120 ? `${text.slice(0, 115).trimEnd()} (${i + 1})` : text;
}

async function roomWithCards(title: string, perKind: number): Promise<{ market: Awaited<ReturnType<typeof hostStartsMarket>>; people: Phone[]; ids: Record<"offer" | "need", string[]> }> {
  const market = await hostStartsMarket(app.origin, title);
  await setPhase(app.origin, market, "sharing");
  const people: Phone[] = [];
  for (let i = 0; i < 12; i++) people.push(await phoneJoins(app.origin, market.code, `Person${i + 1} Example`));
  const ids: Record<"offer" | "need", string[]> = { offer: [], need: [] };
  for (let i = 0; i < perKind * 2; i++) {
    const kind = i % 2 ? "need" : "offer";
    const created = await post(app.origin, market.code, people[i % people.length]!, kind, typicalCard(i), { category: CATEGORIES[i % CATEGORIES.length], tags: i % 3 ? ["garden"] : ["bikes", "repair"] });
    ids[kind].push(created.id);
  }
  return { market, people, ids };
}

describe("the projector in a hall", () => {
  it("shows at least 12 whole cards of typical length at 1920x1080, none cut and no text under 20 px, and turns through every card", { timeout: 120_000 }, async () => {
    const { market, ids } = await roomWithCards("Dense wall market", 30);
    const { page: projector } = await openPage(app.browser, PROJECTOR);
    await projector.goto(market.screenUrl);
    await projector.getByText("Live", { exact: true }).waitFor();
    await projector.getByTestId("wall-count-need").filter({ hasText: "30" }).waitFor();

    await screenshot(projector, "projector-dense-wall");
    const cards = await wallCards(projector);
    console.log(`dense wall at 1920x1080: ${cards.whole} whole cards shown (of 60, 40–120 characters each), ${cards.cut.length} cut`);
    expect(cards.cut).toEqual([]);
    expect(cards.whole).toBeGreaterThanOrEqual(12);
    expect(await textsSmallerThan(projector)).toEqual([]);
    // Nothing of the page runs below the fold or off to the side.
    expect(await projector.evaluate(() => [document.documentElement.scrollHeight <= innerHeight, document.documentElement.scrollWidth <= innerWidth])).toEqual([true, true]);

    // Paging: a projector turning a page a second shows every card of each column in turn, each whole.
    const { page: fast } = await openPage(app.browser, PROJECTOR);
    await fast.goto(`${market.screenUrl}?pageSeconds=1`);
    await fast.getByText("Live", { exact: true }).waitFor();
    await fast.getByTestId("wall-count-offer").filter({ hasText: "30" }).waitFor();
    await fast.getByTestId("wall-page-offer").waitFor();
    const seen = new Set<string>();
    const cutOnAPage: string[] = [];
    await expect
      .poll(
        async () => {
          const page = await wallCards(fast);
          for (const id of page.ids) seen.add(id);
          cutOnAPage.push(...page.cut);
          return [...ids.offer, ...ids.need].filter((id) => !seen.has(id)).length;
        },
        { timeout: 60_000, interval: 250 },
      )
      .toBe(0);
    expect(cutOnAPage).toEqual([]);
  });

  it("gives the host an overview of a big room: categories with counts and the most common tags", { timeout: 90_000 }, async () => {
    const { market } = await roomWithCards("Overview market", 12);
    const { page: host } = await openPage(app.browser, LAPTOP);
    await host.goto(market.hostUrl);
    const { page: projector } = await openPage(app.browser, PROJECTOR);
    await projector.goto(market.screenUrl);
    await projector.getByText("Live", { exact: true }).waitFor();
    await host.getByRole("button", { name: "The overview" }).click();
    const overview = projector.getByTestId("overview");
    await overview.waitFor();
    // 24 cards over six categories in turn, offers and needs alternating: four offers in "skills", four needs in "things".
    const row = (category: string) => overview.locator(`[data-testid=overview-category][data-category="${category}"]`);
    await expect(row("skills").getByTestId("overview-offer").textContent()).resolves.toBe(" 4 Offers");
    await expect(row("skills").getByTestId("overview-need").textContent()).resolves.toBe(" 0 Needs");
    await expect(row("things").getByTestId("overview-need").textContent()).resolves.toBe(" 4 Needs");
    await expect(overview.getByTestId("overview-category").count()).resolves.toBe(6);
    // "garden" is on two cards in three; "bikes" and "repair" on the rest.
    await expect(overview.getByTestId("overview-tag").first().textContent()).resolves.toBe("#garden 16");
    expect(await textsSmallerThan(projector)).toEqual([]);
    await screenshot(projector, "projector-overview");
    await expect(host.getByRole("button", { name: "The overview" }).getAttribute("aria-pressed")).resolves.toBe("true");
  });

  it("says that a kind is closed in its column instead of inviting people to post it", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(app.origin, "Offers first market");
    const { page: projector } = await openPage(app.browser, PROJECTOR);
    await projector.goto(market.screenUrl);
    await projector.getByText("Live", { exact: true }).waitFor();
    // The first stage of the standard agenda opens offers only.
    expect((await call(app.origin, "POST", `/api/markets/${market.code}/agenda`, { token: market.hostKey, body: { action: "start" } })).status).toBe(200);
    const needs = projector.getByTestId("wall-column-need");
    await needs.getByText("No needs in this stage: they open later.").waitFor();
    await expect(projector.getByTestId("wall-column-offer").getByText("No offers yet — be the first!").count()).resolves.toBe(1);
    await expect(needs.getByText(/No needs yet/).count()).resolves.toBe(0);
  });

  it("shows the lobby's 'go to … — code …' on one unbroken line, first names as people join, and icons as SVG", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(app.origin, "Lobby market with a rather long title");
    const { page: projector } = await openPage(app.browser, PROJECTOR);
    await projector.goto(market.screenUrl);
    await projector.getByText("Live", { exact: true }).waitFor();
    const line = projector.getByTestId("lobby-line");
    await expect(line.textContent()).resolves.toBe(`Go to ${new URL(app.origin).host} — code ${market.code}`);
    // One line box: every fragment of the line's text sits on the same line, within the screen.
    const boxes = await line.evaluate((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      const rect = element.getBoundingClientRect();
      return { lines: tops.size, fits: element.scrollWidth <= element.clientWidth && rect.right <= innerWidth, px: parseFloat(getComputedStyle(element).fontSize) };
    });
    expect(boxes).toMatchObject({ lines: 1, fits: true });
    expect(boxes.px).toBeGreaterThanOrEqual(60);

    for (const name of ["Ana Lopez", "Bo Chen", "Chidi Okafor"]) await phoneJoins(app.origin, market.code, name);
    await projector.getByTestId("lobby-names").getByText("Chidi", { exact: true }).waitFor();
    await expect(projector.getByTestId("lobby-names").locator("li").allTextContents()).resolves.toEqual(["Chidi", "Bo", "Ana"]);
    await expect(projector.getByTestId("people-count").textContent()).resolves.toBe("3");
    expect(await textsSmallerThan(projector)).toEqual([]);
    await screenshot(projector, "projector-lobby-arriving");

    // Icons: the card's "when" and "where" are drawn, not emoji that Debian's fonts lack.
    await setPhase(app.origin, market, "sharing");
    const ana = await phoneJoins(app.origin, market.code, "Dee Example");
    await post(app.origin, market.code, ana, "offer", "Cargo bike to lend for moving day", { when: "weekends", where: { kind: "place", place: "Harbour St" } });
    const card = projector.locator(".post-card", { hasText: "Cargo bike" });
    await card.waitFor();
    await expect(card.locator("svg[data-icon=clock]").count()).resolves.toBe(1);
    await expect(card.locator("svg[data-icon=pin]").count()).resolves.toBe(1);
    expect(await card.textContent()).not.toMatch(/\p{Extended_Pictographic}/u);
  });

  it("keeps every view readable and axe-clean: wall, still open, overview, tables, spotlight, harvest", { timeout: 120_000 }, async () => {
    const { market, people } = await roomWithCards("Every view market", 10);
    const { page: projector } = await openPage(app.browser, PROJECTOR, false, { bypassCSP: true });
    await projector.goto(market.screenUrl);
    await projector.getByText("Live", { exact: true }).waitFor();
    const found: string[] = [];
    const small: string[] = [];
    const check = async (view: string) => {
      found.push(...(await seriousViolations(projector, `projector (${view})`)));
      small.push(...(await textsSmallerThan(projector)).map((s) => `${view}: ${s}`));
      expect(await projector.evaluate(() => document.documentElement.scrollHeight <= innerHeight), `${view} fits the screen`).toBe(true);
    };
    const view = (name: string) => call(app.origin, "POST", `/api/markets/${market.code}/projector-view`, { token: market.hostKey, body: { view: name } });
    await projector.getByTestId("wall-count-offer").filter({ hasText: "10" }).waitFor();
    await check("wall");
    await view("still-open");
    await projector.getByTestId("still-open").waitFor();
    expect((await wallCards(projector)).cut).toEqual([]);
    await check("still open");
    await view("overview");
    await projector.getByTestId("overview").waitFor();
    await check("overview");
    await call(app.origin, "POST", `/api/markets/${market.code}/groups`, { token: market.hostKey, body: { action: "split", size: 4 } });
    await projector.getByTestId("tables").waitFor();
    await check("tables");
    await call(app.origin, "POST", `/api/markets/${market.code}/groups`, { token: market.hostKey, body: { action: "clear" } });
    await view("wall");
    await call(app.origin, "POST", `/api/markets/${market.code}/round`, { token: market.hostKey, body: { action: "start", focus: "offer" } });
    await projector.getByTestId("spotlight").locator(".post-card").first().waitFor();
    await check("spotlight");
    await setPhase(app.origin, market, "closed");
    await projector.locator(".harvest").waitFor();
    await check("harvest");
    // The side column's "Thank you!" stays inside it, every word whole.
    const [thanks, column] = await Promise.all([".screen-thanks-big", ".screen-thanks"].map((selector) => projector.locator(selector).boundingBox()));
    expect(thanks!.x).toBeGreaterThanOrEqual(column!.x);
    expect(thanks!.x + thanks!.width).toBeLessThanOrEqual(column!.x + column!.width);
    expect(people.length).toBe(12);
    if (found.length > 0) console.error(found.join("\n"));
    expect(found).toEqual([]);
    expect(small).toEqual([]);
  });
});
