// The whole market as the host may take it away: the data behind the CSV, XLSX, vCard and JSON
// exports and the printed summary. It carries everything a market holds that may leave it: the
// participants (a contact only where its owner shared it with the host), every post with its
// descriptors, hidden mark and star, the connections, the dreams' circles (everyone who gathered,
// accepted or not) with what each person said happened after (follow-through), the moderation
// history and the market's settings (categories, agenda, groups, language, projector, joining,
// capacity, dreams opened). Secrets never
// leave: no host key or token hash, no client ids. A running round's clock does not travel either.
import { requireHost, type Actor } from "./actor.ts";
import type { Agenda } from "./agenda.ts";
import type { Groups } from "./groups.ts";
import type { LoadedMarket } from "./loaded-market.ts";
import type { MarketRegistry } from "./market-registry.ts";
import type { Circle, FollowThrough, MarketLanguage, ModerationEntry, Phase, ProjectorView } from "./model.ts";
import type { PublicConnection, PublicPost } from "./views.ts";
import type { MarketCounts } from "./visibility.ts";

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
  dreamsOpen?: boolean;
}

export interface HostExport {
  market: { id: string; code: string; title: string; phase: Phase; createdAt: string; closedAt: string | null } & MarketSettings;
  counts: MarketCounts;
  participants: Array<{ id: string; name: string; contact: string | null; joinedAt: string; removedAt?: string }>;
  posts: PublicPost[];
  connections: PublicConnection[];
  /** Dreams' circles as stored; the downloads read their members through exports.ts `circleLines`. */
  circles: Circle[];
  /** Each person's word on a connection or circle: the report shows only the room's share. */
  followThrough: FollowThrough[];
  history: ModerationEntry[];
}

const SETTINGS = ["categories", "agenda", "postingOverride", "groups", "joiningLocked", "capacity", "projectorView", "projectorCategory", "language", "dreamsOpen"] as const satisfies ReadonlyArray<keyof MarketSettings>;

export class HostExports {
  constructor(private readonly registry: MarketRegistry) {}

  /** The whole market for the host's exports; contacts only of those who agreed to share them. */
  async exportFor(code: string, actor: Actor): Promise<HostExport> {
    const loaded = await this.registry.byCode(code);
    requireHost(actor);
    return hostExportOf(loaded);
  }
}

export function hostExportOf(loaded: LoadedMarket): HostExport {
  const { market } = loaded;
  const settings: MarketSettings = {};
  for (const key of SETTINGS) if (market[key] !== undefined) Object.assign(settings, { [key]: structuredClone(market[key]) });
  return {
    market: { id: market.id, code: market.code, title: market.title, phase: market.phase, createdAt: market.createdAt, closedAt: market.closedAt ?? null, ...settings },
    counts: loaded.counts(),
    participants: market.participants.map((p) => ({
      id: p.id,
      name: p.name,
      contact: p.shareContactWithHost ? p.contact : null,
      joinedAt: p.joinedAt,
      ...(p.removedAt ? { removedAt: p.removedAt } : {}),
    })),
    posts: market.posts.map((post) => loaded.publicPost(post)),
    connections: market.connections.map((c) => loaded.publicConnection(c)),
    circles: structuredClone(market.circles ?? []),
    followThrough: structuredClone(market.followThrough ?? []),
    history: structuredClone(market.history ?? []),
  };
}
