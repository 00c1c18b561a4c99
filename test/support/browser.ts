// Debian's Chromium driven by playwright-core: never a downloaded browser.
import { execSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page, type Request } from "playwright-core";

export const PHONE = { width: 390, height: 844 };
export const PROJECTOR = { width: 1920, height: 1080 };
export const LAPTOP = { width: 1280, height: 860 };

function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execSync("command -v chromium", { encoding: "utf8" }).trim();
  } catch {
    throw new Error("Chromium is missing: run `sudo apt-get install -y chromium` (npm test does it when it can).");
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** `options` adds context options (e.g. `bypassCSP` so the accessibility audit can inject axe-core). */
export async function openPage(browser: Browser, viewport: { width: number; height: number }, mobile = false, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  // Reduced motion: screenshots never catch a card mid-animation (and the setting is honoured).
  const context = await browser.newContext({ viewport, reducedMotion: "reduce", ...(mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}), ...options });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  // A script error on a page is a bug: make it visible in the test output.
  page.on("pageerror", (error) => console.error(`[page error] ${page.url()}: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400 && response.status() !== 409) console.error(`[http ${response.status()}] ${response.request().method()} ${response.url()}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error") console.error(`[console error] ${page.url()}: ${message.text()}`);
  });
  return { context, page };
}

/** Screenshots go to test-results/screenshots, or to SCREENSHOTS_DIR (npm run screenshots). */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  const dir = path.resolve(process.env.SCREENSHOTS_DIR ?? "test-results/screenshots");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage });
}

/**
 * Counts the times a page runs its route's loaders again (a GET of the page's `.data` naming the
 * routes to run; the root's own, a few bytes, is not counted). On a phone an action seen live must
 * not cause one: in a room of 1,000 each draws the whole room. `stop()` returns what it counted.
 */
export function countPageLoads(page: Page): { stop(): string[] } {
  const loads: string[] = [];
  const count = (request: Request) => {
    const url = new URL(request.url());
    if (request.method() === "GET" && url.pathname.endsWith(".data") && url.searchParams.get("_routes") !== "root") loads.push(url.search);
  };
  page.on("request", count);
  return {
    stop() {
      page.off("request", count);
      return loads;
    },
  };
}
