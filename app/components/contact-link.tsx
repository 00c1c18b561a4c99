import { classifyContact } from "../../server/market/contact-kind.ts";

/** A contact people can tap: an email opens mail, a number opens the phone, a web address the browser. */
export function ContactLink({ contact }: { contact: string }) {
  if (!contact) return <span className="hint">no contact</span>;
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
