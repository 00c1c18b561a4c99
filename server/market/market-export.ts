// What a market's host may take out of it (docs/exports.md): the one consent-filtered view every
// download is built from (CSV, XLSX, vCard, the summary), and the versioned JSON document that
// import-market.ts reads back. It carries everything a market holds that may leave it: the
// participants (a contact only where its owner shared it with the host), every post with its
// descriptors, hidden mark and star, the connections, the moderation history and the market's
// settings (categories, agenda, groups, language, projector, joining). Secrets never leave: no
// host key or token hash, no client ids. A running round's clock does not travel either.
import type { Agenda } from "./agenda.ts";
import type { Groups } from "./groups.ts";
import type { LoadedMarket } from "./loaded-market.ts";
import type { MarketLanguage, ModerationEntry, Phase, ProjectorView } from "./model.ts";
import { countsOf, type MarketCounts, type PublicConnection, type PublicPost } from "./views.ts";

export const EXPORT_FORMAT = "offers-and-needs-market";
/** 2: the market's settings, moderation history, hidden posts and descriptors; 1 is still read. */
export const EXPORT_FORMAT_VERSION = 2;

/** The market's own settings as they travel; each is absent when the market never set it. */
export interface MarketSettings {
  categories?: string[];
  agenda?: Agenda;
  postingOverride?: "both";
  groups?: Groups;
  joiningLocked?: boolean;
  capacity?: number;
  projectorView?: ProjectorView;
  projectorCategory?: string;
  language?: MarketLanguage;
}

export interface HostExport {
  market: { id: string; code: string; title: string; phase: Phase; createdAt: string; closedAt: string | null } & MarketSettings;
  counts: MarketCounts;
  participants: Array<{ id: string; name: string; contact: string | null; joinedAt: string; removedAt?: string }>;
  posts: PublicPost[];
  connections: PublicConnection[];
  history: ModerationEntry[];
}

const SETTINGS = ["categories", "agenda", "postingOverride", "groups", "joiningLocked", "capacity", "projectorView", "projectorCategory", "language"] as const satisfies ReadonlyArray<keyof MarketSettings>;

/** The whole market as its host may take it; contacts only of those who agreed to share them. */
export function hostExportOf(loaded: LoadedMarket): HostExport {
  const { market } = loaded;
  const settings: MarketSettings = {};
  for (const key of SETTINGS) if (market[key] !== undefined) Object.assign(settings, { [key]: structuredClone(market[key]) });
  return {
    market: { id: market.id, code: market.code, title: market.title, phase: market.phase, createdAt: market.createdAt, closedAt: market.closedAt ?? null, ...settings },
    counts: countsOf(market),
    participants: market.participants.map((p) => ({
      id: p.id,
      name: p.name,
      contact: p.shareContactWithHost ? p.contact : null,
      joinedAt: p.joinedAt,
      ...(p.removedAt ? { removedAt: p.removedAt } : {}),
    })),
    posts: market.posts.map((post) => loaded.publicPost(post)),
    connections: market.connections.map((c) => loaded.publicConnection(c)),
    history: structuredClone(market.history ?? []),
  };
}

export function marketJson(data: HostExport, exportedAt: Date = new Date()): string {
  return JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_FORMAT_VERSION, exportedAt: exportedAt.toISOString(), ...data }, null, 2);
}
