import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { attempt, field, isHttps, orRespond, participantActor, type ActionResult } from "~/lib/route-helpers.server";
import { LanguageSwitch } from "~/components/language-switch";
import { metaT, useT } from "~/lib/i18n";
import { FormError } from "~/components/form-error";
import { refusalOf, useRefusal } from "~/lib/refusal";
import { ComeBackForm } from "~/components/come-back-form";
import { LeaveMarket } from "~/components/phone-own-posts";
import { unauthenticated } from "../../server/market/errors.ts";
import { formatPersonalCode, normalizePersonalCode } from "../../server/market/personal-codes.ts";
import { LIMITS } from "../../server/market/field-limits.ts";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: metaT(matches)("join.title", { title: data?.market.title ?? "" }) }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const market = await orRespond(context, () => context.market.summary(params.code ?? ""));
  // A personal link (?back=code) opens the come-back form ready to send, whoever this browser was.
  const url = new URL(request.url);
  const back = url.searchParams.get("back") ?? "";
  // A phone of a rehearsal the host reset lands here (m.$code.tsx): say why.
  const rehearsalOver = url.searchParams.get("rehearsal") === "over";
  // Re-opening the link on the same phone keeps the same participant: nobody joins twice.
  if (!back && (await participantActor(context, request, market.code))) return redirect(`/m/${market.code}`);
  return { market, back: formatPersonalCode(normalizePersonalCode(back)), rehearsalOver, removed: Boolean(await removedActor(context, request, market.code)) };
}

/** A browser whose person the host removed: it may still erase that person's data, and nothing else. */
async function removedActor(context: LoaderFunctionArgs["context"], request: Request, code: string) {
  const token = context.sessions.readCookie(request.headers.get("Cookie"), "participant", code);
  if (!token || (await participantActor(context, request, code))) return undefined;
  return context.market.authenticateToErase(code, token).catch(() => undefined);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const code = (await orRespond(context, () => context.market.summary(params.code ?? ""))).code;
  const form = await request.formData();
  const secure = isHttps(request);
  const cookies = new Headers();
  if (field(form, "intent") === "leave") {
    const result = await attempt(context, "leave", async () => {
      const actor = await removedActor(context, request, code);
      if (!actor) throw unauthenticated();
      await context.market.leaveMarket(code, actor);
    });
    if (!result.data.ok) return result;
    throw redirect("/?left=1", { headers: { "Set-Cookie": context.sessions.clearCookie("participant", code) } });
  }
  if (field(form, "intent") === "come-back") {
    const result = await attempt(context, "come-back", async () => {
      const { token } = await context.market.comeBack(code, field(form, "personalCode"), { address: context.clientAddress });
      cookies.append("Set-Cookie", context.sessions.setCookie("participant", code, token, secure));
    });
    return cookies.has("Set-Cookie") ? redirect(`/m/${code}`, { headers: cookies }) : result;
  }
  const result = await attempt(context, "join", async () => {
    const { token, personalCode } = await context.market.joinMarket(code, {
      name: field(form, "name"),
      contact: field(form, "contact"),
      shareContactWithHost: form.get("shareContactWithHost") === "on",
    }, { address: context.clientAddress });
    cookies.append("Set-Cookie", context.sessions.setCookie("participant", code, token, secure));
    // Shown on the phone page until the person says they kept it (keep-your-place.tsx).
    cookies.append("Set-Cookie", context.sessions.setCookie("personal", code, personalCode, secure));
  });
  return cookies.has("Set-Cookie") ? redirect(`/m/${code}`, { headers: cookies }) : result;
}

export default function Join() {
  const { market, back, rehearsalOver, removed } = useLoaderData<typeof loader>();
  const actionResult = useActionData<ActionResult>();
  const comeBackResult = actionResult?.intent === "come-back" ? actionResult : undefined;
  const result = comeBackResult ? undefined : actionResult;
  const busy = useNavigation().state !== "idle";
  const refusal = useRefusal()(refusalOf(result));
  const fields = refusal?.fields ?? {};
  const general = refusal && !Object.keys(fields).length ? refusal.message : undefined;
  const closed = market.phase === "closed";
  const t = useT();
  // After a refused submit, focus goes to the first field in error: a screen reader then reads
  // its label and its message (aria-describedby), and a keyboard user is already there.
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result && !result.ok) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [result]);

  return (
    <main className="page narrow join">
      <LanguageSwitch />
      <p className="eyebrow">{t("app.name")}</p>
      <h1>{market.title}</h1>
      {rehearsalOver && (
        <p className="notice" role="status" data-testid="rehearsal-over">
          {t("join.rehearsalOver")}
        </p>
      )}
      {removed && <LeaveMarket note={t("join.removed")} open />}
      {back && <ComeBackForm initialCode={back} result={comeBackResult} first />}
      {closed ? (
        <p className="notice" role="status">
          {t("join.closed")}
        </p>
      ) : (
        <Form method="post" className="card stack" noValidate ref={form}>
          <p className="lead">{t("join.lead")}</p>
          <label htmlFor="name">{t("join.name")}</label>
          <input
            id="name"
            name="name"
            autoComplete="given-name"
            maxLength={LIMITS.name}
            required
            aria-invalid={Boolean(fields.name)}
            aria-describedby={fields.name ? "name-error" : undefined}
          />
          {fields.name && (
            <p id="name-error" className="error">
              {fields.name}
            </p>
          )}
          <label htmlFor="contact">{t("join.contact")}</label>
          <input
            id="contact"
            name="contact"
            autoComplete="email"
            maxLength={LIMITS.contact}
            placeholder={t("join.contactPlaceholder")}
            required
            aria-invalid={Boolean(fields.contact)}
            aria-describedby={fields.contact ? "contact-error contact-hint" : "contact-hint"}
          />
          <p id="contact-hint" className="hint">
            {t("join.contactHint")}
          </p>
          {fields.contact && (
            <p id="contact-error" className="error">
              {fields.contact}
            </p>
          )}
          <label className="check">
            <input type="checkbox" name="shareContactWithHost" />
            <span>{t("join.shareWithHost")}</span>
          </label>
          <FormError message={general} />
          <button className="button big" type="submit" disabled={busy}>
            {busy ? t("join.joining") : t("join.submit")}
          </button>
        </Form>
      )}
      {!back && <ComeBackForm initialCode="" result={comeBackResult} />}
    </main>
  );
}
