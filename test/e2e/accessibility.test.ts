// Accessibility audited by a real rules engine: axe-core runs in Debian's Chromium on every page
// of a market, in each phase a person would see it, and any "serious" or "critical" violation
// fails the test with its rule id, impact, help text and the elements it found.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "../support/axe.ts";
import { LAPTOP, launchChromium, openPage, PHONE, PROJECTOR, screenshot } from "../support/browser.ts";
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
    // Focus moves to the first field in error, which names its message.
    await expect.poll(() => phone.evaluate(() => document.activeElement?.id)).toBe("name");
    expect(await phone.locator("#name").getAttribute("aria-describedby")).toBe("name-error");
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
    await screenshot(phone, "a11y-phone-sharing");

    const host = await hostPage();
    found.push(...(await seriousViolations(host, "host console (sharing)")));
    await screenshot(host, "a11y-host-console", true);

    const { page: screen } = await auditPage(PROJECTOR, false);
    await screen.goto(`${server.origin}/screen/${market.code}`);
    await screen.getByText("Spanish conversation over coffee").waitFor();
    found.push(...(await seriousViolations(screen, "projector (sharing)")));
    await screenshot(screen, "a11y-projector-sharing");
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

/** Presses Tab until `selector` has focus (at most 40 times); every element reached shows its focus. */
async function tabTo(page: Page, selector: string, unfocusable: string[]): Promise<void> {
  for (let presses = 0; presses < 40; presses++) {
    await page.keyboard.press("Tab");
    const reached = await page.evaluate((wanted) => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return { matches: false, visible: true, name: "body" };
      // A visually hidden radio shows its focus on the label that wraps it.
      const shown = [element, element.closest("label")].filter(Boolean) as HTMLElement[];
      const visible = shown.some((el) => {
        const style = getComputedStyle(el);
        return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
      });
      return { matches: element.matches(wanted), visible, name: `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""} "${(element.getAttribute("aria-label") ?? element.textContent ?? "").trim().slice(0, 40)}"` };
    }, selector);
    if (!reached.visible) unfocusable.push(reached.name);
    if (reached.matches) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Visible buttons, links and fields on the page smaller than 44x44 CSS pixels. */
async function smallTargets(page: Page): Promise<{ small: string[]; measured: number }> {
  return page.evaluate(() => {
    const found: string[] = [];
    let measured = 0;
    for (const element of Array.from(document.querySelectorAll<HTMLElement>("button, a[href], input, select, textarea, summary"))) {
      if (element instanceof HTMLInputElement && element.type === "hidden") continue;
      // Inline text links inside a sentence are excepted (WCAG 2.5.8).
      if (element.tagName === "A" && element.closest("p, li") && getComputedStyle(element).display === "inline") continue;
      // A checkbox or radio is tapped through the label that wraps it.
      const target = (element instanceof HTMLInputElement && (element.type === "checkbox" || element.type === "radio") && element.closest("label")) || element;
      const box = target.getBoundingClientRect();
      const style = getComputedStyle(target);
      if (box.width === 0 || box.height === 0 || style.visibility === "hidden") continue;
      measured++;
      if (box.width < 44 - 0.5 || box.height < 44 - 0.5) {
        found.push(`${target.tagName.toLowerCase()}${target.className ? `.${String(target.className).trim().replace(/\s+/g, ".")}` : ""} "${(target.getAttribute("aria-label") ?? target.textContent ?? "").trim().slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
      }
    }
    return { small: found, measured };
  });
}

describe("the host console on a laptop (1366x768)", () => {
  it("shows where the room is and the next step in the first screen; every control is a 44x44px target and axe-clean with everything unfolded", { timeout: 60_000 }, async () => {
    const consoleMarket = await hostStartsMarket(server.origin, "Console market");
    const gil = await phoneJoins(server.origin, consoleMarket.code, "Gil");
    await phoneJoins(server.origin, consoleMarket.code, "Hana");
    const host = (body: unknown, path = "agenda") => call(server.origin, "POST", `/api/markets/${consoleMarket.code}/${path}`, { token: consoleMarket.hostKey, body });
    await host({ action: "start" });
    await post(server.origin, consoleMarket.code, gil, "offer", "I can sharpen knives");
    await host({ action: "start", focus: "offer", seconds: 60 }, "round");
    const { page } = await auditPage({ width: 1366, height: 768 }, false);
    await page.goto(consoleMarket.hostUrl);
    await page.getByTestId("host-speaker").waitFor();
    // At a glance, without scrolling: the stage, the next stage's button, the speaker and the round's next step.
    for (const [what, target] of [
      ["the stage", page.getByRole("heading", { name: "Now: Explore your offers" })],
      ["next stage", page.getByRole("button", { name: "Next stage: Hear the offers →" })],
      ["speaker", page.getByTestId("host-speaker")],
      ["next person", page.getByRole("button", { name: "Next person" })],
      ["people", page.getByTestId("count-participants")],
    ] as const) {
      const box = await target.boundingBox();
      expect(box && box.y + box.height, `${what} in the first screen`).toBeLessThanOrEqual(768);
    }
    // Everything a facilitator can unfold: the stage tools and every folded part.
    await page.getByLabel("Edit stages").check();
    for (const summary of await page.locator("details > summary").all()) await summary.click();
    await page.getByLabel("CSV file").waitFor();
    await screenshot(page, "a11y-host-console-unfolded", true);
    report(await seriousViolations(page, "host console (everything unfolded)"));
    const { small, measured } = await smallTargets(page);
    expect(measured).toBeGreaterThan(80);
    if (small.length > 0) console.error(`host console targets under 44x44px:\n  ${small.join("\n  ")}`);
    expect(small).toEqual([]);
  });
});

describe("a participant using the keyboard alone", () => {
  it("joins and posts an offer with Tab, Space and Enter, and always sees where the focus is", { timeout: 60_000 }, async () => {
    const keyboardMarket = await hostStartsMarket(server.origin, "Keyboard market");
    await setPhase(server.origin, keyboardMarket, "sharing");
    const { page } = await openPage(browser, PHONE, false);
    const noFocusRing: string[] = [];
    await page.goto(`${server.origin}/join/${keyboardMarket.code}`);

    await tabTo(page, "#name", noFocusRing);
    await page.keyboard.type("Dee");
    await tabTo(page, "#contact", noFocusRing);
    await page.keyboard.type("dee@example.org");
    await tabTo(page, "input[name=shareContactWithHost]", noFocusRing);
    await page.keyboard.press("Space");
    expect(await page.locator("input[name=shareContactWithHost]").isChecked()).toBe(true);
    await tabTo(page, "button[type=submit]", noFocusRing);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/m\/[A-Z0-9]{6}$/);
    await page.getByText("Live", { exact: true }).waitFor();

    await tabTo(page, "input[name=kind][value=offer]", noFocusRing);
    await page.keyboard.press("Space");
    expect(await page.getByRole("radio", { name: "I can offer" }).isChecked()).toBe(true);
    await tabTo(page, "#post-text", noFocusRing);
    await page.keyboard.type("I can mend clothes by hand");
    await tabTo(page, "#compose button[type=submit]", noFocusRing);
    await page.keyboard.press("Enter");
    await page.locator("#mine .post-text").getByText("I can mend clothes by hand").waitFor();
    expect(noFocusRing).toEqual([]);
  });
});

describe("the phone with large text and on a narrow screen", () => {
  it("never scrolls sideways at 200% text on a 390px phone, nor on a 320px screen", { timeout: 60_000 }, async () => {
    const sideways: string[] = [];
    const check = async (page: Page, label: string) => {
      const { scrollWidth, clientWidth, cut } = await page.evaluate(() => {
        const width = document.scrollingElement!.clientWidth;
        // Text cut off at the screen's edge (by a fixed bar or a clipping box) is lost too, even
        // when the page itself does not scroll.
        const cut = Array.from(document.body.querySelectorAll<HTMLElement>("*"))
          .filter((el) => Array.from(el.childNodes).some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== ""))
          .filter((el) => {
            // The text itself, which may overflow its own box.
            const range = document.createRange();
            range.selectNodeContents(el);
            const box = range.getBoundingClientRect();
            if (box.width === 0 || getComputedStyle(el).visibility === "hidden" || el.closest(".visually-hidden")) return false;
            if (box.right > width + 1 || box.left < -1) return true;
            for (let box2 = el.parentElement; box2 && box2 !== document.body; box2 = box2.parentElement) {
              if (!["hidden", "clip"].includes(getComputedStyle(box2).overflowX)) continue;
              const clip = box2.getBoundingClientRect();
              if (box.right > clip.right + 1 || box.left < clip.left - 1) return true;
            }
            return false;
          })
          .map((el) => `"${el.textContent!.trim().slice(0, 30)}"`);
        return { scrollWidth: document.scrollingElement!.scrollWidth, clientWidth: width, cut };
      });
      if (scrollWidth > clientWidth + 1) sideways.push(`${label}: content ${scrollWidth}px wide in a ${clientWidth}px screen`);
      if (cut.length > 0) sideways.push(`${label}: text past the screen's edge: ${cut.join(", ")}`);
    };
    for (const [viewport, fontSize, label] of [
      [PHONE, "200%", "390px phone, 200% text"],
      [{ width: 320, height: 640 }, "100%", "320px screen"],
    ] as const) {
      const { context, page } = await auditPage(viewport, true);
      await context.addCookies([{ name: `onm_p_${market.code}`, value: bo.token, url: server.origin }]);
      await page.goto(`${server.origin}/m/${market.code}`);
      await page.getByText("Live", { exact: true }).waitFor();
      await page.addStyleTag({ content: `html { font-size: ${fontSize} !important; }` });
      await check(page, `${label}, phone`);
      await screenshot(page, `a11y-phone-${viewport.width}-${fontSize.replace("%", "")}`, true);
      await page.goto(`${server.origin}/m/${market.code}/follow-ups`);
      await page.addStyleTag({ content: `html { font-size: ${fontSize} !important; }` });
      await check(page, `${label}, follow-ups`);
      const { page: join } = await auditPage(viewport, true);
      await join.goto(`${server.origin}/join/${market.code}`);
      await join.addStyleTag({ content: `html { font-size: ${fontSize} !important; }` });
      await check(join, `${label}, join`);
    }
    expect(sideways).toEqual([]);
  });

  it("gives every button, link and field on the phone a target of at least 44x44px", { timeout: 60_000 }, async () => {
    const tapMarket = await hostStartsMarket(server.origin, "Tap market");
    await setPhase(server.origin, tapMarket, "sharing");
    const cy = await phoneJoins(server.origin, tapMarket.code, "Cy");
    const di = await phoneJoins(server.origin, tapMarket.code, "Di");
    await post(server.origin, tapMarket.code, cy, "offer", "I can repair bikes", { tags: ["bikes"] });
    await post(server.origin, tapMarket.code, di, "need", "A lift to the station");
    await post(server.origin, tapMarket.code, cy, "need", "Help with my CV");
    const { context, page } = await auditPage(PHONE, true);
    await context.addCookies([{ name: `onm_p_${tapMarket.code}`, value: cy.token, url: server.origin }]);
    await page.goto(`${server.origin}/m/${tapMarket.code}`);
    await page.getByText("A lift to the station").first().waitFor();
    await screenshot(page, "a11y-phone-tap-targets", true);
    const sharing = await smallTargets(page);
    // Connecting: Di asks Cy to connect, so Cy sees the answer buttons.
    await setPhase(server.origin, tapMarket, "connecting");
    const cyNeed = (await call(server.origin, "GET", `/api/markets/${tapMarket.code}/posts`, { token: cy.token })).body.posts.find((p: { text: string }) => p.text === "Help with my CV");
    const diOffer = await post(server.origin, tapMarket.code, di, "offer", "I can review CVs");
    await call(server.origin, "POST", `/api/markets/${tapMarket.code}/connections`, { token: di.token, body: { offerId: diOffer.id, needId: cyNeed.id } });
    await page.getByRole("button", { name: /accept/i }).first().waitFor();
    await screenshot(page, "a11y-phone-connecting", true);
    const connecting = await smallTargets(page);
    await page.goto(`${server.origin}/m/${tapMarket.code}/follow-ups`);
    const followUps = await smallTargets(page);
    await page.goto(`${server.origin}/join/${market.code}`);
    const join = await smallTargets(page);
    const small = [...sharing.small.map((s) => `phone (sharing): ${s}`), ...connecting.small.map((s) => `phone (connecting): ${s}`), ...followUps.small.map((s) => `follow-ups: ${s}`), ...join.small.map((s) => `join: ${s}`)];
    const measured = sharing.measured + connecting.measured + followUps.measured + join.measured;
    console.log(`tap targets measured on the phone: ${measured}`);
    expect(sharing.measured).toBeGreaterThan(15);
    if (small.length > 0) console.error(`tap targets under 44x44px:\n  ${small.join("\n  ")}`);
    expect(small).toEqual([]);
  });
});

describe("live updates and motion", () => {
  /** Every live region on the page: what a screen reader would read out by itself. */
  async function liveRegions(page: Page): Promise<string[]> {
    return page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>("[aria-live], [role=status], [role=alert], [role=log], [role=timer], output"))
        .filter((el) => el.getAttribute("aria-live") !== "off")
        .map((el) => `${el.tagName.toLowerCase()}.${el.className || el.getAttribute("role")} live=${el.getAttribute("aria-live") ?? el.getAttribute("role")} relevant=${el.getAttribute("aria-relevant") ?? "-"}`),
    );
  }

  it("announces new posts politely on the wall and the phone, counts stay quiet, and nothing moves when motion is reduced", { timeout: 60_000 }, async () => {
    const liveMarket = await hostStartsMarket(server.origin, "Live market");
    await setPhase(server.origin, liveMarket, "sharing");
    const eve = await phoneJoins(server.origin, liveMarket.code, "Eve");
    const fay = await phoneJoins(server.origin, liveMarket.code, "Fay");
    const { context, page: phone } = await openPage(browser, PHONE, true);
    await context.addCookies([{ name: `onm_p_${liveMarket.code}`, value: eve.token, url: server.origin }]);
    await phone.goto(`${server.origin}/m/${liveMarket.code}`);
    await phone.getByText("Live", { exact: true }).waitFor();
    const { page: screen } = await openPage(browser, PROJECTOR);
    await screen.goto(`${server.origin}/screen/${liveMarket.code}`);
    await screen.getByText("Live", { exact: true }).waitFor();
    // Motion the other way round: the same arrival animates when the person has not asked for less.
    const { page: moving } = await openPage(browser, PROJECTOR, false, { reducedMotion: "no-preference" });
    await moving.goto(`${server.origin}/screen/${liveMarket.code}`);
    await moving.getByText("Live", { exact: true }).waitFor();

    // The regions are there before the first post, so the first post is announced too.
    const phoneList = phone.locator('#wall [aria-live="polite"][aria-relevant="additions"]');
    const wallColumns = screen.locator('.wall-cards[aria-live="polite"][aria-relevant="additions"]');
    expect(await phoneList.count()).toBe(1);
    expect(await wallColumns.count()).toBe(2);

    await post(server.origin, liveMarket.code, fay, "offer", "Fresh bread on Saturdays");
    await phoneList.getByText("Fresh bread on Saturdays").waitFor();
    await wallColumns.getByText("Fresh bread on Saturdays").waitFor();
    await moving.getByText("Fresh bread on Saturdays").waitFor();
    // The arrival's animation, read from the card's style: the 0.35 s it runs can be over before a
    // busy machine's next look at the page.
    const movingAnimation = await moving.locator(".post-card", { hasText: "Fresh bread on Saturdays" }).evaluate((card) => getComputedStyle(card).animationName);

    // Not a flood: besides the lists, only short statuses (connection, notices) speak; the
    // counts change with every post and are not live.
    for (const page of [phone, screen]) {
      const quietCounts = await page.evaluate(() =>
        Array.from(document.querySelectorAll("[data-testid^=count-], [data-testid^=wall-count-], [data-testid=people-count], .counter")).filter((el) => el.closest("[aria-live]:not([aria-live=off]), [role=status], [role=log], [role=alert]")).length,
      );
      expect(quietCounts).toBe(0);
      const regions = await liveRegions(page);
      expect(regions.filter((r) => !/live=polite relevant=additions|live=status|live=alert/.test(r))).toEqual([]);
      expect(regions.length).toBeLessThanOrEqual(4);
    }

    // prefers-reduced-motion: reduce (openPage's default) — nothing animates or transitions.
    expect(await phone.evaluate(() => document.getAnimations().length)).toBe(0);
    expect(await screen.evaluate(() => document.getAnimations().length)).toBe(0);
    expect(movingAnimation).not.toBe("none");
  });
});
