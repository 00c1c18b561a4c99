// Suggestions in Chromium: the host imports paper cards, a phone sees "For you" and connects in
// one tap, and the host proposes a match to both people.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { screenshot } from "../support/browser.ts";
import { hostStartsMarketInBrowser, phoneJoinsInBrowser } from "../support/in-browser.ts";
import { useServerAndBrowser } from "../support/fixtures.ts";
import { tempDataDir } from "../support/server.ts";

const app = useServerAndBrowser();

describe("suggestions in the browser", () => {
  it("imports paper cards, shows For you on a phone, and lets the host propose a match", { timeout: 60_000 }, async () => {
    const { page: host, code } = await hostStartsMarketInBrowser(app.browser, app.server.origin, "Library market");
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

    const { page: gus } = await phoneJoinsInBrowser(app.browser, `${app.server.origin}/join/${code}`, "Gus");
    await gus.getByRole("radio", { name: "I need" }).check();
    await gus.locator("#post-text").fill("Childcare on Saturday morning while I work");
    await gus.getByRole("button", { name: "Post need" }).click();
    const forYou = gus.locator("#for-you");
    const deeSuggestion = forYou.getByTestId("suggestion").filter({ hasText: "Dee" });
    await deeSuggestion.waitFor();
    // Each suggestion says why, in the phone's language.
    await deeSuggestion.getByTestId("suggestion-why").filter({ hasText: /^Why: .*childcare/ }).waitFor();
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
