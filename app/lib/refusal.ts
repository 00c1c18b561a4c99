// A refusal from the server (or the page's own check) in the page's language: translated by its
// code and values (app/locales "refusals", English from server/market/refusals.ts), falling back
// to the server's English text for a code this page does not know.
import type { i18n, TFunction } from "i18next";
import { useCallback } from "react";
import type { FieldName, RefusalBody, RefusalParams } from "../../server/market/refusals.ts";
import { usePageI18n, useT } from "./i18n";

export type { RefusalBody };

export interface ShownRefusal {
  /** The whole refusal, one sentence per field for invalid input. */
  message: string;
  /** Per field (its path, e.g. "name"), what to show beside it. */
  fields: Record<string, string>;
}

export const isRefusalBody = (value: unknown): value is RefusalBody =>
  typeof value === "object" && value !== null && typeof (value as RefusalBody).code === "string" && typeof (value as RefusalBody).message === "string";

/**
 * Whether an answer asks to be asked again, and after how long (ms): busy, rate limited, or a node
 * going away (429 or 5xx, with the seconds in Retry-After). Undefined when the answer is final.
 */
export function resendAfterMs(status: number, retryAfter: string | null): number | undefined {
  if (status !== 429 && status < 500) return undefined;
  return (Number(retryAfter) || 5) * 1000;
}

/** The refusal in an action's result, if it was refused. */
export function refusalOf(result: { ok: boolean; error?: RefusalBody } | undefined): RefusalBody | undefined {
  return result && !result.ok ? result.error : undefined;
}

/** A refusal the page makes itself (before sending), in the same shape as the server's. */
export function fieldRequired(field: FieldName): RefusalBody {
  return { code: "invalid_input", message: "", fieldRefusals: { [field]: { code: "field_required", params: { field } } } };
}

function translate(i18n: i18n, t: TFunction, code: string, params: RefusalParams | undefined, fallback: string): string {
  if (!i18n.exists(`refusals.${code}`)) return fallback;
  const values: Record<string, unknown> = { ...params };
  if (typeof params?.field === "string") values.field = t(`refusalFields.${params.field}`, { defaultValue: params.field });
  return t(`refusals.${code}`, values);
}

/** Shows refusals in the page's language. */
export function useRefusal(): (refusal: RefusalBody | undefined) => ShownRefusal | undefined {
  const i18n = usePageI18n();
  const t = useT();
  return useCallback(
    (refusal) => {
      if (!refusal) return undefined;
      const fields: Record<string, string> = {};
      for (const [path, field] of Object.entries(refusal.fieldRefusals ?? {})) {
        fields[path] = translate(i18n, t, field.code, field.params, refusal.fields?.[path] ?? refusal.message);
      }
      const fromFields = Object.values(fields).join(" ");
      return { message: fromFields || translate(i18n, t, refusal.code, refusal.params, refusal.message), fields };
    },
    [t, i18n],
  );
}
