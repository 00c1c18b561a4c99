// Reading the post form: the same fields whether the phone's script sends them through the outbox
// or the form posts to the route's action without JavaScript.

/** The optional descriptors of a post form, as the post schema takes them (server and phone). */
export function descriptorsFrom(form: FormData, kind: string): Record<string, unknown> {
  const value = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const out: Record<string, unknown> = {};
  for (const name of ["category", "exchange", "when"] as const) if (value(name)) out[name] = value(name);
  if (kind === "need" && value("urgency")) out.urgency = value("urgency");
  const where = value("where");
  if (where === "here" || where === "online") out.where = { kind: where };
  else if (where === "place" && value("place")) out.where = { kind: "place", place: value("place") };
  return out;
}
