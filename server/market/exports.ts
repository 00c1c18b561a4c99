// The host's exports, built from the consent-filtered HostExport. CSV through csv-stringify.
import { stringify } from "csv-stringify/sync";
import type { HostExport } from "./service.ts";

/** Spreadsheets run cells that start with these as formulas; a leading ' keeps them text. */
const FORMULA_START = /^[=+\-@\t\r]/;
const neutralise = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);

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

/** One row per connection; a contact only where its owner agreed to share it with the host. */
export function connectionsCsv(data: HostExport): string {
  const contactOf = new Map(data.participants.map((p) => [p.id, p.contact ?? ""]));
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
  // The BOM makes Excel read UTF-8 (names and emoji) correctly; LibreOffice ignores it.
  return "\uFEFF" + stringify([[...CONNECTIONS_CSV_COLUMNS], ...rows.map((row) => row.map(neutralise))], { record_delimiter: "\r\n" });
}

export const EXPORT_FORMAT_VERSION = 1;

export function marketJson(data: HostExport): string {
  return JSON.stringify({ format: "offers-and-needs-market", version: EXPORT_FORMAT_VERSION, exportedAt: new Date().toISOString(), ...data }, null, 2);
}

export function exportFileName(data: HostExport, extension: string): string {
  const slug = data.market.title.normalize("NFKD").replace(/[^\w]+/g, "-").replace(/^-|-$/g, "").toLowerCase().slice(0, 40) || "market";
  return `${slug}-${data.market.code}.${extension}`;
}
