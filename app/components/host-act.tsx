// The console's small forms: one button that posts one intent (Act), and a form that shows its
// refusal beside it (FormWithError). Every facilitation control is built from these.
import { useFetcher } from "@remix-run/react";
import type { ReactNode } from "react";
import type { ActionResult } from "~/lib/route-helpers.server";
import { FormError } from "~/components/form-error";
import { refusalOf, useRefusal } from "~/lib/refusal";

export function Act({ intent, fields, children, className = "button small secondary", label, disabled, pressed }: { intent: string; fields: Record<string, string | number | boolean>; children: ReactNode; className?: string; label?: string; disabled?: boolean; pressed?: boolean }) {
  const fetcher = useFetcher<ActionResult>();
  const failure = useRefusal()(refusalOf(fetcher.data))?.message;
  // Busy only while the action runs (a double click must not skip two stages); a press while the
  // page reloads after it is a new press.
  const unavailable = disabled || fetcher.state === "submitting";
  // aria-disabled, not disabled: a disabled button drops the keyboard focus to the page, so a
  // facilitator pressing "Up" three times would lose their place after the first.
  return (
    <fetcher.Form method="post" className="act" onSubmit={(event) => unavailable && event.preventDefault()}>
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={String(value)} />
      ))}
      <button type="submit" className={className} aria-label={label} aria-pressed={pressed} aria-disabled={unavailable || undefined}>
        {children}
      </button>
      {failure && (
        <span className="error" role="alert">
          {failure}
        </span>
      )}
    </fetcher.Form>
  );
}

export function FormWithError({ intent, children, className = "inline-form" }: { intent: string; children: ReactNode; className?: string }) {
  const fetcher = useFetcher<ActionResult>();
  return (
    <fetcher.Form method="post" className={className}>
      <input type="hidden" name="intent" value={intent} />
      {children}
      <FormError refusal={refusalOf(fetcher.data)} />
    </fetcher.Form>
  );
}

