// The JSON export of a whole market: a documented, versioned document (docs/exports.md) built from
// the host's consent-filtered view (host-export.ts), which import-market.ts reads back to restore
// the market losslessly.
import type { HostExport } from "./host-export.ts";

export const EXPORT_FORMAT = "offers-and-needs-market";
/**
 * 3: dreams' circles (everyone who gathered), follow-through marks, cards written for a dream;
 * 2: the market's settings, moderation history, hidden posts and descriptors. 1 and 2 are still read.
 */
export const EXPORT_FORMAT_VERSION = 3;

export function marketJson(data: HostExport, exportedAt: Date = new Date()): string {
  return JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_FORMAT_VERSION, exportedAt: exportedAt.toISOString(), ...data }, null, 2);
}
