// The host console's smaller parts: the harvest's downloads, the suggestions to propose, and the
// tools a facilitator needs once or twice a market (folded). The route keeps the page's layout.
import { Link, useFetcher, useRevalidator } from "@remix-run/react";
import type { ReactNode } from "react";
import { Trans } from "react-i18next";
import { FormError } from "~/components/form-error";
import { SendPair, Why } from "~/components/suggestions";
import { LANGUAGE_NAMES, LANGUAGES, preloadTranslations, useT, type Language } from "~/lib/i18n";
import { refusalOf } from "~/lib/refusal";
import type { ActionResult } from "~/lib/route-helpers.server";
import type { Suggestion } from "../../server/market/service.ts";
import type { MarketSnapshot } from "../../server/market/views.ts";

/** Bold names and italic texts in a translated "who offers what to whom" sentence. */
export const RICH = { b: <strong />, i: <em /> };

/** The exports: folded away while the market runs, the first thing on the page once it closes. */
export function HarvestLinks({ market }: { market: Pick<MarketSnapshot, "id" | "code"> }) {
  const t = useT();
  return (
    <>
      <p className="hint">{t("host.harvestHint")}</p>
      <div className="button-row">
        <a className="button" href={`/api/markets/${market.code}/export.csv`} download>
          {t("host.exportConnections")}
        </a>
        <a className="button secondary" href={`/api/markets/${market.code}/export-posts.csv`} download>
          {t("host.exportPosts")}
        </a>
        <a className="button secondary" href={`/api/markets/${market.code}/export.xlsx`} download>
          {t("host.exportXlsx")}
        </a>
        <a className="button secondary" href={`/api/markets/${market.code}/export.vcf`} download>
          {t("host.exportContacts")}
        </a>
        <a className="button secondary" href={`/api/markets/${market.code}/export.json`} download>
          {t("host.exportJson")}
        </a>
        <Link className="button secondary" to={`/host/${market.id}/summary`} target="_blank">
          {t("host.summary")}
        </Link>
      </div>
    </>
  );
}

/** A rarely used tool, folded: its heading is the button that opens it. */
export function Fold({ id, title, summary, children }: { id: string; title: string; summary?: string; children: ReactNode }) {
  return (
    <details className="card fold">
      <summary>
        <h2 id={id}>{title}</h2>
        {summary && <span className="fold-summary">{summary}</span>}
      </summary>
      <div className="fold-body">{children}</div>
    </details>
  );
}

export function HostSuggestions({ suggestions }: { suggestions: Suggestion[] }) {
  const revalidator = useRevalidator();
  const t = useT();
  return (
    <>
      <p className="hint">{t("host.suggestedHint")}</p>
      {suggestions.length === 0 ? (
        <p className="hint">{t("host.noPairs")}</p>
      ) : (
        <ul className="connection-list host-suggestions">
          {suggestions.map((s) => (
            <li key={`${s.offer.id}:${s.need.id}`} data-testid="host-suggestion">
              <span>
                <Trans i18nKey="host.pair" values={{ offerer: s.offer.authorName, offer: s.offer.text, needer: s.need.authorName, need: s.need.text }} components={RICH} />{" "}
                <span className="score">({Math.round(s.score * 100)}%)</span>
              </span>
              <Why sharedTerms={s.sharedTerms} />
              <SendPair offerId={s.offer.id} needId={s.need.id} label={t("host.propose")} sent={t("host.proposed")} />
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button small secondary" onClick={() => revalidator.revalidate()} disabled={revalidator.state !== "idle"}>
        {t("host.refresh")}
      </button>
    </>
  );
}

export function ImportCards() {
  const fetcher = useFetcher<ActionResult & { imported?: { posts: number; participants: number } }>();
  const t = useT();
  return (
    <fetcher.Form method="post" encType="multipart/form-data" className="stack">
      <input type="hidden" name="intent" value="import" />
      <p className="hint">{t("host.cardsHint")}</p>
      <label htmlFor="cards-file">{t("host.csvFile")}</label>
      <input id="cards-file" type="file" name="cards" accept=".csv,text/csv" required />
      <button className="button secondary" type="submit" disabled={fetcher.state !== "idle"}>
        {t("host.importCards")}
      </button>
      {fetcher.data?.ok && fetcher.data.imported && (
        <p className="notice" role="status">
          {t("host.imported", { count: fetcher.data.imported.posts, participants: fetcher.data.imported.participants })}
        </p>
      )}
      <FormError refusal={refusalOf(fetcher.data)} />
    </fetcher.Form>
  );
}

export function DeleteMarket({ code }: { code: string }) {
  const fetcher = useFetcher<ActionResult>();
  const t = useT();
  return (
    <section className="card danger-zone" aria-labelledby="delete-heading">
      <h2 id="delete-heading">{t("host.deleteHeading")}</h2>
      <details>
        <summary className="button small danger">{t("host.deleteOpen")}</summary>
        <fetcher.Form method="post" className="stack">
          <input type="hidden" name="intent" value="delete" />
          <p>{t("host.deleteBody")}</p>
          <label htmlFor="delete-confirm">{t("host.deleteConfirm", { code })}</label>
          <input id="delete-confirm" name="confirm" autoComplete="off" autoCapitalize="characters" spellCheck={false} required />
          <button className="button danger" type="submit" disabled={fetcher.state !== "idle"}>
            {t("host.deleteButton")}
          </button>
          <FormError refusal={refusalOf(fetcher.data)} />
        </fetcher.Form>
      </details>
    </section>
  );
}

/** The language of the projector and of this console (phones follow each person's own). */
export function LanguageCard({ language }: { language: Language }) {
  const fetcher = useFetcher<ActionResult>();
  const t = useT();
  return (
    <div className="language-card">
      <fetcher.Form
        method="post"
        className="stack"
        aria-labelledby="language-heading"
        // The console turns as soon as the new language's translations are here: fetch them now.
        onSubmit={(event) => preloadTranslations(new FormData(event.currentTarget).get("language"))}
      >
        <input type="hidden" name="intent" value="language" />
        <label htmlFor="market-language">{t("host.languageLabel")}</label>
        <select id="market-language" name="language" defaultValue={language} key={language}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
        <button className="button secondary" type="submit" disabled={fetcher.state !== "idle"}>
          {t("host.languageSet")}
        </button>
        <p className="hint">{t("host.languageHint")}</p>
        <FormError refusal={refusalOf(fetcher.data)} />
      </fetcher.Form>
    </div>
  );
}
