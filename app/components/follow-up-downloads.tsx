import { useT } from "~/lib/i18n";

/** One tap each: all follow-ups as contact cards (phones import them) or as plain text. */
export function FollowUpDownloads({ code }: { code: string }) {
  const t = useT();
  return (
    <>
      <a className="button" href={`/api/markets/${code}/follow-ups.vcf`} download data-testid="download-vcard">
        {t("followUps.vcard")}
      </a>
      <a className="button secondary" href={`/api/markets/${code}/follow-ups.txt`} download>
        {t("followUps.text")}
      </a>
    </>
  );
}
