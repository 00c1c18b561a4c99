// The host's exports, built from the consent-filtered HostExport, and a participant's own
// follow-ups as text. CSV through csv-stringify; vCards in vcard.ts; the JSON document in
// market-export.ts.
import { stringify } from "csv-stringify/sync";
import type { HostExport } from "./host-export.ts";
import { KINDS, OTHER_SIDE } from "./kinds.ts";
import type { FollowUp, PublicPost } from "./views.ts";

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return before one) as a
 * formula ("CSV injection", OWASP). Full-width ＝＋－＠ are included because some spreadsheets
 * normalise them. A leading ' makes the cell text in Excel and LibreOffice alike.
 */
const FORMULA_START = /^[\s\u00A0]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/;
export const neutraliseCell = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

/** UTF-8 with a BOM (Excel then reads names and emoji right; LibreOffice ignores it), CRLF rows. */
function csv(header: readonly string[], rows: string[][]): string {
  return "\uFEFF" + stringify([[...header], ...rows.map((row) => row.map(neutraliseCell))], { record_delimiter: "\r\n" });
}

export const CONNECTIONS_CSV_COLUMNS = [
  "status",
  "offer_by",
  "offer_by_contact",
  "offer",
  "need_by",
  "need_by_contact",
  "need",
  "created_at",
  "updated_at",
] as const;

const contactsOf = (data: HostExport) => new Map(data.participants.map((p) => [p.id, p.contact ?? ""]));

/** One row per connection; a contact only where its owner agreed to share it with the host. */
export function connectionsCsv(data: HostExport): string {
  const contactOf = contactsOf(data);
  const rows = data.connections.map((c) => [
    c.status,
    c.offerAuthorName,
    contactOf.get(c.offerParticipantId) ?? "",
    c.offerText,
    c.needAuthorName,
    contactOf.get(c.needParticipantId) ?? "",
    c.needText,
    c.createdAt,
    c.updatedAt,
  ]);
  return csv(CONNECTIONS_CSV_COLUMNS, rows);
}

export const POSTS_CSV_COLUMNS = ["kind", "text", "tags", "by", "by_contact", "created_at", "connection", "connected_with"] as const;

/**
 * Every offer and need still in the market, one row each, with whether it found a connection
 * ("accepted", "pending" or "none") and with whom.
 */
export function postsCsv(data: HostExport): string {
  const contactOf = contactsOf(data);
  const stateOf = connectionStates(data);
  const rows = data.posts.map((post) => {
    const { status, partners } = stateOf(post);
    return [post.kind, post.text, post.tags.join(", "), post.authorName, contactOf.get(post.participantId) ?? "", post.createdAt, status, partners.join(", ")];
  });
  return csv(POSTS_CSV_COLUMNS, rows);
}

/** Each post's connection state, from one pass over the connections (not one pass per post). */
function connectionStates(data: HostExport): (post: PublicPost) => { status: "accepted" | "pending" | "none"; partners: string[] } {
  const byPost = new Map<string, HostExport["connections"]>();
  for (const c of data.connections) {
    if (c.status === "declined") continue;
    for (const key of [`offer:${c.offerId}`, `need:${c.needId}`]) byPost.set(key, [...(byPost.get(key) ?? []), c]);
  }
  return (post) => {
    const mine = byPost.get(`${post.kind}:${post.id}`) ?? [];
    const accepted = mine.filter((c) => c.status === "accepted");
    const shown = accepted.length ? accepted : mine;
    return {
      status: accepted.length ? "accepted" : mine.length ? "pending" : "none",
      partners: [...new Set(shown.map((c) => c[`${OTHER_SIDE[KINDS[post.kind].pairs.side]}AuthorName`]))],
    };
  };
}

/** A participant's follow-ups as plain text: readable anywhere, easy to paste or print. */
export function followUpsText(marketTitle: string, name: string, followUps: FollowUp[], at: Date = new Date()): string {
  const lines = [`${marketTitle}`, `Follow-ups for ${name}, ${at.toISOString().slice(0, 10)}`, ""];
  if (followUps.length === 0) lines.push("No accepted connections.");
  for (const f of followUps) {
    lines.push(`* ${f.name}${f.contact ? ` <${f.contact}>` : ""}`);
    lines.push(f.theirSide === "offer" ? `  They offered: ${f.offerText}` : `  They needed: ${f.needText}`);
    lines.push(f.theirSide === "offer" ? `  For your need: ${f.needText}` : `  With your offer: ${f.offerText}`);
    lines.push("");
  }
  return lines.join("\r\n");
}

export function exportFileName(data: { market: { title: string; code: string } }, extension: string): string {
  const slug = data.market.title.normalize("NFKD").replace(/[^\w]+/g, "-").replace(/^-|-$/g, "").toLowerCase().slice(0, 40) || "market";
  return `${slug}-${data.market.code}.${extension}`;
}
