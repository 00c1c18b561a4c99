// The room at a glance, for the projector's overview mode in a big room: how many offers and needs
// each category holds and the tags people use most. Pure: counts over public posts, never a person.
import { perKind, pluralOf, type KindPlural } from "./kinds.ts";
import type { PublicPost } from "./views.ts";

export interface CategoryCount {
  /** A category of the market, or null for cards without one. */
  category: string | null;
  /** Cards of each kind in the category (`offers`, `needs`). */
  counts: Record<KindPlural, number>;
}

export interface TagCount {
  tag: string;
  count: number;
}

export interface RoomOverview {
  /** Cards of each kind in the room. */
  counts: Record<KindPlural, number>;
  /** The market's categories in their order, then cards without a category; empty ones left out. */
  categories: CategoryCount[];
  /** The most used tags, most used first (ties in alphabetical order). */
  tags: TagCount[];
}

export function roomOverview(posts: PublicPost[], categories: string[], topTags = 12): RoomOverview {
  const byCategory = new Map<string | null, CategoryCount>();
  const tagCounts = new Map<string, number>();
  const counts = perKind(() => 0);
  for (const post of posts) {
    if (post.hidden) continue;
    const key = post.category && categories.includes(post.category) ? post.category : null;
    const row = byCategory.get(key) ?? { category: key, counts: perKind(() => 0) };
    row.counts[pluralOf(post.kind)]++;
    counts[pluralOf(post.kind)]++;
    byCategory.set(key, row);
    // A tag counts once per card, whatever its case.
    for (const tag of new Set(post.tags.map((t) => t.toLowerCase()))) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
  }
  const ordered = [...categories, null].flatMap((category) => byCategory.get(category) ?? []);
  const tags = [...tagCounts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag))
    .slice(0, topTags);
  return { counts, categories: ordered, tags };
}
