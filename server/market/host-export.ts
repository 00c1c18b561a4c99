// The whole market as the host may take it away: the data behind the CSV, vCard and JSON exports
// and the printed summary. Contacts only of those who agreed to share them with the host.
import { requireHost, type Actor } from "./actor.ts";
import type { MarketRegistry } from "./market-registry.ts";
import type { Phase } from "./model.ts";
import type { PublicConnection, PublicPost } from "./views.ts";
import type { MarketCounts } from "./visibility.ts";

export interface HostExport {
  market: { id: string; code: string; title: string; phase: Phase; createdAt: string; closedAt: string | null };
  counts: MarketCounts;
  participants: Array<{ id: string; name: string; contact: string | null; joinedAt: string }>;
  posts: PublicPost[];
  connections: PublicConnection[];
}

export class HostExports {
  constructor(private readonly registry: MarketRegistry) {}

  /** The whole market for the host's exports; contacts only of those who agreed to share them. */
  async exportFor(code: string, actor: Actor): Promise<HostExport> {
    const loaded = await this.registry.byCode(code);
    requireHost(actor);
    const { market } = loaded;
    return {
      market: { id: market.id, code: market.code, title: market.title, phase: market.phase, createdAt: market.createdAt, closedAt: market.closedAt ?? null },
      counts: loaded.counts(),
      participants: market.participants.map((p) => ({
        id: p.id,
        name: p.name,
        contact: p.shareContactWithHost ? p.contact : null,
        joinedAt: p.joinedAt,
      })),
      posts: market.posts.map((post) => loaded.publicPost(post)),
      connections: market.connections.map((c) => loaded.publicConnection(c)),
    };
  }
}
