// One zod schema per command. The JSON API, the Remix actions and the socket handlers all parse
// with these, so a limit or a message is defined once.
import { z } from "zod";
import { MarketError } from "./errors.ts";
import { PHASES, POST_KINDS } from "./model.ts";

export const LIMITS = {
  title: 100,
  name: 60,
  contact: 120,
  postText: 280,
  tags: 5,
  tag: 24,
} as const;

// Control characters (other than tab/newline) make text unreadable on the wall and in exports.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g;

const text = (max: number, what: string) =>
  z
    .string({ error: `${what} must be text.` })
    .normalize("NFC")
    .overwrite((value) => value.replace(CONTROL_CHARS, ""))
    .trim()
    .min(1, `${what} is required.`)
    .max(max, `${what} can be at most ${max} characters.`);

const tags = z
  .array(
    z
      .string({ error: "Each tag must be text." })
      .overwrite((value) => value.replace(CONTROL_CHARS, "").replace(/^#/, "").trim().toLowerCase())
      .min(1, "A tag cannot be empty.")
      .max(LIMITS.tag, `A tag can be at most ${LIMITS.tag} characters.`),
    { error: "Tags must be a list of words." },
  )
  .max(LIMITS.tags, `At most ${LIMITS.tags} tags.`)
  .transform((list) => [...new Set(list)]);

/** Tags as people type them in one box: "garden, tools #diy". */
export function splitTags(input: string): string[] {
  return input
    .split(/[,;#\s]+/)
    .map((tag) => tag.trim())
    .filter(Boolean);
}

export const createMarketInput = z.strictObject({ title: text(LIMITS.title, "Title") });

export const joinInput = z.strictObject({
  name: text(LIMITS.name, "Name"),
  contact: text(LIMITS.contact, "Contact"),
  shareContactWithHost: z.boolean({ error: "shareContactWithHost must be true or false." }).default(false),
});

export const createPostInput = z.strictObject({
  kind: z.enum(POST_KINDS, { error: 'Kind must be "offer" or "need".' }),
  text: text(LIMITS.postText, "Text"),
  tags: tags.default([]),
  clientId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "clientId must be 1-64 letters, digits, _ or -.")
    .optional(),
});

export const updatePostInput = z
  .strictObject({ text: text(LIMITS.postText, "Text").optional(), tags: tags.optional() })
  .refine((value) => value.text !== undefined || value.tags !== undefined, "Send text or tags to change.");

export const connectInput = z.strictObject({
  offerId: z.string().min(1, "offerId is required.").max(64),
  needId: z.string().min(1, "needId is required.").max(64),
});

export const phaseInput = z.strictObject({
  phase: z.enum(PHASES, { error: `Phase must be one of ${PHASES.join(", ")}.` }),
});

export const connectionResponse = z.enum(["accept", "decline"]);

export type CreateMarketInput = z.input<typeof createMarketInput>;
export type JoinInput = z.input<typeof joinInput>;
export type CreatePostInput = z.input<typeof createPostInput>;
export type UpdatePostInput = z.input<typeof updatePostInput>;
export type ConnectInput = z.input<typeof connectInput>;

/** Parses with a schema or throws a MarketError that names each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    const message =
      issue.code === "unrecognized_keys" ? `Unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}.` : issue.message;
    fields[key] ??= message;
  }
  throw new MarketError("invalid", "invalid_input", Object.values(fields).join(" "), fields);
}
