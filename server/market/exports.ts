// The host's exports, built from the consent-filtered HostExport, and a participant's own
// follow-ups as text. The tables (rows of text) are built once here; CSV through csv-stringify,
// XLSX in xlsx-export.ts; vCards in vcard.ts; the JSON document in market-export.ts.
import { stringify } from "csv-stringify/sync";
import { circleMembers, isFormed, type CircleFollowUp } from "./circles.ts";
import type { HostExport } from "./host-export.ts";
import { KINDS, OTHER_SIDE } from "./kinds.ts";
import type { GatherWay } from "./model.ts";
import { LEFT, type FollowUp, type PublicPost } from "./views.ts";

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return before one) as a
 * formula ("CSV injection", OWASP). Full-width ＝＋－＠ are included because some spreadsheets
 * normalise them. A leading ' makes the cell text in Excel and LibreOffice alike. Every line of
 * a cell is guarded, so a tool that splits a cell at its line breaks meets no formula either.
 */
const FORMULA_START = /^(?:[\s\u00A0]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|[\t\r])/;
const LINE_BREAK = /(\r\n|\r|\n)/;
export const neutraliseCell = (value: string): string =>
  value
    .split(LINE_BREAK)
    .map((part, i) => (i % 2 === 0 && FORMULA_START.test(part) ? `'${part}` : part))
    .join("");

/**
 * UTF-8 with a BOM (Excel then reads names and emoji right; LibreOffice ignores it), CRLF rows.
 * A cell holding any line break is quoted: csv-stringify by itself quotes only the row separator
 * (CRLF), so a bare LF or CR would start a forged row in most readers.
 */
function csv(table: Table): string {
  return "\uFEFF" + stringify([[...table.header], ...table.rows.map((row) => row.map(neutraliseCell))], { record_delimiter: "\r\n", quoted_match: /[\r\n]/ });
}

/** A download as a table of text: the one source of the CSV and XLSX files. */
export interface Table {
  header: readonly string[];
  rows: string[][];
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
export function connectionsTable(data: HostExport): Table {
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
  return { header: CONNECTIONS_CSV_COLUMNS, rows };
}

export const connectionsCsv = (data: HostExport): string => csv(connectionsTable(data));

/** A formed circle as the host's downloads show it: each member, what they bring, a contact only with consent. */
export interface CircleLine {
  id: string;
  dreamId: string;
  dreamText: string;
  members: Array<{ participantId: string; name: string; role: GatherWay | "dreamer"; text?: string; contact: string | null }>;
}

/** The circles someone besides the dreamer was accepted into, the dreamer first. */
export function circleLines(data: HostExport): CircleLine[] {
  const people = new Map(data.participants.map((p) => [p.id, p]));
  const texts = new Map(data.posts.map((post) => [post.id, post.text]));
  return data.circles.filter(isFormed).map((circle) => ({
    id: circle.id,
    dreamId: circle.dreamId,
    dreamText: circle.dreamText,
    members: circleMembers(circle).map((participantId) => {
      const gathering = circle.gatherings.find((g) => g.participantId === participantId);
      const text = gathering?.postId ? texts.get(gathering.postId) : undefined;
      const person = people.get(participantId);
      return { participantId, name: person?.name ?? LEFT, role: gathering?.way ?? "dreamer", ...(text ? { text } : {}), contact: person?.contact ?? null };
    }),
  }));
}

export const CIRCLES_CSV_COLUMNS = ["dream", "member", "member_contact", "role", "brings"] as const;

/** One row per member of each formed circle (the dreamer first); a contact only with consent. */
export function circlesTable(data: HostExport): Table {
  const rows = circleLines(data).flatMap((circle) => circle.members.map((m) => [circle.dreamText, m.name, m.contact ?? "", m.role, m.text ?? ""]));
  return { header: CIRCLES_CSV_COLUMNS, rows };
}

export const circlesCsv = (data: HostExport): string => csv(circlesTable(data));

export const POSTS_CSV_COLUMNS = ["kind", "text", "tags", "by", "by_contact", "created_at", "connection", "connected_with"] as const;

/**
 * Every offer and need still in the market, one row each, with whether it found a connection
 * ("accepted", "pending" or "none") and with whom.
 */
export function postsTable(data: HostExport): Table {
  const contactOf = contactsOf(data);
  const stateOf = connectionStates(data);
  const rows = data.posts.map((post) => {
    const { status, partners } = stateOf(post);
    return [post.kind, post.text, post.tags.join(", "), post.authorName, contactOf.get(post.participantId) ?? "", post.createdAt, status, partners.join(", ")];
  });
  return { header: POSTS_CSV_COLUMNS, rows };
}

export const postsCsv = (data: HostExport): string => csv(postsTable(data));

/** Each post's connection state, from one pass over the connections (not one pass per post). */
function connectionStates(data: HostExport): (post: PublicPost) => { status: "accepted" | "pending" | "none"; partners: string[] } {
  const byPost = new Map<string, HostExport["connections"]>();
  for (const c of data.connections) {
    if (c.status === "declined") continue;
    for (const key of [`offer:${c.offerId}`, `need:${c.needId}`]) byPost.set(key, [...(byPost.get(key) ?? []), c]);
  }
  return (post) => {
    const side = KINDS[post.kind].pairs?.side;
    // A dream pairs with no card: its people are its circle (the export's circles).
    if (!side) return { status: "none", partners: [] };
    const mine = byPost.get(`${post.kind}:${post.id}`) ?? [];
    const accepted = mine.filter((c) => c.status === "accepted");
    const shown = accepted.length ? accepted : mine;
    return {
      status: accepted.length ? "accepted" : mine.length ? "pending" : "none",
      partners: [...new Set(shown.map((c) => c[`${OTHER_SIDE[side]}AuthorName`]))],
    };
  };
}

/**
 * A participant's follow-ups as plain text: readable anywhere, easy to paste or print. What people
 * wrote can't forge a line: names and contacts stay on their line, and a post's own line breaks
 * continue indented under it, so only this function starts a line with "* ".
 */
export function followUpsText(marketTitle: string, name: string, followUps: FollowUp[], circles: CircleFollowUp[] = [], at: Date = new Date()): string {
  const lines = [oneLine(marketTitle), `Follow-ups for ${oneLine(name)}, ${at.toISOString().slice(0, 10)}`, ""];
  if (followUps.length === 0 && circles.length === 0) lines.push("No accepted connections.");
  for (const f of followUps) {
    lines.push(`* ${oneLine(f.name)}${f.contact ? ` <${oneLine(f.contact)}>` : ""}`);
    lines.push(f.theirSide === "offer" ? `  They offered: ${indented(f.offerText)}` : `  They needed: ${indented(f.needText)}`);
    lines.push(f.theirSide === "offer" ? `  For your need: ${indented(f.needText)}` : `  With your offer: ${indented(f.offerText)}`);
    lines.push("");
  }
  for (const c of circles) {
    lines.push(`* Circle around the dream: ${indented(c.dreamText)}`);
    for (const m of c.members) lines.push(`  - ${oneLine(m.name)}${m.contact ? ` <${oneLine(m.contact)}>` : ""}${m.text ? `: ${oneLine(m.text)}` : ""}`);
    lines.push("");
  }
  return lines.join("\r\n");
}

const ANY_LINE_BREAK = /\r\n?|[\n\u2028\u2029\u0085\u000B\u000C]/g;
const oneLine = (value: string) => value.replace(ANY_LINE_BREAK, " ");
const indented = (value: string) => value.replace(ANY_LINE_BREAK, "\r\n    ");

export function exportFileName(data: { market: { title: string; code: string } }, extension: string): string {
  const slug = data.market.title.normalize("NFKD").replace(/[^\w]+/g, "-").replace(/^-|-$/g, "").toLowerCase().slice(0, 40) || "market";
  return `${slug}-${data.market.code}.${extension}`;
}
