// How long each text field may be. The schemas (schemas.ts) enforce these; forms read the same
// numbers for their maxLength, so a page never offers more than its action accepts. Kept apart
// from schemas.ts so a browser bundle gets the numbers without zod.
export const LIMITS = {
  title: 100,
  name: 60,
  contact: 120,
  postText: 280,
  tags: 5,
  tag: 24,
  category: 32,
  categories: 16,
  when: 80,
  place: 80,
  stageTitle: 60,
  stageInstructions: 200,
  reason: 200,
} as const;
