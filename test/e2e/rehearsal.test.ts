// Prepared ahead, in Debian's Chromium: a market set up days before is rehearsed with two test
// phones (posting, connecting), reset from the console, and opens on the night with the same code,
// the same agenda and the same poster; the rehearsal's phones are told and drop to the join page,
// the projector shows the empty wall, and the data folder no longer holds the rehearsal's names.
// Then the host re-issues and revokes a real person's personal code from the console.
import { describe, expect, it } from "vitest";
import { LAPTOP, openPage, PHONE, PROJECTOR, screenshot } from "../support/browser.ts";
import { seriousViolations } from "../support/axe.ts";
import { phoneJoinsInBrowser, postFromPhone } from "../support/in-browser.ts";
import { call, hostStartsMarket } from "../support/market-api.ts";
import { everyDataFile } from "../support/market-files.ts";
import { useServerAndBrowser } from "../support/fixtures.ts";

const app = useServerAndBrowser();

describe("rehearse, then reset to empty, in Chromium", () => {
  it("rehearses with two test phones, resets from the console, and the real evening opens on the same code", { timeout: 150_000 }, async () => {
    const origin = app.server.origin;
    const market = await hostStartsMarket(origin, "Prepared ahead market");
    const { code, hostKey: token } = market;
    const joinUrl = `${origin}/join/${code}`;
    // Prepared days before: the categories and a stage in the host's own words.
    expect((await call(origin, "PUT", `/api/markets/${code}/categories`, { token, body: { categories: ["food", "tools", "rides"] } })).status).toBe(200);
    expect((await call(origin, "POST", `/api/markets/${code}/agenda`, { token, body: { action: "update", stageId: "s2", title: "Offers round" } })).status).toBe(200);

    const { page: host } = await openPage(app.browser, LAPTOP, false, { bypassCSP: true });
    await host.goto(market.hostUrl);
    await host.getByText("Live", { exact: true }).waitFor();
    await host.getByRole("heading", { name: "Prepare and rehearse" }).click();
    await host.getByRole("button", { name: "Start a rehearsal" }).click();
    await host.getByTestId("rehearsal-banner").waitFor();

    const { page: projector } = await openPage(app.browser, PROJECTOR, false, { bypassCSP: true });
    await projector.goto(`${origin}/screen/${code}`);
    await projector.getByText("Live", { exact: true }).waitFor();

    // Two test phones join, post and connect, as on the night.
    const { page: tess } = await phoneJoinsInBrowser(app.browser, joinUrl, "Tess Tester", "tess@rehearsal.example");
    const { page: rob } = await phoneJoinsInBrowser(app.browser, joinUrl, "Rob Rehearsal", "rob@rehearsal.example", undefined, { bypassCSP: true });
    await host.getByTestId("count-participants").filter({ hasText: "2" }).waitFor();
    // Everyone can tell it is a rehearsal: the phones and the wall say so.
    await tess.getByTestId("rehearsal-note").waitFor();
    await projector.getByTestId("rehearsal-pill").waitFor();
    await rob.getByTestId("rehearsal-note").waitFor();
    expect(await seriousViolations(rob, "phone in a rehearsal")).toEqual([]);
    expect(await seriousViolations(projector, "projector in a rehearsal")).toEqual([]);
    await host.getByRole("button", { name: "Start sharing" }).click();
    await tess.locator("#compose").waitFor();
    await postFromPhone(tess, "offer", "Rehearsal bike repair");
    await postFromPhone(rob, "need", "Rehearsal flat tyre");
    await projector.locator(".wall-column.offer").getByText("Rehearsal bike repair").waitFor();
    await host.getByRole("button", { name: "Start connecting" }).click();
    const tessCard = rob.locator("#wall .post-card", { hasText: "Rehearsal bike repair" });
    await tessCard.getByText("I'm interested").click();
    await tessCard.getByRole("button", { name: "Send request" }).click();
    await tess.getByTestId("connection-request").getByRole("button", { name: "Accept" }).click();
    await host.getByTestId("count-connections").filter({ hasText: "1" }).waitFor();
    expect(await everyDataFile(app.server.dataDir)).toContain("Tess Tester");

    // The reset asks first, with what it removes.
    await host.getByRole("button", { name: "Reset to empty…" }).click();
    await host.getByTestId("reset-preview").filter({ hasText: "2 people with their cards (2) and connections (1)" }).waitFor();
    await host.locator("button:enabled", { hasText: "Reset to empty…" }).waitFor();
    await host.locator(".rehearsal-card").evaluate((card) => card.scrollIntoView({ block: "start" }));
    await screenshot(host, "host-console-rehearsal-reset");
    expect(await seriousViolations(host, "console: confirm the reset")).toEqual([]);
    await host.getByRole("button", { name: "Yes, reset to empty" }).click();

    // Every screen is told: the phones drop to the join page, the projector shows the empty wall.
    for (const phone of [tess, rob]) {
      await phone.waitForURL(`${joinUrl}?rehearsal=over`);
      await phone.getByTestId("rehearsal-over").waitFor();
    }
    await projector.getByTestId("people-count").filter({ hasText: /^0$/ }).waitFor();
    await projector.locator(".wall-column.offer").getByText("Rehearsal bike repair").waitFor({ state: "detached" });
    await projector.getByTestId("rehearsal-pill").waitFor({ state: "detached" });
    await host.getByTestId("reset-done").filter({ hasText: "The market is empty again" }).waitFor();
    await host.getByTestId("count-participants").filter({ hasText: /^0$/ }).waitFor();
    await host.getByTestId("rehearsal-banner").waitFor({ state: "detached" });
    expect((await host.locator(".join-code").textContent())?.trim()).toBe(code);

    // The data folder no longer holds the rehearsal (snapshot, journal or any other file).
    const onDisk = await everyDataFile(app.server.dataDir);
    for (const word of ["Tess", "Rob Rehearsal", "rehearsal.example", "Rehearsal bike", "Rehearsal flat"]) expect(onDisk).not.toContain(word);

    // Same code, same agenda (before its first stage again), same categories; the poster still works.
    const snapshot = (await call(origin, "GET", `/api/markets/${code}/snapshot`, { token })).body;
    expect(snapshot).toMatchObject({ code, phase: "lobby", participants: [], posts: [], connections: [] });
    expect(snapshot.facilitation.agenda.currentId).toBeNull();
    expect(snapshot.facilitation.agenda.stages[1].title).toBe("Offers round");
    expect(snapshot.facilitation.categories).toEqual(["food", "tools", "rides"]);
    const { page: poster } = await openPage(app.browser, { width: 794, height: 1123 });
    await poster.goto(`${origin}/screen/${code}/poster`);
    expect((await poster.getByTestId("poster-code").textContent())?.trim()).toBe(code);
    expect(await poster.locator(".qr").getAttribute("data-join-url")).toBe(joinUrl);

    // The page a rehearsal phone lands on is accessible too.
    const { page: landed } = await openPage(app.browser, PHONE, true, { bypassCSP: true });
    await landed.goto(`${joinUrl}?rehearsal=over`);
    await landed.getByTestId("rehearsal-over").waitFor();
    expect(await seriousViolations(landed, "join page after a reset")).toEqual([]);

    // The real evening: a new phone joins an empty market.
    const { page: rita } = await phoneJoinsInBrowser(app.browser, joinUrl, "Rita Real", "rita@example.org");
    await host.getByTestId("count-participants").filter({ hasText: "1" }).waitFor();
    await projector.getByTestId("people-count").filter({ hasText: /^1$/ }).waitFor();
    expect(await rita.locator("body").textContent()).not.toContain("Rehearsal");

    // A reset now is refused: the market is not in rehearsal any more, its people are real.
    const refused = await call(origin, "POST", `/api/markets/${code}/reset`, { token, body: { confirm: true } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("reset_needs_rehearsal");
    // Nor can a rehearsal start again with a real person in: the console says why.
    await host.getByRole("heading", { name: "Prepare and rehearse" }).click();
    await host.getByRole("button", { name: "Start a rehearsal" }).click();
    await host.getByRole("alert").filter({ hasText: "A rehearsal starts on an empty market" }).waitFor();

    // Rita lost her code: the host makes her a new one from the console, then revokes it.
    const people = host.locator(".moderation-list li", { hasText: "Rita Real" });
    await people.locator("summary", { hasText: "Personal code" }).click();
    await people.getByRole("button", { name: "Make a new code" }).click();
    const issued = (await people.getByTestId("issued-code").locator(".personal-code").textContent())?.trim() ?? "";
    expect(issued).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await people.getByTestId("issued-code").getByText(`${joinUrl}?back=${issued}`).waitFor();
    expect(await seriousViolations(host, "console: a person's personal code")).toEqual([]);
    expect((await call(origin, "POST", `/api/markets/${code}/come-back`, { body: { personalCode: issued } })).status).toBe(200);
    await people.getByRole("button", { name: "Revoke the code" }).click();
    await people.getByText("The code of Rita Real no longer works.").waitFor();
    const revoked = await call(origin, "POST", `/api/markets/${code}/come-back`, { body: { personalCode: issued } });
    expect(revoked.body.error.code).toBe("personal_code_unknown");
  });
});
