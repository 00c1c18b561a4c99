import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { attempt, field, refused, type ActionResult } from "~/lib/route-helpers.server";
import { LanguageSwitch } from "~/components/language-switch";
import { metaT, useT } from "~/lib/i18n";
import { FormError } from "~/components/form-error";
import { useRefusal } from "~/lib/refusal";
import { LIMITS } from "../../server/market/field-limits.ts";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("app.name") }];

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = field(form, "intent");
  if (intent === "join") {
    const code = field(form, "code").toUpperCase().replace(/[^A-Z0-9]/g, "");
    let found = false;
    const result = await attempt(context, "join", async () => {
      await context.market.summary(code);
      found = true;
    });
    return found ? redirect(`/join/${code}`) : result;
  }
  if (intent === "import") {
    const file = form.get("file");
    if (!file || typeof file === "string" || file.size === 0) return refused(intent, "choose_file");
    let document: unknown;
    try {
      document = JSON.parse(await file.text());
    } catch {
      return refused(intent, "not_json_file");
    }
    let importedPath = "";
    const result = await attempt(context, intent, async () => {
      const { market, hostKey } = await context.market.importMarket(document);
      importedPath = `/host/${market.id}?key=${encodeURIComponent(hostKey)}`;
    });
    return importedPath ? redirect(importedPath) : result;
  }
  let hostPath = "";
  const result = await attempt(context, "create", async () => {
    const { market, hostKey } = await context.market.createMarket({ title: field(form, "title") }, { address: context.clientAddress });
    hostPath = `/host/${market.id}?key=${encodeURIComponent(hostKey)}`;
  });
  return hostPath ? redirect(hostPath) : result;
}

export default function Home() {
  const result = useActionData<ActionResult>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  const describe = useRefusal();
  const refusal = (intent: string) => (result && !result.ok && result.intent === intent ? result.error : undefined);
  // An unknown code gets the home page's own, friendlier words.
  const error = (intent: string) => (refusal(intent)?.code === "market_not_found" ? t("home.noSuchMarket") : describe(refusal(intent))?.message);
  const [params] = useSearchParams();
  return (
    <main className="page narrow home">
      <LanguageSwitch />
      {params.get("left") === "1" && (
        <p className="notice" role="status">
          {t("home.left")}
        </p>
      )}
      {params.get("deleted") === "1" && (
        <p className="notice" role="status">
          {t("home.deleted")}
        </p>
      )}
      <header className="hero">
        <p className="eyebrow">{t("home.eyebrow")}</p>
        <h1>{t("app.name")}</h1>
        <p className="lead">{t("home.lead")}</p>
      </header>

      <section className="card" aria-labelledby="join-heading">
        <h2 id="join-heading">{t("home.joinHeading")}</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="join" />
          <label htmlFor="code">{t("home.codeLabel")}</label>
          <input
            id="code"
            name="code"
            className="code-input"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={12}
            placeholder={t("home.codePlaceholder")}
            required
            aria-invalid={Boolean(error("join"))}
            aria-describedby={error("join") ? "join-error" : undefined}
          />
          {error("join") && (
            <p id="join-error" className="error" role="alert">
              {error("join")}
            </p>
          )}
          <button className="button" type="submit" disabled={busy}>
            {t("home.join")}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="start-heading">
        <h2 id="start-heading">{t("home.hostHeading")}</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="create" />
          <label htmlFor="title">{t("home.titleLabel")}</label>
          <input
            id="title"
            name="title"
            maxLength={LIMITS.title}
            placeholder={t("home.titlePlaceholder")}
            required
            aria-invalid={Boolean(error("create"))}
            aria-describedby={error("create") ? "create-error" : undefined}
          />
          {error("create") && (
            <p id="create-error" className="error" role="alert">
              {error("create")}
            </p>
          )}
          <button className="button" type="submit" disabled={busy}>
            {t("home.start")}
          </button>
          <p className="hint">{t("home.startHint")}</p>
        </Form>
        <details className="import">
          <summary>{t("home.restore")}</summary>
          <Form method="post" encType="multipart/form-data" className="stack">
            <input type="hidden" name="intent" value="import" />
            <label htmlFor="import-file">{t("home.restoreFile")}</label>
            <input id="import-file" name="file" type="file" accept="application/json,.json" required />
            <p className="hint">{t("home.restoreHint")}</p>
            <FormError message={error("import")} />
            <button className="button secondary" type="submit" disabled={busy}>
              {t("home.restoreButton")}
            </button>
          </Form>
        </details>
      </section>
    </main>
  );
}
