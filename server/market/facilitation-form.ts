// The host console's facilitation forms as commands: a form posts strings, the schemas in
// schemas.ts (agendaInput, roundInput, ...) take typed input. This only reshapes; the service
// parses with the schema, so a limit or a refusal is still defined once, there.
import type { FacilitationService } from "./facilitation-service.ts";
import type { Actor, MarketService } from "./service.ts";

type Host = Extract<Actor, { role: "host" }>;

export interface FacilitationFormServices {
  facilitation: FacilitationService;
  market: Pick<MarketService, "updatePost">;
}

/** Runs the command a facilitation form asks for; undefined when `intent` names none of them. */
export function runFacilitationForm(services: FacilitationFormServices, code: string, host: Host, intent: string, form: FormData): Promise<unknown> | undefined {
  const f = services.facilitation;
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const text = (name: string) => (form.has(name) ? field(name) : undefined);
  const num = (name: string) => (form.has(name) && field(name) !== "" ? Number(field(name)) : undefined);
  const bool = (name: string) => (form.has(name) ? field(name) === "true" : undefined);
  const input = (entries: Record<string, unknown>) => Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
  switch (intent) {
    case "agenda":
      return f.agenda(code, host, input({ action: text("action"), template: text("template"), stageId: text("stageId"), to: num("to"), by: num("by"), title: text("title"), instructions: text("instructions"), minutes: num("minutes"), skipped: bool("skipped"), open: bool("open"), from: text("from") }));
    case "round":
      return f.round(code, host, input({ action: text("action"), focus: text("focus"), scope: text("scope"), seconds: num("seconds"), participantId: text("participantId"), from: text("from") }));
    case "groups":
      return f.groups(code, host, input({ action: text("action"), size: num("size") }));
    case "categories":
      return f.setCategories(code, host, { categories: field("categories").split(/[,\n]+/).map((c) => c.trim()).filter(Boolean) });
    case "view":
      return f.setProjectorView(code, host, { view: text("view") });
    case "projector-category":
      // The form's "All categories" sends an empty value: every category again.
      return f.setProjectorCategory(code, host, { category: text("category") || null });
    case "language":
      return f.setLanguage(code, host, { language: text("language") });
    case "hide":
      return f.hidePost(code, host, field("postId"));
    case "unhide":
      return f.unhidePost(code, host, field("postId"));
    case "edit-post":
      return services.market.updatePost(code, host, field("postId"), { text: field("text") });
    case "remove":
      return f.removeParticipant(code, host, field("participantId"));
    case "lock":
      return f.lockJoining(code, host, { locked: bool("locked") });
    default:
      return undefined;
  }
}
