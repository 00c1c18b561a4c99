// Tags as a person types them into the phone's one tag box: "garden, tools #diy". Its own module
// (no zod) because the phone's bundle needs it. A CSV cell splits differently: see cards-csv.ts.

/** Splits what was typed in the tag box on commas, semicolons, # and spaces. */
export function splitTypedTags(input: string): string[] {
  return input
    .split(/[,;#\s]+/)
    .map((tag) => tag.trim())
    .filter(Boolean);
}
