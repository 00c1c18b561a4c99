// What kind of contact someone typed, and the link that opens it. Pure: shared by the phone's
// tappable links, the vCard writer and the exports, so "is this a phone number?" is decided once.

export type ContactKind = "email" | "phone" | "url" | "other";

export interface ClassifiedContact {
  kind: ContactKind;
  /** What to open on a tap: mailto:, tel: or https:; absent for a name or handle we cannot place. */
  href?: string;
  /** The value as a vCard wants it: the bare address, number (digits and +) or full URL. */
  value: string;
}

const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/;
const PHONE = /^\+?[\d\s().\-/]{6,}$/;
const URL_WITH_SCHEME = /^https?:\/\/\S+$/i;
// "example.org/ana", "t.me/ana", "www.example.org": a web address typed without https://.
const BARE_WEB_ADDRESS = /^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:\/\S*)?$/i;

export function classifyContact(raw: string): ClassifiedContact {
  const contact = raw.trim().replace(/^mailto:/i, "");
  if (EMAIL.test(contact)) return { kind: "email", href: `mailto:${contact}`, value: contact };
  if (PHONE.test(contact) && (contact.match(/\d/g)?.length ?? 0) >= 6) {
    const digits = contact.replace(/[^\d+]/g, "");
    return { kind: "phone", href: `tel:${digits}`, value: digits };
  }
  if (URL_WITH_SCHEME.test(contact) && isHttpUrl(contact)) return { kind: "url", href: contact, value: contact };
  if (BARE_WEB_ADDRESS.test(contact) && isHttpUrl(`https://${contact}`)) return { kind: "url", href: `https://${contact}`, value: `https://${contact}` };
  return { kind: "other", value: contact };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
