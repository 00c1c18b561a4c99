// How a refusal travels over HTTP: { error: { code, message, params?, fields?, fieldRefusals? } }
// with a 4xx status (see RefusalBody in server/market/refusals.ts).
import { logger } from "../logger.ts";
import { MarketError, type MarketErrorKind } from "../market/errors.ts";
import { englishRefusal, type RefusalBody, type RefusalCode } from "../market/refusals.ts";

const STATUS: Record<MarketErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many: 429,
};

export interface ErrorBody {
  error: RefusalBody;
}

/** The body of a refusal the transport itself makes (a bad route, unreadable JSON). */
export const refusalBody = (code: RefusalCode): ErrorBody => ({ error: { code, message: englishRefusal(code) } });

export function httpError(error: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  if (error instanceof MarketError) {
    return {
      status: STATUS[error.kind],
      ...(error.retryAfterSeconds ? { headers: { "Retry-After": String(error.retryAfterSeconds) } } : {}),
      body: { error: error.toBody() },
    };
  }
  logger.error({ err: error }, "request failed with an unexpected error");
  return { status: 500, body: refusalBody("internal") };
}
