// One zod schema per command. The JSON API, the Remix actions and the socket handlers all parse
// with these, so a limit or a message is defined once.
import { z } from "zod";
import { MarketError } from "./errors.ts";
import { isFieldName, isRefusalCode, type FieldName, type FieldRefusal, type RefusalCode } from "./refusals.ts";
import { LIMITS } from "./field-limits.ts";
import { tagField, textField } from "./text-input.ts";
import { EXCHANGES, MARKET_LANGUAGES, PHASES, POST_KINDS, PROJECTOR_VIEWS, URGENCIES, WHERE_KINDS } from "./model.ts";

export { LIMITS };

// Every text field is cleaned and checked by the one filter in text-input.ts.
const text = (max: number) => textField(max);

const tags = z
  .array(tagField(LIMITS.tag))
  .max(LIMITS.tags)
  .transform((list) => [...new Set(list)]);

export const createMarketInput = z.strictObject({ title: text(LIMITS.title) });

export const joinInput = z.strictObject({
  name: text(LIMITS.name),
  contact: text(LIMITS.contact),
  shareContactWithHost: z.boolean().default(false),
});

// The format's descriptors; each optional. The service checks the category against the market's list.
const descriptors = {
  category: text(LIMITS.category).transform((value) => value.toLowerCase()).optional(),
  exchange: z.enum(EXCHANGES).optional(),
  urgency: z.enum(URGENCIES).optional(),
  when: text(LIMITS.when).optional(),
  where: z
    .strictObject({
      kind: z.enum(WHERE_KINDS),
      place: text(LIMITS.place).optional(),
    })
    .refine((where) => where.kind !== "place" || where.place !== undefined, { path: ["place"], params: { refusal: "place_missing" } })
    .optional(),
};

const clientId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/)
  .optional();

export const createPostInput = z.strictObject({
  kind: z.enum(POST_KINDS),
  text: textField(LIMITS.postText, { multiline: true }),
  tags: tags.default([]),
  ...descriptors,
  clientId,
});

/** A card for later (posted when its kind opens), or written to answer someone's card. */
export const draftInput = z.strictObject({
  kind: z.enum(POST_KINDS),
  text: text(LIMITS.postText),
  /** The card it answers: sent a request to connect once it is posted. */
  answers: z.string().min(1).max(64).optional(),
  clientId,
});

export const updatePostInput = z
  .strictObject({ text: textField(LIMITS.postText, { multiline: true }).optional(), tags: tags.optional(), ...descriptors })
  .refine((value) => Object.values(value).some((v) => v !== undefined), { params: { refusal: "nothing_to_change" } });

export const connectInput = z.strictObject({
  offerId: z.string().min(1).max(64),
  needId: z.string().min(1).max(64),
});

export const phaseInput = z.strictObject({
  phase: z.enum(PHASES),
  // The phase the console showed when the move was made: a move from an old view is refused.
  from: z.enum(PHASES).optional(),
});

// ---- Prepared ahead (rehearsal.ts) ----
export const rehearsalInput = z.strictObject({ on: z.boolean() });
/** A reset empties the market: the host confirms the preview they saw. */
export const resetInput = z.strictObject({ confirm: z.literal(true) });

// ---- Facilitation commands (host) ----
const id = () => z.string().min(1).max(64);

/** What a console saw when a host made a move (optional: the API's callers may leave it out). */
const movedFrom = z.string().max(200).optional();

export const agendaInput = z.discriminatedUnion(
  "action",
  [
    z.strictObject({ action: z.literal("template"), template: z.enum(["standard", "short"]) }),
    // `from`: the stage the console showed when the move was made ("" before the agenda starts).
    // Two consoles steering at once: the second "Next" is refused rather than skipping a stage.
    z.strictObject({ action: z.literal("start"), from: movedFrom }),
    z.strictObject({ action: z.literal("next"), from: movedFrom }),
    z.strictObject({ action: z.literal("goto"), stageId: id(), from: movedFrom }),
    // `to`: a position (0-based); `by`: places up (-) or down (+) from where the stage is now, so
    // "Up" pressed twice moves twice even if the second press left before the first came back.
    z
      .strictObject({
        action: z.literal("move"),
        stageId: id(),
        to: z.number().int().min(0).max(50).optional(),
        by: z.number().int().min(-50).max(50).optional(),
      })
      .refine((move) => (move.to === undefined) !== (move.by === undefined), { path: ["to"], params: { refusal: "move_to_or_by" } }),
    z.strictObject({
      action: z.literal("update"),
      stageId: id(),
      title: text(LIMITS.stageTitle).optional(),
      instructions: text(LIMITS.stageInstructions).optional(),
      minutes: z.number().int().min(1).max(240).optional(),
      skipped: z.boolean().optional(),
    }),
    z.strictObject({ action: z.literal("open-both"), open: z.boolean() }),
  ],
);

export const roundInput = z.discriminatedUnion(
  "action",
  [
    z.strictObject({
      action: z.literal("start"),
      focus: z.enum([...POST_KINDS, "both"]).default("both"),
      scope: z.enum(["room", "tables"]).default("room"),
      seconds: z.number().int().min(10).max(900).default(60),
    }),
    // `from`: the turn the console showed (roundTurn in round.ts), as for the agenda's moves.
    z.strictObject({ action: z.literal("next"), from: movedFrom }),
    z.strictObject({ action: z.literal("pick"), participantId: id() }),
    z.strictObject({ action: z.literal("pause") }),
    z.strictObject({ action: z.literal("resume") }),
    z.strictObject({ action: z.literal("add"), seconds: z.number().int().min(5).max(600).default(30) }),
    z.strictObject({ action: z.literal("skip") }),
    z.strictObject({ action: z.literal("end") }),
  ],
);

export const groupsInput = z.discriminatedUnion(
  "action",
  [
    z.strictObject({ action: z.literal("split"), size: z.number().int().min(2).max(12) }),
    z.strictObject({ action: z.literal("rotate") }),
    z.strictObject({ action: z.literal("clear") }),
  ],
);

export const categoriesInput = z.strictObject({
  categories: z
    .array(text(LIMITS.category).transform((value) => value.toLowerCase()))
    .min(1)
    .max(LIMITS.categories)
    .transform((list) => [...new Set(list)]),
});

export const hideInput = z.strictObject({ reason: text(LIMITS.reason).optional() });
export const lockInput = z.strictObject({ locked: z.boolean() });
export const projectorViewInput = z.strictObject({ view: z.enum(PROJECTOR_VIEWS) });
/** `null` shows every category again; the service checks the name against the market's list. */
export const projectorCategoryInput = z.strictObject({
  category: text(LIMITS.category)
    .transform((value) => value.toLowerCase())
    .nullable(),
});

export const languageInput = z.strictObject({ language: z.enum(MARKET_LANGUAGES) });

export const connectionResponse = z.enum(["accept", "decline"]);

export type CreateMarketInput = z.input<typeof createMarketInput>;
export type JoinInput = z.input<typeof joinInput>;
export type CreatePostInput = z.input<typeof createPostInput>;
export type UpdatePostInput = z.input<typeof updatePostInput>;
export type ConnectInput = z.input<typeof connectInput>;

/** Parses with a schema or throws a MarketError that names each bad field and the rule it broke. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  // reportInput tells a missing field (no input) from one of the wrong type.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const fields: Record<string, FieldRefusal> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.length ? issue.path.join(".") : "_";
    fields[path] ??= fieldRefusalOf(issue);
  }
  throw new MarketError("invalid", "invalid_input", {}, fields);
}

// Array items and nested parts are named after what a person would call them.
const ITEM_NAMES: Record<string, FieldName> = { tags: "tag", categories: "category" };
const PATH_NAMES: Record<string, FieldName> = { "where.kind": "where" };

/** The field's name in FIELD_NAMES, else its path as sent ("market.title"), "input" for the whole body. */
function fieldNameOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "input";
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (typeof last === "number" && typeof parent === "string" && ITEM_NAMES[parent]) return ITEM_NAMES[parent];
  const dotted = path.map(String).join(".");
  return PATH_NAMES[dotted] ?? (typeof last === "string" && isFieldName(last) ? last : dotted);
}

const TYPE_REFUSALS: Record<string, RefusalCode> = {
  string: "field_not_text",
  number: "field_not_number",
  int: "field_not_whole_number",
  boolean: "field_not_boolean",
  array: "field_not_list",
  object: "field_not_object",
};

/** One zod issue as a catalogue refusal (refusals.ts). */
function fieldRefusalOf(issue: z.core.$ZodIssue): FieldRefusal {
  const field = fieldNameOf(issue.path);
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? { code: "field_required", params: { field } } : { code: TYPE_REFUSALS[issue.expected] ?? "field_invalid", params: { field } };
    case "too_small":
      if (issue.origin === "string") return { code: "field_required", params: { field } };
      return { code: issue.origin === "array" ? "field_too_few_items" : "field_too_small", params: { field, min: Number(issue.minimum) } };
    case "too_big":
      return { code: issue.origin === "string" ? "field_too_long" : issue.origin === "array" ? "field_too_many_items" : "field_too_big", params: { field, max: Number(issue.maximum) } };
    case "invalid_value":
      return { code: "field_one_of", params: { field, choices: issue.values.map(String).join(", ") } };
    case "invalid_union":
      return "options" in issue && Array.isArray(issue.options)
        ? { code: "field_one_of", params: { field, choices: issue.options.map(String).join(", ") } }
        : { code: "field_invalid", params: { field } };
    case "invalid_format":
      return { code: issue.format === "datetime" ? "field_not_date_time" : "field_invalid", params: { field } };
    case "unrecognized_keys":
      return { code: "unknown_fields", params: { field, names: issue.keys.join(", ") } };
    case "custom": {
      const code = String(issue.params?.refusal ?? "");
      return { code: isRefusalCode(code) ? code : "field_invalid", params: { field } };
    }
    default:
      return { code: "field_invalid", params: { field } };
  }
}
