import { useRefusal, type RefusalBody } from "~/lib/refusal";

/**
 * A refusal shown beside the form that caused it, in the page's language, announced to screen
 * readers at once. `refusal` is the server's (or the page's own check); `message` a note of the page's.
 */
export function FormError({ refusal, message, id }: { refusal?: RefusalBody; message?: string; id?: string }) {
  const shown = useRefusal()(refusal)?.message ?? message;
  if (!shown) return null;
  return (
    <p id={id} className="error" role="alert">
      {shown}
    </p>
  );
}
