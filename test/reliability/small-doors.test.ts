// The small doors an outside probe found open: the language switch's `back=` leads only to this
// site, an unknown path's log line stays short, and the data folder is readable by its owner only.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hostStartsMarket, phoneJoins } from "../support/market-api.ts";
import { startServer } from "../support/server.ts";
import { useServer } from "../support/fixtures.ts";

const app = useServer();

describe("the small doors", () => {
  it("sends the language switch back to a page of this site only", async () => {
    const switchTo = async (back: string) => {
      const response = await fetch(`${app.origin}/language`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: app.origin },
        body: new URLSearchParams({ lang: "es", back }),
      });
      expect(response.status, back).toBe(302);
      return response.headers.get("location")!;
    };
    for (const hostile of ["/%09/evil.example", "/\t/evil.example", "//evil.example", "/\\evil.example", "/\\/evil.example", "/\n/evil.example", " //evil.example", "https://evil.example/", "javascript:alert(1)", "/%5C%5Cevil.example", "\\\\evil.example", "/.//evil.example", "/..//evil.example", "/%2e//evil.example"]) {
      const location = await switchTo(hostile);
      // Where a browser would go from here: still this site.
      expect(new URL(location, app.origin).origin, `${JSON.stringify(hostile)} -> ${location}`).toBe(app.origin);
    }
    expect(await switchTo("/m/ABCDEF?tab=needs#top")).toBe("/m/ABCDEF?tab=needs#top");
  });

  it("logs an unknown path without its stack trace or its whole length, and keeps data files 0600 in 0700 folders", async () => {
    const server = await startServer();
    try {
      const longPath = `/${"a".repeat(15_000)}`;
      expect((await fetch(`${server.origin}${longPath}`)).status).toBe(404);
      expect((await fetch(`${server.origin}/api${longPath}`)).status).toBe(404);
      const market = await hostStartsMarket(server.origin, "Private files");
      await phoneJoins(server.origin, market.code, "Ana");
    } finally {
      await server.stop();
    }
    expect(server.output()).not.toContain("a".repeat(300));
    expect(server.output()).not.toMatch(/\n\s+at /);

    const entries = await readdir(server.dataDir, { recursive: true, withFileTypes: true });
    const folders = [server.dataDir, ...entries.filter((e) => e.isDirectory()).map((e) => path.join(e.parentPath, e.name))];
    const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
    expect(files.length).toBeGreaterThan(0);
    for (const folder of folders) expect(((await stat(folder)).mode & 0o777).toString(8), folder).toBe("700");
    for (const file of files) expect(((await stat(file)).mode & 0o777).toString(8), file).toBe("600");
  });
});
