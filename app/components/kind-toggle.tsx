// Offer, need or dream: the choice a phone's card forms start with, as big buttons (the radio
// inside each is invisible). The chosen one is marked by a class React sets, not by CSS :has(),
// which phones from before 2022 (Safari 15.3, Chrome 104) and Firefox before 121 do not know:
// there, nothing would show which kind was picked.
import { useT } from "~/lib/i18n";
import { KINDS, type PostKind } from "../../server/market/kinds.ts";

export function KindToggle({ kinds, kind, onChange }: { kinds: readonly PostKind[]; kind: PostKind; onChange: (kind: PostKind) => void }) {
  const t = useT();
  return (
    <fieldset className="kind-toggle">
      <legend className="visually-hidden">{t("phone.kind")}</legend>
      {kinds.map((k) => (
        <label key={k} className={`kind-option ${k}${kind === k ? " chosen" : ""}`}>
          <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => onChange(k)} />
          <span>{t(KINDS[k].words.compose)}</span>
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Empties a card form for the next card, the kind staying as picked. A form's reset turns its
 * radios back to how they were first drawn, without React knowing: the toggle would show one
 * kind while the form sent another.
 */
export function clearForNextCard(form: HTMLFormElement | null): void {
  if (!form) return;
  const picked = form.querySelector<HTMLInputElement>("input[name=kind]:checked");
  form.reset();
  if (picked) picked.checked = true;
}
