// The browser's entry: Remix's default (hydrateRoot in startTransition), plus one step first. The
// page's translations (only its language, a file of their own) are fetched before hydrating, so
// the browser's first render is the server's, word for word. The server already told the browser
// to preload that file (root.tsx), so this usually waits for nothing.
import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { DEFAULT_LANGUAGE, isLanguage, loadTranslations, type Language } from "./lib/i18n";

// About half a minute in all: a phone on bad Wi-Fi gets a working page a little late rather than a dead one.
const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000];

async function loadPageLanguage(language: Language): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await loadTranslations(language);
    } catch (error) {
      // Venue Wi-Fi drops requests: try again a few times before giving up.
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

const pageLanguage = document.documentElement.lang;
loadPageLanguage(isLanguage(pageLanguage) ? pageLanguage : DEFAULT_LANGUAGE).then(
  () =>
    startTransition(() => {
      hydrateRoot(
        document,
        <StrictMode>
          <RemixBrowser />
        </StrictMode>,
      );
    }),
  // Without hydration the page still works as it does without JavaScript (plain forms and links).
  (error: unknown) => console.error("The page's translations did not load; it stays as the server sent it.", error),
);
