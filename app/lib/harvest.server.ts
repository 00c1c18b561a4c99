// The host's printable summary, built from the consent-filtered export (server only).
import type { AppLoadContext } from "@remix-run/node";
import { stillOpenPosts } from "../../server/market/visibility.ts";

export async function harvestSummary(context: AppLoadContext, code: string) {
  const data = await context.market.exportFor(code, { role: "host" });
  return {
    market: data.market,
    counts: data.counts,
    connections: data.connections.filter((c) => c.status === "accepted"),
    pending: data.connections.filter((c) => c.status === "pending").length,
    open: stillOpenPosts(data.posts, data.connections),
  };
}
