/** A contact people can tap: an email opens mail, a number opens the phone. */
export function ContactLink({ contact }: { contact: string }) {
  if (/^\S+@\S+\.\S+$/.test(contact)) return <a href={`mailto:${contact}`}>{contact}</a>;
  if (/^\+?[\d\s().-]{6,}$/.test(contact)) return <a href={`tel:${contact.replace(/[^\d+]/g, "")}`}>{contact}</a>;
  if (/^https?:\/\//.test(contact)) return <a href={contact} rel="noreferrer noopener" target="_blank">{contact}</a>;
  return <span>{contact}</span>;
}
