// The shared set-up of the integration and browser tests: one real server (and one Chromium) per
// test file, started before its tests and stopped after them.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium } from "./browser.ts";
import { startServer, type TestServer } from "./server.ts";

type ServerOptions = Parameters<typeof startServer>[0];

export function useServer(options?: ServerOptions): { readonly server: TestServer; readonly origin: string } {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startServer(options);
  });
  afterAll(() => server?.stop());
  return {
    get server() {
      if (!server) throw new Error("the test server has not started");
      return server;
    },
    get origin() {
      return this.server.origin;
    },
  };
}

export function useServerAndBrowser(options?: ServerOptions): { readonly server: TestServer; readonly origin: string; readonly browser: Browser } {
  const running = useServer(options);
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());
  return {
    get server() {
      return running.server;
    },
    get origin() {
      return running.origin;
    },
    get browser() {
      if (!browser) throw new Error("Chromium has not started");
      return browser;
    },
  };
}
