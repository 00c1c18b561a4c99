// The "still open" read-out and the harvest figures. Pure helpers over public data, used by the
// service's API and by the screens alike.
import type { MarketSnapshot, PublicConnection, PublicPost } from "./views.ts";
import { kindShows, KINDS, perKind, pluralOf, POST_KINDS, type KindPlural, type PostKind } from "./kinds.ts";
import { countsOf, stillOpenPosts } from "./visibility.ts";

/** What is still open (visibility.ts defines it), split by kind for the read-out: `{ offers, needs }`. */
export function stillOpen(posts: PublicPost[], connections: PublicConnection[]): Record<KindPlural, PublicPost[]> {
  const open = stillOpenPosts(posts, connections);
  return perKind((kind) => open.filter((p) => p.kind === kind));
}

/** The harvest's figures: people, cards on the wall per kind (`offers`, `needs`), connections, circles. */
export type HarvestStats = Record<KindPlural, number> & {
  people: number;
  connections: number;
  /** The size of each dream's circle that formed (people, the dreamer included), largest first. */
  circles: number[];
  /** People who leave with at least one accepted connection or circle (the server counts them: circles.ts, connectedPeopleOf). Never who. */
  connectedPeople: number;
  /** connectedPeople / people, 0..1. */
  connectedShare: number;
};

/** The circles formed around the dreams on the wall, by size, largest first (never who is in them). */
export const circleSizes = (posts: ReadonlyArray<Pick<PublicPost, "circleSize">>): number[] =>
  posts.flatMap((p) => (p.circleSize ? [p.circleSize] : [])).sort((a, b) => b - a);

/** Circles show beside an optional kind (dreams) the screen shows, or once there are any. */
export const circlesShow = (shownKinds: readonly PostKind[], circles: number): boolean => shownKinds.some((kind) => KINDS[kind].optional) || circles > 0;

/**
 * What the harvest shows: the everyday kinds always, an optional kind (dreams) once the room has
 * cards of it, and the circles with it.
 */
export function harvestShows(stats: HarvestStats): { kinds: PostKind[]; circles: boolean } {
  const kinds = POST_KINDS.filter((kind) => kindShows(kind, false, stats[pluralOf(kind)]));
  return { kinds, circles: circlesShow(kinds, stats.circles.length) };
}

/**
 * A closed market's harvest, from what a screen holds. Who is in a circle is not the room's to
 * know, so the people who leave with someone come counted from the server (`connectedPeople`).
 */
export function harvestStats({ participants, posts, connections, connectedPeople = 0 }: Pick<MarketSnapshot, "participants" | "posts" | "connections" | "connectedPeople">): HarvestStats {
  const counts = countsOf({ participants, posts, connections });
  return {
    ...perKind((kind) => counts[pluralOf(kind)]),
    people: participants.length,
    connections: counts.connections,
    circles: circleSizes(posts),
    connectedPeople,
    connectedShare: participants.length ? connectedPeople / participants.length : 0,
  };
}
