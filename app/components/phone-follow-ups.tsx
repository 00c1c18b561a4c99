// The phone's follow-ups card: accepted connections and formed circles, with contacts (they
// never travel on the socket: the page's data brings them), and the way to the full page.
import { Link } from "@remix-run/react";
import { ContactLink } from "~/components/contact-link";
import { CircleFollowUps } from "~/components/dream-circle";
import { FollowUpDownloads } from "~/components/follow-up-downloads";
import { useT } from "~/lib/i18n";
import type { CircleFollowUp } from "../../server/market/circles.ts";
import type { FollowUp } from "../../server/market/views.ts";

export function FollowUpsCard({ code, closed, followUps, circles }: { code: string; closed: boolean; followUps: FollowUp[]; circles: CircleFollowUp[] }) {
  const t = useT();
  if (!closed && followUps.length === 0 && circles.length === 0) return null;
  return (
    <section className="card follow-ups-card" id="follow-ups" aria-labelledby="follow-ups-heading">
      <h2 id="follow-ups-heading">{t("phone.followUps")}</h2>
      {circles.length > 0 && (
        <ul className="follow-up-list">
          <CircleFollowUps circles={circles} />
        </ul>
      )}
      {followUps.length === 0 && circles.length === 0 && <p className="hint">{closed ? t("phone.noFollowUps") : t("phone.noFollowUpsYet")}</p>}
      {followUps.length > 0 && (
        <ul className="follow-up-list">
          {followUps.map((f) => (
            <li key={f.connectionId} data-testid="follow-up">
              <strong>{f.name}</strong> <ContactLink contact={f.contact} />
              <span className="hint">
                {f.offerText || t("phone.removed")} ↔ {f.needText || t("phone.removed")}
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="button-row">
        <Link className="button secondary" to={`/m/${code}/follow-ups`}>
          {t("phone.openFollowUps")}
        </Link>
        {(followUps.length > 0 || circles.length > 0) && <FollowUpDownloads code={code} />}
      </div>
    </section>
  );
}
