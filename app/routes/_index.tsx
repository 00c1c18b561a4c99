import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { attempt, field, type ActionResult } from "~/lib/route-helpers.server";

export const meta: MetaFunction = () => [{ title: "Offers & Needs Market" }];

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
    const refuse = (message: string) => data<ActionResult>({ ok: false, intent, error: { code: "invalid_file", message } }, { status: 400 });
    const file = form.get("file");
    if (!file || typeof file === "string" || file.size === 0) return refuse("Choose the market's JSON export file first.");
    let document: unknown;
    try {
      document = JSON.parse(await file.text());
    } catch {
      return refuse("That file is not JSON. Choose the file the host console's “Everything (JSON)” button saved.");
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
  const error = (intent: string) => (result && !result.ok && result.intent === intent ? result.error.message : undefined);
  const [params] = useSearchParams();
  return (
    <main className="page narrow home">
      {params.get("left") === "1" && (
        <p className="notice" role="status">
          You have left the market. Your name, contact and posts have been erased.
        </p>
      )}
      {params.get("deleted") === "1" && (
        <p className="notice" role="status">
          The market and everything in it has been deleted.
        </p>
      )}
      <header className="hero">
        <p className="eyebrow">Mutual aid, made visible</p>
        <h1>Offers &amp; Needs Market</h1>
        <p className="lead">
          Everyone says what they can give and what they need. The room finds the connections — live on the wall, from every
          phone, with the follow-ups ready when you close.
        </p>
      </header>

      <section className="card" aria-labelledby="join-heading">
        <h2 id="join-heading">Join a market</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="join" />
          <label htmlFor="code">Code on the screen</label>
          <input
            id="code"
            name="code"
            className="code-input"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={12}
            placeholder="e.g. K7Q2XM"
            required
            aria-invalid={Boolean(error("join"))}
            aria-describedby={error("join") ? "join-error" : undefined}
          />
          {error("join") && (
            <p id="join-error" className="error" role="alert">
              {error("join") === "No such market." ? "No market has that code. Check the code on the screen." : error("join")}
            </p>
          )}
          <button className="button" type="submit" disabled={busy}>
            Join
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="start-heading">
        <h2 id="start-heading">Host a market</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="create" />
          <label htmlFor="title">Name of your market</label>
          <input
            id="title"
            name="title"
            maxLength={100}
            placeholder="e.g. Neighbourhood Offers & Needs, spring"
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
            Start a market
          </button>
          <p className="hint">No account needed. You get a private host link: keep it to steer the market and export the results.</p>
        </Form>
        <details className="import">
          <summary>Restore a market from its JSON export</summary>
          <Form method="post" encType="multipart/form-data" className="stack">
            <input type="hidden" name="intent" value="import" />
            <label htmlFor="import-file">Export file (.json)</label>
            <input id="import-file" name="file" type="file" accept="application/json,.json" required />
            <p className="hint">
              You get a new code and a new host link. Contacts that people did not share with the host are not in the export, so
              they stay empty; participants cannot sign in to the restored copy.
            </p>
            {error("import") && (
              <p className="error" role="alert">
                {error("import")}
              </p>
            )}
            <button className="button secondary" type="submit" disabled={busy}>
              Restore market
            </button>
          </Form>
        </details>
      </section>
    </main>
  );
}
