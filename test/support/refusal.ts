// What the market service refused with: the MarketError a command threw (anything else is rethrown).
import { MarketError } from "../../server/market/errors.ts";

export async function refusal(promise: Promise<unknown>): Promise<MarketError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MarketError) return error;
    throw error;
  }
  throw new Error("expected the service to refuse");
}
