/** One tap each: all follow-ups as contact cards (phones import them) or as plain text. */
export function FollowUpDownloads({ code }: { code: string }) {
  return (
    <>
      <a className="button" href={`/api/markets/${code}/follow-ups.vcf`} download data-testid="download-vcard">
        Save as contacts (vCard)
      </a>
      <a className="button secondary" href={`/api/markets/${code}/follow-ups.txt`} download>
        Download as text
      </a>
    </>
  );
}
