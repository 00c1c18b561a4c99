// Cards a phone keeps for later: written in the lobby to be ready, or written with "I'm interested"
// before needs open. The server posts each when its kind opens (server/market/drafts.ts).
import { useEffect, useRef, useState } from "react";
import { FormError } from "~/components/form-error";
import { clearForNextCard, KindToggle } from "~/components/kind-toggle";
import { useT } from "~/lib/i18n";
import { useFetcherForMine, useNextClientId } from "~/lib/mine";
import { refusalOf } from "~/lib/refusal";
import type { ActionResult } from "~/lib/route-helpers.server";
import { EVERYDAY_KINDS, KINDS, type PostKind } from "../../server/market/kinds.ts";
import type { Draft } from "../../server/market/model.ts";
import type { PublicPost } from "../../server/market/views.ts";
import { LIMITS } from "../../server/market/field-limits.ts";

/** The lobby's form: write an offer or a need now; it goes up on the wall when its stage opens. */
export function PrepareCards({ clientId: firstClientId }: { clientId: string }) {
  const t = useT();
  const fetcher = useFetcherForMine<ActionResult>();
  const clientId = useNextClientId(firstClientId, fetcher.data);
  const form = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<PostKind>(EVERYDAY_KINDS[0]!);
  const saved = fetcher.state === "idle" && fetcher.data?.ok === true;
  useEffect(() => {
    if (saved) clearForNextCard(form.current);
  }, [saved]);
  return (
    <section className="card composer prepare" id="compose" aria-labelledby="prepare-heading">
      <h2 id="prepare-heading">{t("phone.prepareHeading")}</h2>
      <p className="hint">{t("phone.prepareHint")}</p>
      <fetcher.Form method="post" ref={form} className="stack">
        <input type="hidden" name="intent" value="draft" />
        <input type="hidden" name="clientId" value={clientId} />
        <KindToggle kinds={EVERYDAY_KINDS} kind={kind} onChange={setKind} />
        <label htmlFor="prepare-text" className="visually-hidden">
          {t("phone.text")}
        </label>
        <textarea id="prepare-text" name="text" rows={3} maxLength={LIMITS.postText} required placeholder={t(KINDS[kind].words.placeholder)} />
        <FormError refusal={refusalOf(fetcher.data)} />
        <button className="button big" type="submit" disabled={fetcher.state !== "idle"}>
          {t("phone.keepForLater")}
        </button>
      </fetcher.Form>
    </section>
  );
}

/** The person's cards waiting for their stage, with what each answers; each can be removed. */
export function WaitingCards({ drafts, posts }: { drafts: Draft[]; posts: PublicPost[] }) {
  const t = useT();
  if (drafts.length === 0) return null;
  return (
    <>
      <h3>{t("phone.waitingCards")}</h3>
      <ul className="plain-list waiting-cards" data-testid="waiting-cards">
        {drafts.map((draft) => {
          const answers = draft.answers ? posts.find((p) => p.id === draft.answers) : undefined;
          return (
            <li key={draft.id}>
              <span className={`kind-label ${draft.kind}`}>{t(KINDS[draft.kind].words.compose)}</span> {draft.text}
              {answers && <span className="hint"> · {t("phone.draftAnswers", { name: answers.authorName, text: answers.text })}</span>}
              <DiscardDraft id={draft.id} />
            </li>
          );
        })}
      </ul>
    </>
  );
}

function DiscardDraft({ id }: { id: string }) {
  const t = useT();
  const fetcher = useFetcherForMine<ActionResult>();
  return (
    <fetcher.Form method="post" className="inline">
      <input type="hidden" name="intent" value="discard-draft" />
      <input type="hidden" name="draftId" value={id} />
      <button className="link-button" type="submit" disabled={fetcher.state !== "idle"}>
        {t("phone.discard")}
      </button>
    </fetcher.Form>
  );
}
