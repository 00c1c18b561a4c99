// Reading the post form: the same fields whether the phone's script sends them through the outbox
// or the form posts to the route's action without JavaScript.
import { isPostKind, takes, type Descriptor } from "../../server/market/kinds.ts";

/** The optional descriptors of a post form, as the post schema takes them (server and phone). */
export function descriptorsFrom(form: FormData, kind: string): Record<string, unknown> {
  const value = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const out: Record<string, unknown> = {};
  // Only the descriptors the kinds table gives this kind (urgency is for needs).
  const taken = (descriptor: Descriptor) => isPostKind(kind) && takes(kind, descriptor);
  for (const name of ["category", "exchange", "when", "urgency"] as const) if (taken(name) && value(name)) out[name] = value(name);
  const where = value("where");
  if (where === "here" || where === "online") out.where = { kind: where };
  else if (where === "place" && value("place")) out.where = { kind: "place", place: value("place") };
  return out;
}
