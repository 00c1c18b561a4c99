// Every refusal of the market service is a MarketError with a stable code from the catalogue
// (refusals.ts) and the values its text needs; the transports map the kind to their own status
// (HTTP 4xx, a socket ack, a message on the page) and send code, values and English text.
import { englishRefusal, type FieldRefusal, type RefusalBody, type RefusalCode, type RefusalParams } from "./refusals.ts";

export type MarketErrorKind = "invalid" | "unauthenticated" | "forbidden" | "not_found" | "conflict" | "too_many";

export class MarketError extends Error {
  /** Per field, the English text, e.g. { text: "Text can be at most 280 characters." }. */
  readonly fields?: Record<string, string>;

  constructor(
    readonly kind: MarketErrorKind,
    readonly code: RefusalCode,
    readonly params: RefusalParams = {},
    /** For invalid input: per field (its path, "where.place"), the rule it broke. */
    readonly fieldRefusals?: Record<string, FieldRefusal>,
    /** For too_many: when trying again makes sense (HTTP sends it as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    const fields = fieldRefusals && Object.fromEntries(Object.entries(fieldRefusals).map(([path, f]) => [path, englishRefusal(f.code, f.params)]));
    super(fields ? Object.values(fields).join(" ") : englishRefusal(code, params));
    this.name = "MarketError";
    if (fields) this.fields = fields;
  }

  /** What travels to the client: the code, the English text and what translates it. */
  toBody(): RefusalBody {
    return {
      code: this.code,
      message: this.message,
      ...(Object.keys(this.params).length ? { params: this.params } : {}),
      ...(this.fields ? { fields: this.fields, fieldRefusals: this.fieldRefusals } : {}),
    };
  }
}

export const refuse = (kind: MarketErrorKind, code: RefusalCode, params?: RefusalParams) => new MarketError(kind, code, params);
export const notFound = (what: "market" | "post" | "participant" | "connection" | "stage") => refuse("not_found", `${what}_not_found`);
export const forbidden = (code: RefusalCode) => refuse("forbidden", code);
export const unauthenticated = (code: RefusalCode = "unauthenticated") => refuse("unauthenticated", code);
export const conflict = (code: RefusalCode, params?: RefusalParams) => refuse("conflict", code, params);
export const invalid = (code: RefusalCode, params?: RefusalParams) => refuse("invalid", code, params);
/** One field refused (outside a schema, e.g. a category the market does not have). */
export const invalidField = (path: string, refusal: FieldRefusal) => new MarketError("invalid", "invalid_input", {}, { [path]: refusal });
