// Suggestions in Chromium: the host imports paper cards, a phone sees "For you" and connects in
// one tap, and the host proposes a match to both people.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { LAPTOP, openPage, PHONE, screenshot } from "../support/browser.ts";
import { useServerAndBrowser } from "../support/fixtures.ts";
import { tempDataDir } from "../support/server.ts";

const app = useServerAndBrowser();

async function phoneJoins(code: string, name: string): Promise<Page> {
  const { page } = await openPage(app.browser, PHONE, true);
  await page.goto(`${app.server.origin}/join/${code}`);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("How can people reach you?").fill(`${name.toLowerCase()}@example.org`);
  await page.getByRole("button", { name: "Join the market" }).click();
  await page.waitForURL(/\/m\//);
  return page;
}

describe("suggestions in the browser", () => {
  it("imports paper cards, shows For you on a phone, and lets the host propose a match", { timeout: 60_000 }, async () => {
    const { page: host } = await openPage(app.browser, LAPTOP);
    await host.goto(`${app.server.origin}/`);
    await host.getByLabel("Name of your market").fill("Library market");
    await host.getByRole("button", { name: "Start a market" }).click();
    await host.waitForURL(/\/host\//);
    const code = (await host.locator(".join-code").textContent())?.trim() ?? "";
    await host.getByRole("button", { name: "Start sharing" }).click();

    const csv = path.join(await tempDataDir(), "cards.csv");
    await writeFile(
      csv,
      [
        "name,contact,kind,text,tags",
        "Dee,dee@example.org,offer,I can babysit on Saturday mornings,kids",
        'Eli,,need,"Help moving a sofa, Saturday",moving',
        "Fay,fay@example.org,offer,Van and two strong arms for moving house,van;moving",
      ].join("\n"),
    );
    // Paper cards are a folded tool on the console: open it first.
    await host.locator("summary", { hasText: "Paper cards" }).click();
    await host.getByLabel("CSV file").setInputFiles(csv);
    await host.getByRole("button", { name: "Import cards" }).click();
    await host.getByText("Imported 3 cards. People added: 3.").waitFor();
    await host.getByTestId("count-offers").filter({ hasText: "2" }).waitFor();

    const gus = await phoneJoins(code, "Gus");
    await gus.getByRole("radio", { name: "I need" }).check();
    await gus.locator("#post-text").fill("Childcare on Saturday morning while I work");
    await gus.getByRole("button", { name: "Post need" }).click();
    const forYou = gus.locator("#for-you");
    const deeSuggestion = forYou.getByTestId("suggestion").filter({ hasText: "Dee" });
    await deeSuggestion.waitFor();
    await screenshot(gus, "phone-for-you");
    await deeSuggestion.getByRole("button", { name: "I'm interested" }).click();
    await deeSuggestion.getByText("Sent").waitFor();

    await host.getByRole("button", { name: "Refresh suggestions" }).click();
    const pair = host.getByTestId("host-suggestion").filter({ hasText: "Fay" }).filter({ hasText: "Eli" });
    await pair.waitFor();
    await pair.getByRole("button", { name: "Propose to both" }).click();
    // Once proposed, the pair leaves the list of open suggestions.
    await pair.waitFor({ state: "detached" });
    const exported = await (await host.request.get(`${app.server.origin}/api/markets/${code}/export.json`)).json();
    expect(exported.connections.map((c: any) => [c.offerAuthorName, c.needAuthorName, c.status, c.requestedBy])).toEqual([
      ["Dee", "Gus", "pending", expect.any(String)],
      ["Fay", "Eli", "pending", "host"],
    ]);
    expect(exported.participants.find((p: any) => p.name === "Fay").contact).toBe("fay@example.org");
  });
});
