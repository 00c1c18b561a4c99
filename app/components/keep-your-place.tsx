// Nobody loses their place: right after joining, the phone shows the person's personal link and
// code (made once, stored only hashed, so shown until they say they kept it), with ways to keep
// them: copy, share to themselves, add to contacts. Later, a lost code is replaced by a new one.
import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useT } from "~/lib/i18n";

export interface PersonalPlace {
  code: string;
  link: string;
}

export function KeepYourPlace({ personal, code, title }: { personal: PersonalPlace; code: string; title: string }) {
  const t = useT();
  // Copy and share need the browser's APIs: offered once the page runs (never in the server's HTML).
  const [can, setCan] = useState({ copy: false, share: false });
  const [copied, setCopied] = useState(false);
  useEffect(() => setCan({ copy: Boolean(navigator.clipboard), share: typeof navigator.share === "function" }), []);
  const copy = async () => {
    await navigator.clipboard.writeText(`${personal.link}\n${t("keep.codeLabel")}: ${personal.code}`);
    setCopied(true);
  };
  const share = () => navigator.share({ title, text: t("keep.shareText", { title, code: personal.code }), url: personal.link }).catch(() => undefined);
  return (
    <section className="card keep-your-place stack" id="keep-your-place" aria-labelledby="keep-heading">
      <h2 id="keep-heading">{t("keep.heading")}</h2>
      <p>{t("keep.lead")}</p>
      <p className="keep-row">
        <span className="hint">{t("keep.codeLabel")}</span>
        <strong className="personal-code" data-testid="personal-code">
          {personal.code}
        </strong>
      </p>
      <p className="keep-row">
        <span className="hint">{t("keep.linkLabel")}</span>
        <a className="personal-link" data-testid="personal-link" href={personal.link}>
          {personal.link}
        </a>
      </p>
      <div className="button-row">
        {can.copy && (
          <button type="button" className="button secondary" onClick={() => void copy()}>
            {copied ? t("keep.copied") : t("keep.copy")}
          </button>
        )}
        {can.share && (
          <button type="button" className="button secondary" onClick={() => void share()}>
            {t("keep.share")}
          </button>
        )}
        <a className="button secondary" href={`/api/markets/${code}/participants/me/personal.vcf`} download>
          {t("keep.addToContacts")}
        </a>
      </div>
      <p role="status" className="hint">
        {copied ? t("keep.copiedNote") : ""}
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="kept-personal-code" />
        <button type="submit" className="button">
          {t("keep.kept")}
        </button>
      </Form>
    </section>
  );
}

/** For someone who lost their code: a new one (the old one stops working). */
export function NewPersonalCode() {
  const t = useT();
  return (
    <section className="card stack" aria-labelledby="new-code-heading">
      <h2 id="new-code-heading">{t("keep.lostHeading")}</h2>
      <p className="hint">{t("keep.lostLead")}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="new-personal-code" />
        <button type="submit" className="button secondary">
          {t("keep.newCode")}
        </button>
      </Form>
    </section>
  );
}
