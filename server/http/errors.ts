// How a refusal travels over HTTP: { error: { code, message, fields? } } with a 4xx status.
import { MarketError, type MarketErrorKind } from "../market/errors.ts";

const STATUS: Record<MarketErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many: 429,
};

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export function httpError(error: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  if (error instanceof MarketError) {
    return {
      status: STATUS[error.kind],
      ...(error.retryAfterSeconds ? { headers: { "Retry-After": String(error.retryAfterSeconds) } } : {}),
      body: { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } },
    };
  }
  console.error(error);
  return { status: 500, body: { error: { code: "internal", message: "Something went wrong on the server. Please try again." } } };
}
