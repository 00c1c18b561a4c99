// A market export of any size, for the import tests and the benchmark: `people` participants with
// `posts` posts between them (offers and needs alternating, descriptors on some).
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION } from "../../server/market/market-export.ts";

const WORDS = ["bike", "repair", "garden", "tools", "lift", "cooking", "spanish", "lessons", "ladder", "drill", "sewing", "childcare", "tax", "help", "moving", "van"];

export function bigExport(people: number, posts: number, title = "Big market"): Record<string, unknown> {
  const at = "2026-05-01T18:00:00.000Z";
  const participants = Array.from({ length: people }, (_, i) => ({ id: `p${i}`, name: `Person ${i}`, contact: i % 2 ? `person${i}@example.org` : null, joinedAt: at }));
  const word = (n: number) => WORDS[n % WORDS.length]!;
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_FORMAT_VERSION,
    exportedAt: at,
    market: { title, phase: "connecting", createdAt: at, closedAt: null },
    participants,
    posts: Array.from({ length: posts }, (_, i) => ({
      id: `post${i}`,
      kind: i % 2 ? "offer" : "need",
      text: `${word(i)} ${word(i * 7 + 3)} and ${word(i * 13 + 5)}: a card written at the market, number ${i}, with a few more words`,
      tags: [word(i), word(i + 1)],
      participantId: `p${i % Math.max(people, 1)}`,
      authorName: `Person ${i % Math.max(people, 1)}`,
      createdAt: at,
      ...(i % 3 === 0 ? { category: "skills", exchange: "gift", when: "weekends", where: { kind: "here" } } : {}),
    })),
    connections: [],
  };
}
