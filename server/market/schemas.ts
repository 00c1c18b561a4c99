// One zod schema per command. The JSON API, the Remix actions and the socket handlers all parse
// with these, so a limit or a message is defined once.
import { z } from "zod";
import { MarketError } from "./errors.ts";
import { EXCHANGES, MARKET_LANGUAGES, PHASES, POST_KINDS, PROJECTOR_VIEWS, URGENCIES, WHERE_KINDS } from "./model.ts";

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

// The format's descriptors; each optional. The service checks the category against the market's list.
const descriptors = {
  category: text(LIMITS.category, "Category").transform((value) => value.toLowerCase()).optional(),
  exchange: z.enum(EXCHANGES, { error: `Exchange must be one of ${EXCHANGES.join(", ")}.` }).optional(),
  urgency: z.enum(URGENCIES, { error: `Urgency must be one of ${URGENCIES.join(", ")}.` }).optional(),
  when: text(LIMITS.when, "When").optional(),
  where: z
    .strictObject({
      kind: z.enum(WHERE_KINDS, { error: `Where must be one of ${WHERE_KINDS.join(", ")}.` }),
      place: text(LIMITS.place, "Place").optional(),
    })
    .refine((where) => where.kind !== "place" || where.place !== undefined, { message: "Say which place.", path: ["place"] })
    .optional(),
};

export const createPostInput = z.strictObject({
  kind: z.enum(POST_KINDS, { error: 'Kind must be "offer" or "need".' }),
  text: text(LIMITS.postText, "Text"),
  tags: tags.default([]),
  ...descriptors,
  clientId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "clientId must be 1-64 letters, digits, _ or -.")
    .optional(),
});

export const updatePostInput = z
  .strictObject({ text: text(LIMITS.postText, "Text").optional(), tags: tags.optional(), ...descriptors })
  .refine((value) => Object.values(value).some((v) => v !== undefined), "Send text, tags or a descriptor to change.");

export const connectInput = z.strictObject({
  offerId: z.string().min(1, "offerId is required.").max(64),
  needId: z.string().min(1, "needId is required.").max(64),
});

export const phaseInput = z.strictObject({
  phase: z.enum(PHASES, { error: `Phase must be one of ${PHASES.join(", ")}.` }),
});

// ---- Facilitation commands (host) ----
const id = (what: string) => z.string({ error: `${what} is required.` }).min(1, `${what} is required.`).max(64);

export const agendaInput = z.discriminatedUnion(
  "action",
  [
    z.strictObject({ action: z.literal("template"), template: z.enum(["standard", "short"], { error: 'Template must be "standard" or "short".' }) }),
    z.strictObject({ action: z.literal("start") }),
    z.strictObject({ action: z.literal("next") }),
    z.strictObject({ action: z.literal("goto"), stageId: id("stageId") }),
    // `to`: a position (0-based); `by`: places up (-) or down (+) from where the stage is now, so
    // "Up" pressed twice moves twice even if the second press left before the first came back.
    z
      .strictObject({
        action: z.literal("move"),
        stageId: id("stageId"),
        to: z.number({ error: "to must be a number." }).int().min(0).max(50).optional(),
        by: z.number({ error: "by must be a number." }).int().min(-50).max(50).optional(),
      })
      .refine((move) => (move.to === undefined) !== (move.by === undefined), { message: "Send either to (a position) or by (places up or down).", path: ["to"] }),
    z.strictObject({
      action: z.literal("update"),
      stageId: id("stageId"),
      title: text(LIMITS.stageTitle, "Title").optional(),
      instructions: text(LIMITS.stageInstructions, "Instructions").optional(),
      minutes: z.number({ error: "Minutes must be a number." }).int().min(1, "At least 1 minute.").max(240, "At most 240 minutes.").optional(),
      skipped: z.boolean().optional(),
    }),
    z.strictObject({ action: z.literal("open-both"), open: z.boolean({ error: "open must be true or false." }) }),
  ],
  { error: "action must be one of template, start, next, goto, move, update, open-both." },
);

export const roundInput = z.discriminatedUnion(
  "action",
  [
    z.strictObject({
      action: z.literal("start"),
      focus: z.enum(["offer", "need", "both"], { error: 'focus must be "offer", "need" or "both".' }).default("both"),
      scope: z.enum(["room", "tables"], { error: 'scope must be "room" or "tables".' }).default("room"),
      seconds: z.number({ error: "seconds must be a number." }).int().min(10, "At least 10 seconds.").max(900, "At most 15 minutes.").default(60),
    }),
    z.strictObject({ action: z.literal("next") }),
    z.strictObject({ action: z.literal("pick"), participantId: id("participantId") }),
    z.strictObject({ action: z.literal("pause") }),
    z.strictObject({ action: z.literal("resume") }),
    z.strictObject({ action: z.literal("add"), seconds: z.number().int().min(5).max(600).default(30) }),
    z.strictObject({ action: z.literal("skip") }),
    z.strictObject({ action: z.literal("end") }),
  ],
  { error: "action must be one of start, next, pick, pause, resume, add, skip, end." },
);

export const groupsInput = z.discriminatedUnion(
  "action",
  [
    z.strictObject({ action: z.literal("split"), size: z.number({ error: "size must be a number." }).int().min(2, "Groups of at least 2.").max(12, "Groups of at most 12.") }),
    z.strictObject({ action: z.literal("rotate") }),
    z.strictObject({ action: z.literal("clear") }),
  ],
  { error: "action must be one of split, rotate, clear." },
);

export const categoriesInput = z.strictObject({
  categories: z
    .array(text(LIMITS.category, "Category").transform((value) => value.toLowerCase()), { error: "categories must be a list." })
    .min(1, "Keep at least one category.")
    .max(LIMITS.categories, `At most ${LIMITS.categories} categories.`)
    .transform((list) => [...new Set(list)]),
});

export const hideInput = z.strictObject({ reason: text(LIMITS.reason, "Reason").optional() });
export const lockInput = z.strictObject({ locked: z.boolean({ error: "locked must be true or false." }) });
export const projectorViewInput = z.strictObject({ view: z.enum(PROJECTOR_VIEWS, { error: `view must be one of ${PROJECTOR_VIEWS.join(", ")}.` }) });
/** `null` shows every category again; the service checks the name against the market's list. */
export const projectorCategoryInput = z.strictObject({
  category: text(LIMITS.category, "Category")
    .transform((value) => value.toLowerCase())
    .nullable(),
});

export const languageInput = z.strictObject({ language: z.enum(MARKET_LANGUAGES, { error: `language must be one of ${MARKET_LANGUAGES.join(", ")}.` }) });

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
