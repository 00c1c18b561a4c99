// The phone's "Add to the market" form: offer or need (only the kinds the stage opens), text, tags
// and optional details. With JavaScript it sends through the outbox; without, it posts to the route.
import { useActionData } from "@remix-run/react";
import { useRef, useState } from "react";
import { FormError } from "~/components/form-error";
import { clearForNextCard, KindToggle } from "~/components/kind-toggle";
import { useDataText, useT } from "~/lib/i18n";
import type { OutboxAction, SendResult } from "~/lib/outbox";
import { descriptorsFrom } from "~/lib/post-form";
import { fieldRequired, useRefusal, type RefusalBody } from "~/lib/refusal";
import type { ActionResult } from "~/lib/route-helpers.server";
import { KINDS, POST_KINDS, takes, type PostKind } from "../../server/market/kinds.ts";
import { EXCHANGES, URGENCIES } from "../../server/market/model.ts";
import { splitTypedTags } from "../../server/market/tags.ts";
import { LIMITS } from "../../server/market/field-limits.ts";

export function Composer({
  firstClientId,
  send,
  offers,
  needs,
  openKinds,
  categories,
}: {
  firstClientId: string;
  send: (action: OutboxAction) => Promise<SendResult>;
  offers: number;
  needs: number;
  openKinds: readonly PostKind[];
  categories: string[];
}) {
  const t = useT();
  const form = useRef<HTMLFormElement>(null);
  // Nudge toward the kind the room has fewer of, so there is something to pair with.
  const preferred: PostKind = offers > needs ? "need" : "offer";
  const [chosen, setKind] = useState<PostKind>(preferred);
  // The stage decides which kinds are open; the toggle only offers those.
  const kind = openKinds.includes(chosen) ? chosen : (openKinds[0] ?? chosen);
  const [length, setLength] = useState(0);
  const [busy, setBusy] = useState(false);
  // Without JavaScript the form posts to the action, and its refusal comes back as action data.
  const refusedWithoutScript = useActionData<ActionResult>();
  const [refusal, setRefusal] = useState<RefusalBody | undefined>(
    refusedWithoutScript && !refusedWithoutScript.ok && refusedWithoutScript.intent === "post" ? refusedWithoutScript.error : undefined,
  );
  const failure = useRefusal()(refusal);
  const [queuedNote, setQueuedNote] = useState(false);
  // Nudges and the heading speak only of what the stage opens.
  const nudge =
    offers > 0 && needs === 0 && openKinds.includes("need")
      ? t("phone.nudgeNeed")
      : needs > 0 && offers === 0 && openKinds.includes("offer")
        ? t("phone.nudgeOffer")
        : undefined;
  const heading = openKinds.length === 1 ? t(KINDS[openKinds[0]!].words.addHeading) : t("phone.add");

  // With JavaScript, posts go through the phone's outbox: sent now when online, kept and resent
  // when not. Without it, the form posts to the route's action (intent "post") like any form.
  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    const text = String(fields.get("text") ?? "");
    if (!text.trim()) {
      setRefusal(fieldRequired("text"));
      return;
    }
    setBusy(true);
    const result = await send({ type: "post", kind, text, tags: splitTypedTags(String(fields.get("tags") ?? "")), descriptors: descriptorsFrom(fields, kind) });
    setBusy(false);
    if (result.outcome === "refused") {
      setRefusal(result.refusal);
      return;
    }
    setRefusal(undefined);
    setQueuedNote(result.outcome === "queued");
    clearForNextCard(form.current);
    setLength(0);
  };

  return (
    <section className="card composer" id="compose" aria-labelledby="compose-heading">
      <h2 id="compose-heading">{heading}</h2>
      {nudge && <p className="nudge">{nudge}</p>}
      <form method="post" ref={form} className="stack" noValidate onSubmit={(event) => void submit(event)}>
        <input type="hidden" name="intent" value="post" />
        <input type="hidden" name="clientId" value={firstClientId} />
        <KindToggle kinds={POST_KINDS.filter((k) => openKinds.includes(k))} kind={kind} onChange={setKind} />
        <label htmlFor="post-text" className="visually-hidden">
          {t("phone.text")}
        </label>
        <textarea
          id="post-text"
          name="text"
          rows={3}
          maxLength={LIMITS.postText}
          required
          placeholder={t(KINDS[kind].words.placeholder)}
          onChange={(e) => setLength(e.currentTarget.value.length)}
          aria-invalid={Boolean(failure?.fields?.text)}
          aria-describedby="post-text-count"
        />
        <p id="post-text-count" className="hint counter">
          {length}/280
        </p>
        <label htmlFor="post-tags">{t("phone.tagsOptional")}</label>
        <input id="post-tags" name="tags" placeholder={t("phone.tagsPlaceholder")} autoCapitalize="none" />
        <details className="descriptor-details">
          <summary>{t("phone.details")}</summary>
          <div className="descriptor-fields">
            <ChoiceField label={t("phone.category")} name="category" choices={categories} />
            <ChoiceField label={t("phone.exchange")} name="exchange" choices={EXCHANGES} />
            {takes(kind, "urgency") && <ChoiceField label={t("phone.urgency")} name="urgency" choices={URGENCIES} />}
            <label>
              {t("phone.when")}
              <input name="when" placeholder={t("phone.whenPlaceholder")} maxLength={LIMITS.when} />
            </label>
            <label>
              {t("phone.where")}
              <select name="where" defaultValue="">
                <option value="">—</option>
                <option value="here">{t("phone.inPerson")}</option>
                <option value="online">{t("phone.online")}</option>
                <option value="place">{t("phone.aPlace")}</option>
              </select>
            </label>
            <label>
              {t("phone.place")}
              <input name="place" placeholder={t("phone.placePlaceholder")} maxLength={LIMITS.place} />
            </label>
          </div>
        </details>
        <FormError message={failure?.message} />
        {queuedNote && !failure && (
          <p className="hint" role="status">
            {t("phone.savedOffline")}
          </p>
        )}
        <button className="button big" type="submit" disabled={busy}>
          {busy ? t("phone.sendingButton") : t(KINDS[kind].words.postButton)}
        </button>
      </form>
    </section>
  );
}

/** An optional choice of one of a descriptor's values ("—" for none). */
function ChoiceField({ label, name, choices }: { label: string; name: string; choices: readonly string[] }) {
  const { value } = useDataText();
  return (
    <label>
      {label}
      <select name={name} defaultValue="">
        <option value="">—</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {value(choice)}
          </option>
        ))}
      </select>
    </label>
  );
}
