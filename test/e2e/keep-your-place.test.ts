// Nobody loses their place, in Debian's Chromium: a person joins in one browser (say a QR scanner's
// in-app browser), keeps the personal link and code the phone shows, and after the market closes
// comes back in two other browsers, once by the link and once by typing the code, as the same
// person with their posts and follow-ups. The host revokes the code; a wrong code is refused.
import { describe, expect, it } from "vitest";
import { openPage, PHONE, screenshot } from "../support/browser.ts";
import { seriousViolations } from "../support/axe.ts";
import { phoneJoinsInBrowser, postFromPhone } from "../support/in-browser.ts";
import { call, hostStartsMarket, phoneJoins, setPhase } from "../support/market-api.ts";
import { useServerAndBrowser } from "../support/fixtures.ts";

const app = useServerAndBrowser();

describe("keeping your place in Chromium", () => {
  it("comes back in another browser by link and by code, with follow-ups after the close", { timeout: 90_000 }, async () => {
    const origin = app.server.origin;
    const market = await hostStartsMarket(origin, "Harbour Offers & Needs");
    await setPhase(origin, market, "connecting");

    const { page: scanner } = await phoneJoinsInBrowser(app.browser, `${origin}/join/${market.code}`, "Ana", "ana@example.org");
    const place = scanner.getByRole("region", { name: "Keep your place" });
    const personalCode = (await place.getByTestId("personal-code").textContent())?.trim() ?? "";
    const personalLink = (await place.getByTestId("personal-link").textContent())?.trim() ?? "";
    expect(personalCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(personalLink).toBe(`${origin}/join/${market.code}?back=${personalCode}`);
    await place.getByRole("link", { name: "Add to contacts" }).waitFor();

    await postFromPhone(scanner, "offer", "I can repair bikes");
    await scanner.locator("#mine .post-text").getByText("I can repair bikes").waitFor();
    // Bo needs that; Ana accepts his request in the scanner's browser.
    const bo = await phoneJoins(origin, market.code, "Bo", "+44 7700 900123");
    const offers = await call(origin, "GET", `/api/markets/${market.code}/posts`, { token: bo.token });
    const offer = offers.body.posts.find((p: { text: string }) => p.text === "I can repair bikes");
    const need = await call(origin, "POST", `/api/markets/${market.code}/posts`, { token: bo.token, body: { kind: "need", text: "Fix my brakes" } });
    await call(origin, "POST", `/api/markets/${market.code}/connections`, { token: bo.token, body: { offerId: offer.id, needId: need.body.post.id } });
    await scanner.getByRole("button", { name: "Accept" }).click();
    await scanner.getByTestId("follow-up").getByText("Bo").waitFor();
    // She says she kept them: the phone stops showing them (they are stored only hashed).
    await place.getByRole("button", { name: "I kept them" }).click();
    await place.waitFor({ state: "detached" });
    await setPhase(origin, market, "closed");

    // Her own browser, after the close: the personal link brings her back.
    const { page: own } = await openPage(app.browser, PHONE, true, { bypassCSP: true });
    await own.goto(personalLink);
    await own.getByRole("heading", { name: "Welcome back" }).waitFor();
    expect(await own.getByLabel("Your personal code").inputValue()).toBe(personalCode);
    expect(await seriousViolations(own, "welcome back")).toEqual([]);
    await own.getByRole("button", { name: "Come back" }).first().click();
    await own.waitForURL(`${origin}/m/${market.code}`);
    await own.getByTestId("follow-up").getByText("Bo").waitFor();
    await own.getByRole("link", { name: "+44 7700 900123" }).waitFor();
    await own.locator("#mine .post-text").getByText("I can repair bikes").waitFor();
    // She makes a new code here (say she wrote the old one down wrong): the old one stops working.
    await own.getByRole("button", { name: "Make a new code" }).click();
    const newCode = (await own.getByRole("region", { name: "Keep your place" }).getByTestId("personal-code").textContent())?.trim() ?? "";
    expect(newCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(newCode).not.toBe(personalCode);
    await screenshot(own, "phone-personal-link");
    expect(await seriousViolations(own, "keep your place")).toEqual([]);

    // A laptop: she types the code (lower case, spaces) on the join page; the old one is refused.
    const { page: laptop } = await openPage(app.browser, PHONE, true);
    await laptop.goto(`${origin}/join/${market.code}`);
    await laptop.getByText("This market has closed.").waitFor();
    await laptop.getByLabel("Your personal code").fill(personalCode);
    await laptop.getByRole("button", { name: "Come back" }).click();
    await laptop.getByRole("alert").getByText("That personal code is not known in this market.").waitFor();
    await laptop.getByLabel("Your personal code").fill(newCode.toLowerCase().replaceAll("-", " "));
    await laptop.getByRole("button", { name: "Come back" }).click();
    await laptop.waitForURL(`${origin}/m/${market.code}`);
    await laptop.getByTestId("follow-up").getByText("Bo").waitFor();

    // The host revokes the code: it stops working, and browsers that came back by it are signed out.
    const ana = (await call(origin, "GET", `/api/markets/${market.code}/export.json`, { token: market.hostKey })).body.participants.find(
      (p: { name: string }) => p.name === "Ana",
    );
    const revoked = await call(origin, "DELETE", `/api/markets/${market.code}/participants/${ana.id}/personal-code`, { token: market.hostKey });
    expect(revoked.status).toBe(200);
    await laptop.reload();
    await laptop.waitForURL(`${origin}/join/${market.code}`);
    const again = await call(origin, "POST", `/api/markets/${market.code}/come-back`, { body: { personalCode: newCode } });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe("personal_code_unknown");
    // The scanner's browser, where she joined, is still her.
    await scanner.reload();
    await scanner.getByTestId("follow-up").getByText("Bo").waitFor();
  });

  it("lets a person the host removed erase their data from the page their phone lands on", { timeout: 60_000 }, async () => {
    const origin = app.server.origin;
    const market = await hostStartsMarket(origin, "Removed but not silenced");
    await setPhase(origin, market, "sharing");
    const { page } = await openPage(app.browser, PHONE, true, { bypassCSP: true });
    await page.goto(`${origin}/join/${market.code}`);
    await page.getByLabel("Your name").fill("Quillon");
    await page.getByLabel("How can people reach you?").fill("quillon-5521@example.org");
    await page.getByRole("button", { name: "Join the market" }).click();
    await page.locator(".live-badge.live").waitFor();
    await postFromPhone(page, "offer", "Quillon's offer 7719");
    await page.locator("#mine .post-text").getByText("Quillon's offer 7719").waitFor();
    const me = (await call(origin, "GET", `/api/markets/${market.code}/export.json`, { token: market.hostKey })).body.participants.find((p: { name: string }) => p.name === "Quillon");
    expect((await call(origin, "DELETE", `/api/markets/${market.code}/participants/${me.id}`, { token: market.hostKey })).status).toBe(200);

    // The phone is sent to the join page, which says why and offers the erase, already open.
    await page.reload();
    await page.waitForURL(new RegExp(`/join/${market.code}$`));
    await page.getByText("The host removed you from this market.").waitFor();
    expect(await seriousViolations(page, "removed, may erase")).toEqual([]);
    await page.getByRole("button", { name: "Yes, erase my data and leave" }).click();
    await page.waitForURL(/\/\?left=1$/);
    const exported = JSON.stringify((await call(origin, "GET", `/api/markets/${market.code}/export.json`, { token: market.hostKey })).body);
    for (const trace of ["Quillon", "quillon-5521", "7719"]) expect(exported, trace).not.toContain(trace);
  });
});
