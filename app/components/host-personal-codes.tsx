// A person's personal code from the console (server/market/personal-codes.ts): make a new one to
// hand over (the old one stops working), or revoke it (browsers that came back by it are signed
// out). Each asks first: a disclosure, so the first press never acts.
import { useFetcher } from "@remix-run/react";
import { FormError } from "~/components/form-error";
import { useT } from "~/lib/i18n";
import { refusalOf } from "~/lib/refusal";
import type { ActionResult } from "~/lib/route-helpers.server";

/** What the console's "personal-code" intent answers. */
export type PersonalCodeResult = ActionResult & { personalCode?: string; personalUrl?: string };

export function PersonalCodeTools({ participantId, name }: { participantId: string; name: string }) {
  const t = useT();
  const issuing = useFetcher<PersonalCodeResult>();
  const revoking = useFetcher<ActionResult>();
  const issued = issuing.data?.ok ? issuing.data : undefined;
  return (
    <details className="personal-code-tools">
      <summary className="button small secondary" aria-label={t("codes.openFor", { name })}>
        {t("codes.open")}
      </summary>
      <div className="confirm-box stack" role="group" aria-label={t("codes.openFor", { name })}>
        <issuing.Form method="post" className="stack">
          <input type="hidden" name="intent" value="personal-code" />
          <input type="hidden" name="participantId" value={participantId} />
          <p className="hint">{t("codes.newHint", { name })}</p>
          <button type="submit" className="button small" disabled={issuing.state !== "idle"}>
            {t("codes.new")}
          </button>
        </issuing.Form>
        {issued?.personalCode && (
          <p className="notice" role="status" data-testid="issued-code">
            {t("codes.issued", { name })} <strong className="personal-code">{issued.personalCode}</strong> <span className="personal-link">{issued.personalUrl}</span>
          </p>
        )}
        <FormError refusal={refusalOf(issuing.data)} />
        <revoking.Form method="post" className="stack">
          <input type="hidden" name="intent" value="revoke-personal-code" />
          <input type="hidden" name="participantId" value={participantId} />
          <p className="hint">{t("codes.revokeHint", { name })}</p>
          <button type="submit" className="button small danger" disabled={revoking.state !== "idle"}>
            {t("codes.revoke")}
          </button>
        </revoking.Form>
        {revoking.data?.ok && <p role="status">{t("codes.revoked", { name })}</p>}
        <FormError refusal={refusalOf(revoking.data)} />
      </div>
    </details>
  );
}
