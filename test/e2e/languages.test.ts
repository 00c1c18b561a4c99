// Everyone can take part in their language: a phone follows its browser's language and can switch;
// the projector and the host console follow the language the host sets for the market.
import { readdirSync, readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openPage, PHONE, PROJECTOR, LAPTOP, screenshot } from "../support/browser.ts";
import { useServerAndBrowser } from "../support/fixtures.ts";
import { call, hostStartsMarket, phoneJoins, post, setPhase } from "../support/market-api.ts";
import { REFUSALS } from "../../server/market/refusals.ts";

const app = useServerAndBrowser();

/** The translation files a page fetches (each language is a file of its own: app/locales/<language>.json). */
function translationRequests(page: Page): string[] {
  const languages: string[] = [];
  page.on("request", (request) => {
    const file = new URL(request.url()).pathname.match(/^\/assets\/(en|es|de|fr)-[\w-]+\.json$/);
    if (file) languages.push(file[1]!);
  });
  return languages;
}

/** Console errors and uncaught exceptions (a hydration mismatch is reported as one). */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

describe("languages", () => {
  it("a Spanish phone sees Spanish, switches to German and back, and joins in Spanish", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(app.origin, "Mercado del barrio");
    await setPhase(app.origin, market, "sharing");
    const { page, context } = await openPage(app.browser, PHONE, true, { locale: "es-ES" });

    await page.goto(`${app.origin}/join/${market.code}`);
    await page.getByLabel("Tu nombre").waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("es");
    await page.getByRole("button", { name: "Entrar al mercado" }).waitFor();
    await screenshot(page, "join-spanish");

    await page.getByRole("button", { name: "Deutsch" }).click();
    await page.getByLabel("Dein Name").waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("de");
    // The choice is remembered for this phone: a fresh load stays German.
    await page.reload();
    await page.getByRole("button", { name: "Dem Markt beitreten" }).waitFor();

    await page.getByRole("button", { name: "Español" }).click();
    await page.getByLabel("Tu nombre").fill("Lucía");
    await page.getByLabel("¿Cómo pueden contactarte?").fill("lucia@example.org");
    await page.getByRole("button", { name: "Entrar al mercado" }).click();
    await page.waitForURL(/\/m\/[A-Z0-9]{6}$/);
    await page.getByRole("heading", { name: "Añadir al mercado" }).waitFor();
    await page.getByRole("radio", { name: "Ofrezco" }).check();
    await page.locator("#post-text").fill("Arreglo bicis los sábados");
    await page.getByRole("button", { name: "Publicar oferta" }).click();
    await page.locator("#mine .post-text", { hasText: "Arreglo bicis" }).waitFor();
    await page.getByText("— tú").first().waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "phone-spanish");
    await context.close();
  });

  it("a Spanish phone reads the server's refusals in Spanish, even for a post refused after it was resent", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(app.origin, "Mercado del barrio");
    await setPhase(app.origin, market, "sharing");
    const { page, context } = await openPage(app.browser, PHONE, true, { locale: "es-ES" });

    // A market code that does not exist: the error page speaks Spanish.
    await page.goto(`${app.origin}/join/ZZZZZZ`);
    await page.getByText("No existe ese mercado.").waitFor();

    // The join form refused by the server, field by field.
    await page.goto(`${app.origin}/join/${market.code}`);
    await page.getByRole("button", { name: "Entrar al mercado" }).click();
    await page.getByText("Nombre: falta rellenarlo.").waitFor();
    await page.getByText("Contacto: falta rellenarlo.").waitFor();
    expect(await page.getByText("is required").count()).toBe(0);

    await page.getByLabel("Tu nombre").fill("Lucía");
    await page.getByLabel("¿Cómo pueden contactarte?").fill("lucia@example.org");
    await page.getByRole("button", { name: "Entrar al mercado" }).click();
    await page.waitForURL(/\/m\/[A-Z0-9]{6}$/);
    await page.getByText("En directo", { exact: true }).waitFor();

    // The page's own check uses the same words.
    await page.getByRole("button", { name: /^Publicar/ }).click();
    await page.getByText("Texto: falta rellenarlo.").waitFor();

    // Offline, a need waits on the phone; meanwhile the host starts the agenda, whose first stage
    // takes offers only. Back online, the resent need is refused: the phone says why, in Spanish.
    await context.setOffline(true);
    await page.getByRole("radio", { name: "Necesito" }).check();
    await page.locator("#post-text").fill("Necesito una escalera el domingo");
    await page.getByRole("button", { name: "Publicar necesidad" }).click();
    const queued = page.getByTestId("queued-post");
    await queued.waitFor();
    const started = await call(app.origin, "POST", `/api/markets/${market.code}/agenda`, { token: market.hostKey, body: { action: "start" } });
    expect(started.status).toBe(200);
    await context.setOffline(false);
    await queued.getByText("No se envió: En esta etapa la sala todavía no publica necesidades.").waitFor({ timeout: 20_000 });
    expect((await call(app.origin, "GET", `/api/markets/${market.code}`)).body.counts.needs).toBe(0);
    await page.locator("#outbox").scrollIntoViewIfNeeded();
    await screenshot(page, "phone-spanish-refused");
    // Read, then put away; a reload does not bring it back or resend it.
    await queued.getByRole("button", { name: "Vale, quitar" }).click();
    await queued.waitFor({ state: "detached" });
    await page.reload();
    await page.getByText("En directo", { exact: true }).waitFor();
    expect(await page.getByTestId("queued-post").count()).toBe(0);
    expect((await call(app.origin, "GET", `/api/markets/${market.code}`)).body.counts.needs).toBe(0);
    await context.close();
  });

  it("the host sets the market to German and the projector and console speak German", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(app.origin, "Nachbarschaftsmarkt");
    await setPhase(app.origin, market, "sharing");
    const ana = await phoneJoins(app.origin, market.code, "Ana");
    await post(app.origin, market.code, ana, "offer", "Fahrradreparatur am Samstag");
    await post(app.origin, market.code, ana, "need", "Hilfe beim Umzug");

    const screen = await openPage(app.browser, PROJECTOR);
    const fetched = translationRequests(screen.page);
    await screen.page.goto(`${app.origin}/screen/${market.code}`);
    await screen.page.getByRole("heading", { name: /^Offers/ }).waitFor();
    expect(await screen.page.locator("html").getAttribute("lang")).toBe("en");

    // A phone may not change the market's language.
    const refused = await call(app.origin, "POST", `/api/markets/${market.code}/language`, { token: ana.token, body: { language: "de" } });
    expect(refused.status).toBe(403);
    const invalid = await call(app.origin, "POST", `/api/markets/${market.code}/language`, { token: market.hostKey, body: { language: "xx" } });
    expect(invalid.status).toBe(400);

    const host = await openPage(app.browser, LAPTOP);
    await host.page.goto(market.hostUrl);
    // The language is a folded tool on the console: open it first.
    await host.page.locator("summary", { hasText: "Language" }).click();
    await host.page.getByLabel("Projector and console language").selectOption("de");
    await host.page.getByRole("button", { name: "Use this language" }).click();
    await host.page.getByRole("heading", { name: "Der Raum" }).waitFor();
    expect(await host.page.locator("html").getAttribute("lang")).toBe("de");

    // The projector, already open, follows live.
    await screen.page.getByRole("heading", { name: /^Angebote/ }).waitFor();
    await screen.page.getByText("Scannen zum Mitmachen, oder öffne").waitFor();
    await screen.page.getByText("Person ist hier").waitFor();
    expect(await screen.page.locator("html").getAttribute("lang")).toBe("de");
    // It fetched German when the market turned German, and no other language.
    expect(fetched).toEqual(["en", "de"]);
    await screenshot(screen.page, "projector-german");
    await screen.context.close();
    await host.context.close();
  });

  it("a Spanish phone gets its page in Spanish and fetches Spanish only; a switch with JavaScript turns German without a flash of English", { timeout: 60_000 }, async () => {
    const market = await hostStartsMarket(app.origin, "Mercado del barrio");
    await setPhase(app.origin, market, "sharing");
    const lucia = await phoneJoins(app.origin, market.code, "Lucía");
    const { page, context } = await openPage(app.browser, PHONE, true, { locale: "es-ES" });
    await context.addCookies([{ name: `onm_p_${market.code}`, value: lucia.token, url: app.origin }]);
    const fetched = translationRequests(page);
    const errors = pageErrors(page);

    await page.goto(`${app.origin}/m/${market.code}`);
    // The live badge says "En directo" once the page has hydrated and its socket is connected.
    await page.getByRole("status").filter({ hasText: "En directo" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("es");
    await page.getByRole("heading", { name: "Añadir al mercado" }).waitFor();
    expect(errors).toEqual([]);
    expect(fetched).toEqual(["es"]);

    // From here on, note what the page shows at every change of the document.
    await page.evaluate(() => {
      const w = window as unknown as { seen: string[]; sameDocument: boolean };
      w.sameDocument = true;
      w.seen = [];
      const note = () => w.seen.push(`${document.documentElement.lang} | ${document.getElementById("compose-heading")?.textContent} | ${document.querySelector(".language-switch")?.getAttribute("aria-label")}`);
      new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.locator("#post-text").fill("Arreglo bicis");
    await page.getByRole("button", { name: "Deutsch" }).click();
    await page.getByRole("heading", { name: "Zum Markt beitragen" }).waitFor();
    await page.getByRole("button", { name: "Deutsch" }).and(page.locator("[aria-current=true]")).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("de");
    const { seen, sameDocument } = await page.evaluate(() => {
      const w = window as unknown as { seen?: string[]; sameDocument?: boolean };
      return { seen: w.seen ?? [], sameDocument: w.sameDocument === true };
    });
    // The switch happened in the page (no reload), and the page went from Spanish straight to German.
    expect(sameDocument).toBe(true);
    expect(new Set(seen)).toEqual(new Set(["es | Añadir al mercado | Idioma", "de | Zum Markt beitragen | Sprache"]));
    expect(fetched).toEqual(["es", "de"]);
    // A half-written post survives the switch.
    expect(await page.locator("#post-text").inputValue()).toBe("Arreglo bicis");

    // The choice is remembered: a fresh load is German from the start, and fetches German only.
    fetched.length = 0;
    await page.reload();
    await page.getByRole("status").filter({ hasText: "Live" }).waitFor();
    await page.getByRole("heading", { name: "Zum Markt beitragen" }).waitFor();
    expect(fetched).toEqual(["de"]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the built JavaScript carries no language's translations (each is a file of its own)", () => {
    const assets = new URL("../../build/client/assets/", import.meta.url);
    const scripts = readdirSync(assets)
      .filter((file) => file.endsWith(".js"))
      .map((file) => readFileSync(new URL(file, assets), "utf8"))
      .join("\n");
    for (const language of ["en", "es", "de", "fr"]) {
      const { phone, join, host } = JSON.parse(readFileSync(new URL(`../../app/locales/${language}.json`, import.meta.url), "utf8")) as Record<string, Record<string, unknown>>;
      // Longer texts in plain ASCII (the minifier may escape other characters), leaving out those
      // the refusal catalogue also has (it is code, shipped with every page).
      const texts = [phone, join, host]
        .flatMap((section) => Object.values(section!))
        .filter((text): text is string => typeof text === "string" && text.length >= 20 && /^[\x20-\x7e]+$/.test(text))
        .filter((text) => !Object.values(REFUSALS).some((refusal) => refusal.includes(text)));
      expect(texts.length).toBeGreaterThan(10);
      expect(texts.filter((text) => scripts.includes(text))).toEqual([]);
    }
  });
});

