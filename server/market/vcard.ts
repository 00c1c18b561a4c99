// Contact cards (vCard 3.0, RFC 2426) written with ical.js, Mozilla's maintained iCalendar/vCard
// library: it escapes commas, semicolons and newlines and folds long lines by octets without
// splitting an emoji. 3.0 rather than 4.0 because that is what iOS and Android import reliably.
import ICAL from "ical.js";
import { classifyContact } from "./contact-kind.ts";
import { englishHeading, type Side } from "./kinds.ts";
import type { CircleFollowUp } from "./circles.ts";
import { circleLines } from "./exports.ts";
import type { HostExport } from "./host-export.ts";
import type { FollowUp } from "./views.ts";

interface CardInput {
  uid: string;
  name: string;
  contact: string;
  note: string;
  category: string;
}

function card({ uid, name, contact, note, category }: CardInput): string {
  const vcard = new ICAL.Component("vcard");
  vcard.addPropertyWithValue("version", "3.0");
  vcard.addPropertyWithValue("uid", uid);
  vcard.addPropertyWithValue("fn", name);
  // N is required in 3.0; a single-field name keeps "Ana Lopez" whole rather than guessing its parts.
  const n = new ICAL.Property("n");
  n.setValue(["", name, "", "", ""]);
  vcard.addProperty(n);
  const classified = classifyContact(contact);
  if (classified.kind === "email") vcard.addPropertyWithValue("email", classified.value).setParameter("type", "internet");
  else if (classified.kind === "phone") vcard.addPropertyWithValue("tel", classified.value).setParameter("type", "cell");
  else if (classified.kind === "url") vcard.addPropertyWithValue("url", classified.value);
  const notes = classified.kind === "other" && contact ? [`Contact: ${contact}`, note] : [note];
  vcard.addPropertyWithValue("note", notes.join("\n"));
  vcard.addPropertyWithValue("categories", category);
  return vcard.toString();
}

const joinCards = (cards: string[]) => (cards.length ? cards.join("\r\n") + "\r\n" : "");

/** The note's line about the other person, by their side of the connection. */
const WHAT_THEY_DID: Record<Side, (f: FollowUp) => string> = {
  offer: (f) => `They offered "${f.offerText}" for your need "${f.needText}".`,
  need: (f) => `They needed "${f.needText}"; you offered "${f.offerText}".`,
};

/**
 * A participant's follow-ups: one card per person they connected with, or share a dream's circle
 * with, who can still be reached.
 */
export function followUpsVcf(marketTitle: string, followUps: FollowUp[], circles: CircleFollowUp[] = []): string {
  const byPerson = new Map<string, { name: string; contact: string; lines: string[]; uid: string }>();
  const add = (name: string, contact: string, uid: string, line: string) => {
    if (!contact) return; // someone who left: nothing to import
    const key = `${name}\u0000${contact}`;
    const entry = byPerson.get(key) ?? { name, contact, lines: [], uid };
    entry.lines.push(line);
    byPerson.set(key, entry);
  };
  for (const f of followUps) add(f.name, f.contact, `onm-${f.connectionId}`, WHAT_THEY_DID[f.theirSide](f));
  for (const c of circles) {
    c.members.forEach((m, i) => add(m.name, m.contact, `onm-${c.circleId}-${i}`, `In your circle around the dream "${c.dreamText}"${m.text ? `, with "${m.text}"` : ""}.`));
  }
  return joinCards(
    [...byPerson.values()].map((p) => card({ uid: p.uid, name: p.name, contact: p.contact, note: [`Met at ${marketTitle}.`, ...p.lines].join("\n"), category: marketTitle })),
  );
}

/** The host's contact cards: only participants who agreed to share their contact with the host. */
export function participantsVcf(data: HostExport): string {
  const postsBy = new Map<string, string[]>();
  for (const post of data.posts) {
    const list = postsBy.get(post.participantId) ?? [];
    list.push(`${englishHeading(post.kind)}: ${post.text}`);
    postsBy.set(post.participantId, list);
  }
  for (const circle of circleLines(data)) {
    for (const m of circle.members) postsBy.set(m.participantId, [...(postsBy.get(m.participantId) ?? []), `Circle: ${circle.dreamText}`]);
  }
  return joinCards(
    data.participants
      .filter((p): p is typeof p & { contact: string } => Boolean(p.contact))
      .map((p) =>
        card({
          uid: `onm-${data.market.code}-${p.id}`,
          name: p.name,
          contact: p.contact,
          note: [`Joined ${data.market.title}.`, ...(postsBy.get(p.id) ?? [])].join("\n"),
          category: data.market.title,
        }),
      ),
  );
}

/** A contact card that keeps a person's place: the personal link and code, to find it later. */
export function personalLinkVcf(input: { participantId: string; marketTitle: string; link: string; personalCode: string }): string {
  return joinCards([
    card({
      uid: `personal-${input.participantId}`,
      name: `${input.marketTitle} (my place)`,
      contact: input.link,
      note: `Personal code: ${input.personalCode}\nOpen the link, or type the code on the market's join page.`,
      category: "Offers & Needs Market",
    }),
  ]);
}
