import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { ReconnectingPage } from "./components/reconnecting-page";
import { DEFAULT_LANGUAGE, i18nFor, isLanguage, metaT, translationsUrl, useShownLanguage, useT, type Language } from "./lib/i18n";
import { phoneLanguage } from "./lib/language.server";
import { isNetworkError } from "./lib/network-error";
import { useNonce } from "./lib/nonce";
import { isRefusalBody, useRefusal } from "./lib/refusal";
import styles from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("app.name") }];

export function loader({ request }: LoaderFunctionArgs) {
  return { language: phoneLanguage(request) };
}

/**
 * The page's language: a route that follows the market's language (projector, host console,
 * summary, poster) returns it as `language` in its loader data; every other page uses the
 * phone's (cookie, else browser), from the root loader.
 */
function usePageLanguage(): Language {
  const matches = useMatches();
  const root = useRouteLoaderData<typeof loader>("root");
  for (let i = matches.length - 1; i > 0; i--) {
    const language = (matches[i]?.data as { language?: unknown } | undefined)?.language;
    if (isLanguage(language)) return language;
  }
  return root?.language ?? DEFAULT_LANGUAGE;
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  // The page's language once its translations are in the browser (see useShownLanguage).
  const language = useShownLanguage(usePageLanguage());
  // The preload serves the first load only: a later language is fetched by the switch itself.
  const [loadedWith] = useState(language);
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#1f4b3f" />
        {/* Fetched alongside the scripts; entry.client.tsx waits for it before hydrating. */}
        <link rel="preload" as="fetch" href={translationsUrl(loadedWith)} crossOrigin="anonymous" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18nFor(language)}>{children}</I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const describe = useRefusal();
  if (isNetworkError(error)) return <ReconnectingPage />;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // Loaders throw the service's refusal (code, values, English text): shown in the page's language.
  const refusal = isRouteErrorResponse(error) && isRefusalBody(error.data) ? error.data : undefined;
  const message = refusal
    ? describe(refusal)?.message
    : isRouteErrorResponse(error)
      ? typeof error.data === "string"
        ? error.data
        : error.statusText
      : t("error.generic");
  return (
    <main className="page narrow">
      <h1>{status === 404 ? t("error.notFound") : t("error.sorry")}</h1>
      <p role="alert">{message}</p>
      <p>
        <a className="button secondary" href="/">
          {t("error.back")}
        </a>
      </p>
    </main>
  );
}
