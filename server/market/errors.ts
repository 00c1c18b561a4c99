// Every refusal of the market service is a MarketError with a stable code; the transports map
// the kind to their own status (HTTP 4xx, a socket ack, a message on the page).

export type MarketErrorKind = "invalid" | "unauthenticated" | "forbidden" | "not_found" | "conflict" | "too_many";

export class MarketError extends Error {
  constructor(
    readonly kind: MarketErrorKind,
    readonly code: string,
    message: string,
    /** Per-field messages for forms, e.g. { text: "Write at most 280 characters." }. */
    readonly fields?: Record<string, string>,
    /** For too_many: when trying again makes sense (HTTP sends it as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "MarketError";
  }
}

export const notFound = (what: string) => new MarketError("not_found", `${what}_not_found`, `No such ${what.replace(/_/g, " ")}.`);
export const forbidden = (message: string) => new MarketError("forbidden", "forbidden", message);
export const unauthenticated = (message = "Join the market first.") =>
  new MarketError("unauthenticated", "unauthenticated", message);
export const conflict = (code: string, message: string) => new MarketError("conflict", code, message);
