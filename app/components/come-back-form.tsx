// "Joined before?": a person types their personal code (or opens their personal link, which fills
// it in) and is the same person again in this browser, with their posts, requests and follow-ups.
import { Form, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/form-error";
import { useT } from "~/lib/i18n";
import type { ActionResult } from "~/lib/route-helpers.server";
import { refusalOf } from "~/lib/refusal";

export function ComeBackForm({ initialCode, result, first = false }: { initialCode: string; result?: ActionResult; first?: boolean }) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post" className={`card stack come-back${first ? " come-back-first" : ""}`} aria-labelledby="come-back-heading">
      <h2 id="come-back-heading">{t(first ? "comeBack.welcomeBack" : "comeBack.heading")}</h2>
      <p className="hint">{t("comeBack.lead")}</p>
      <input type="hidden" name="intent" value="come-back" />
      <label htmlFor="personal-code">{t("comeBack.code")}</label>
      <input
        id="personal-code"
        name="personalCode"
        defaultValue={initialCode}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={32}
        required
        className="personal-code-input"
      />
      <FormError refusal={refusalOf(result)} />
      <button className={`button${first ? " big" : ""}`} type="submit" disabled={busy}>
        {t("comeBack.submit")}
      </button>
    </Form>
  );
}
