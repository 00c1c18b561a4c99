import { useT } from "~/lib/i18n";
import { classifyContact } from "../../server/market/contact-kind.ts";

/** A contact people can tap: an email opens mail, a number opens the phone, a web address the browser. */
export function ContactLink({ contact }: { contact: string }) {
  const t = useT();
  if (!contact) return <span className="hint">{t("followUps.noContact")}</span>;
  const { kind, href } = classifyContact(contact);
  if (!href) return <span>{contact}</span>;
  if (kind === "url") {
    return (
      <a href={href} rel="noreferrer noopener" target="_blank">
        {contact}
      </a>
    );
  }
  return <a href={href}>{contact}</a>;
}
