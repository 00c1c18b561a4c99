// Dreams and circles in Debian's Chromium (issue 18): a dream posted in the "Share your dreams"
// stage, three phones gather around it (a new offer, an existing need, "I'm in"), the dreamer
// accepts them, the market closes, every member sees the circle with contacts, the host's exports
// hold it, and follow-through marked on two phones shows on the host's report.
import readXlsxFile from "read-excel-file/node";
import { describe, expect, it } from "vitest";
import { countPageLoads, LAPTOP, openPage, PROJECTOR, screenshot } from "../support/browser.ts";
import { phoneJoinsInBrowser } from "../support/in-browser.ts";
import { call, hostStartsMarket, post, setPhase } from "../support/market-api.ts";
import { useServerAndBrowser } from "../support/fixtures.ts";

const app = useServerAndBrowser();

describe("dreams in Chromium", () => {
  it("gathers a circle around a dream, shows it to every member at close, exports it, and reports follow-through", { timeout: 180_000 }, async () => {
    const origin = app.server.origin;
    const market = await hostStartsMarket(origin, "Dreams market");
    const join = `${origin}/join/${market.code}`;
    const dreamer = await phoneJoinsInBrowser(app.browser, join, "Dana");
    const helper = await phoneJoinsInBrowser(app.browser, join, "Hugo");
    const needer = await phoneJoinsInBrowser(app.browser, join, "Nia");
    const joiner = await phoneJoinsInBrowser(app.browser, join, "Ines");
    const tokenOf = async (page: typeof dreamer) => (await page.context.cookies()).find((c) => c.name === `onm_p_${market.code}`)?.value ?? "";

    // Nia already has a need (posted while everything is open, before the agenda starts).
    await setPhase(origin, market, "sharing");
    await post(origin, market.code, { participantId: "", token: await tokenOf(needer) }, "need", "Tools to clean the riverside path");

    // The host adds the optional dreams stage to the agenda and goes to it.
    const dreamsStage = await stageOf(origin, market);
    const moved = await call(origin, "POST", `/api/markets/${market.code}/agenda`, { token: market.hostKey, body: { action: "goto", stageId: dreamsStage.id } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);

    // Dana posts her dream from the composer.
    const dana = dreamer.page;
    await dana.getByRole("radio", { name: "I dream of" }).check();
    await dana.locator("#post-text").fill("A clean riverside walking path");
    await dana.getByRole("button", { name: "Post dream" }).click();
    await dana.locator("#mine .post-text", { hasText: "A clean riverside walking path" }).waitFor();

    // Three phones gather: Hugo with a new offer, Nia with her need, Ines "I'm in".
    const dreamCard = (page: typeof dana) => page.locator("#wall .post-card", { hasText: "A clean riverside walking path" });
    const hugo = helper.page;
    // What gathering changes comes back live: the page does not draw the whole room again.
    const hugosLoads = countPageLoads(hugo);
    await dreamCard(hugo).getByText("I can help with …").click();
    await dreamCard(hugo).getByLabel("What can you offer them?").fill("I have gloves and litter pickers");
    await dreamCard(hugo).getByRole("button", { name: "Send" }).first().click();
    await dreamCard(hugo).getByText("Sent: the dream's author will see you").waitFor();
    await hugo.locator("#mine .post-text", { hasText: "I have gloves and litter pickers" }).waitFor();
    expect(hugosLoads.stop(), "page loads after gathering").toEqual([]);

    const nia = needer.page;
    await dreamCard(nia).getByText("I need this too").click();
    await dreamCard(nia).locator("details[open]").getByRole("button", { name: "Send" }).click();
    await dreamCard(nia).getByText("Sent: the dream's author will see you").waitFor();

    const ines = joiner.page;
    await dreamCard(ines).getByRole("button", { name: "I'm in" }).click();
    await dreamCard(ines).getByText("Sent: the dream's author will see you").waitFor();
    await dreamCard(ines).getByText("Gathered: 3").waitFor();

    // The wall shows dreams as their own column, with how many gathered.
    const { page: wall } = await openPage(app.browser, PROJECTOR);
    await wall.goto(`${origin}/screen/${market.code}`);
    await wall.getByTestId("wall-count-dream").filter({ hasText: "1" }).waitFor();
    await wall.locator(".wall-column.dream").getByText("Gathered: 3").waitFor();
    // Three columns side by side, the wall's whole width shared between them.
    const columns = await wall.locator(".wall > .wall-column").evaluateAll((sections) => sections.map((s) => s.getBoundingClientRect()).map((r) => ({ top: Math.round(r.top), width: r.width })));
    expect(columns).toHaveLength(3);
    expect(new Set(columns.map((c) => c.top)).size).toBe(1);
    await screenshot(wall, "projector-dreams-wall");

    // Dana sees who gathered and accepts all three into the circle.
    const gathered = dana.getByTestId("who-gathered");
    const danasLoads = countPageLoads(dana);
    await gathered.getByTestId("gathered-person").nth(2).waitFor();
    for (const name of ["Hugo", "Nia", "Ines"]) {
      const row = gathered.getByTestId("gathered-person").filter({ hasText: name });
      await row.getByRole("button", { name: "Accept into the circle" }).click();
      await row.getByText("In the circle").waitFor();
    }
    expect(danasLoads.stop(), "page loads after accepting into the circle").toEqual([]);
    await expect(gathered.getByTestId("gathered-person").filter({ hasText: "Hugo" }).textContent()).resolves.toContain("I have gloves and litter pickers");
    await expect(gathered.getByTestId("gathered-person").filter({ hasText: "Nia" }).textContent()).resolves.toContain("Tools to clean the riverside path");

    await setPhase(origin, market, "closed");
    // The projector's harvest counts the circle and its size, never who is in it.
    await wall.getByTestId("harvest-circles").filter({ hasText: "1" }).waitFor();
    await wall.getByTestId("harvest-circle-sizes").filter({ hasText: "4" }).waitFor();
    expect(await wall.locator(".harvest").textContent()).not.toMatch(/Hugo|Nia|Ines/);
    // No one made a connection, yet all four leave with the circle: the share says so, live and
    // on a projector opened after the close (who is in the circle, the server alone knows).
    await wall.getByTestId("connected-share").filter({ hasText: "100% of us leave with at least one connection or circle (4 of 4 people)" }).waitFor();
    const { page: lateWall } = await openPage(app.browser, PROJECTOR);
    await lateWall.goto(`${origin}/screen/${market.code}`);
    await lateWall.getByTestId("connected-share").filter({ hasText: "100% of us leave with at least one connection or circle (4 of 4 people)" }).waitFor();
    await screenshot(wall, "projector-dreams-harvest");

    // Every member sees the circle with the others' contacts.
    for (const [page, others] of [
      [dana, ["hugo@example.org", "nia@example.org", "ines@example.org"]],
      [hugo, ["dana@example.org", "nia@example.org", "ines@example.org"]],
      [nia, ["dana@example.org", "hugo@example.org", "ines@example.org"]],
      [ines, ["dana@example.org", "hugo@example.org", "nia@example.org"]],
    ] as const) {
      await page.goto(`${origin}/m/${market.code}/follow-ups`);
      const circle = page.getByTestId("circle-follow-up");
      await circle.getByText("Circle: A clean riverside walking path").waitFor();
      for (const contact of others) await circle.getByText(contact).waitFor();
    }
    await screenshot(hugo, "phone-dream-circle");

    // The host's exports hold the circle.
    const json = await call(origin, "GET", `/api/markets/${market.code}/export.json`, { token: market.hostKey });
    expect(json.body.circles).toHaveLength(1);
    expect(json.body.circles[0].gatherings.map((g: { way: string; status: string }) => `${g.way} ${g.status}`).sort()).toEqual(["in accepted", "need accepted", "offer accepted"]);
    const download = (path: string) => fetch(`${origin}/api/markets/${market.code}/${path}`, { headers: { authorization: `Bearer ${market.hostKey}` } });
    const csv = await download("export-circles.csv").then((r) => r.text());
    for (const member of ["Dana", "Hugo", "Nia", "Ines", "I have gloves and litter pickers", "Tools to clean the riverside path"]) expect(csv).toContain(member);
    const xlsx = await download("export.xlsx");
    const sheets = await readXlsxFile(Buffer.from(await xlsx.arrayBuffer()));
    const circleRows = sheets.find((s) => s.sheet === "Circles")!.data;
    expect(circleRows.slice(1).map((row) => row[1]).sort()).toEqual(["Dana", "Hugo", "Ines", "Nia"]);
    // A member's own contact cards hold the circle's people (nobody here shared a contact with the host).
    const hugosCards = await fetch(`${origin}/api/markets/${market.code}/follow-ups.vcf`, { headers: { authorization: `Bearer ${await tokenOf(helper)}` } }).then((r) => r.text());
    for (const contact of ["dana@example.org", "nia@example.org", "ines@example.org"]) expect(hugosCards).toContain(contact);
    expect(hugosCards).toContain("In your circle around the dream");
    // Export -> import keeps the circle.
    const restored = await call(origin, "POST", "/api/markets/import", { body: json.body });
    expect(restored.status, JSON.stringify(restored.body)).toBe(201);
    {
      const again = await call(origin, "GET", `/api/markets/${restored.body.code}/export.json`, { token: restored.body.hostKey });
      expect(again.body.circles).toHaveLength(1);
      expect(again.body.circles[0].gatherings).toHaveLength(3);
    }

    // Follow-through: two phones say what happened; the host's report shows the share, no names.
    await hugo.getByTestId("circle-follow-up").getByRole("button", { name: "We met" }).click();
    await hugo.getByTestId("circle-follow-up").getByRole("button", { name: "We met", pressed: true }).waitFor();
    await ines.getByTestId("circle-follow-up").getByRole("button", { name: "We're in touch" }).click();
    await ines.getByTestId("circle-follow-up").getByRole("button", { name: "We're in touch", pressed: true }).waitFor();
    const { page: host } = await openPage(app.browser, LAPTOP);
    await host.goto(market.hostUrl);
    await host.waitForURL(/\/host\/[\w-]+$/);
    // The room took up dreams: the console counts them and their circles.
    await host.getByTestId("count-dreams").filter({ hasText: "1" }).waitFor();
    await host.getByTestId("count-circles").filter({ hasText: "1" }).waitFor();
    await host.goto(`${origin}/host/${market.id}/summary`);
    await host.getByTestId("follow-through-share").filter({ hasText: "100%" }).waitFor();
    await host.getByTestId("summary-circle").filter({ hasText: "A clean riverside walking path" }).waitFor();
    expect(await host.getByTestId("follow-through-share").textContent()).not.toMatch(/Hugo|Ines/);
  });
});

async function stageOf(origin: string, market: { code: string; hostKey: string }): Promise<{ id: string }> {
  const answer = await call(origin, "POST", `/api/markets/${market.code}/agenda`, { token: market.hostKey, body: { action: "add-dreams-stage" } });
  const stage = (answer.body.agenda.stages as Array<{ id: string; key: string }>).find((s) => s.key === "share-dreams");
  if (!stage) throw new Error("no dreams stage");
  return stage;
}
