// The host's printable summary, built from the consent-filtered export (server only).
import type { AppLoadContext } from "@remix-run/node";
import { followThroughShare } from "../../server/market/circles.ts";
import { circleLines } from "../../server/market/exports.ts";
import { stillOpenPosts } from "../../server/market/visibility.ts";

export async function harvestSummary(context: AppLoadContext, code: string) {
  const data = await context.market.exportFor(code, { role: "host" });
  return {
    market: data.market,
    counts: data.counts,
    connections: data.connections.filter((c) => c.status === "accepted"),
    pending: data.connections.filter((c) => c.status === "pending").length,
    open: stillOpenPosts(data.posts, data.connections),
    // Contacts stay out of the printout.
    circles: circleLines(data).map((c) => ({ ...c, members: c.members.map(({ contact: _contact, ...member }) => member) })),
    // The room's share, never a person's word.
    followThrough: followThroughShare(data),
  };
}
