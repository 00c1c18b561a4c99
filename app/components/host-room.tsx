// The room's set-up on the console: tables (split, rotate), what the projector shows, categories.
import { PROJECTOR_VIEWS, type ProjectorView } from "../../server/market/model.ts";
import { firstName, type MarketSnapshot } from "../../server/market/views.ts";
import { useDataText, useT } from "~/lib/i18n";
import { Act, FormWithError } from "./host-act";

export function GroupsPanel({ market }: { market: MarketSnapshot }) {
  const { tables, groupSize, rotation } = market.facilitation;
  const names = new Map(market.participants.map((p) => [p.id, firstName(p.name)]));
  const t = useT();
  return (
    <section className="card" aria-labelledby="groups-heading">
      <h2 id="groups-heading">{t("groups.heading")}</h2>
      <FormWithError intent="groups">
        <input type="hidden" name="action" value="split" />
        <label>
          {t("groups.size")} <input name="size" type="number" min={2} max={12} defaultValue={groupSize ?? 4} />
        </label>
        <button className="button small" type="submit">
          {tables.length ? t("groups.splitAgain") : t("groups.split")}
        </button>
      </FormWithError>
      {tables.length > 0 && (
        <>
          <div className="button-row">
            <Act intent="groups" fields={{ action: "rotate" }} className="button">
              {t("groups.rotate")}
            </Act>
            <Act intent="groups" fields={{ action: "clear" }}>{t("groups.end")}</Act>
          </div>
          <p className="hint">
            {t("groups.count", { count: tables.length, rotation })}
          </p>
          <ul className="plain-list" data-testid="host-tables">
            {tables.slice(0, 20).map((table) => (
              <li key={table.name}>
                <strong>{table.name}</strong>: {table.participantIds.map((id) => names.get(id) ?? "?").join(", ")}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Each view's name on its button (app/locales); the compiler asks for one when a view is added. */
const PROJECTOR_VIEW_LABELS: Record<ProjectorView, string> = {
  wall: "groups.viewWall",
  tables: "groups.viewTables",
  "still-open": "groups.viewStillOpen",
  overview: "groups.viewOverview",
};

/** What the projector's main area shows when no round runs, and which category. */
export function ProjectorPanel({ market }: { market: MarketSnapshot }) {
  const { tables, projectorView, projectorCategory, categories } = market.facilitation;
  const { value } = useDataText();
  const t = useT();
  return (
    <section className="card" aria-labelledby="projector-heading">
      <h2 id="projector-heading">{t("groups.projectorShows")}</h2>
      <div className="button-row" role="group" aria-labelledby="projector-heading">
        {PROJECTOR_VIEWS.map((view) => (
          <Act key={view} intent="view" fields={{ view }} className={projectorView === view ? "button small" : "button small secondary"} pressed={projectorView === view} disabled={view === "tables" && tables.length === 0}>
            {t(PROJECTOR_VIEW_LABELS[view])}
          </Act>
        ))}
      </div>
      <h3 id="projector-category-heading">{t("groups.showOnly")}</h3>
      {/* Toggle buttons (aria-pressed) rather than a select: one press, and the current choice is visible at a glance. */}
      <div className="button-row" role="group" aria-labelledby="projector-category-heading" data-testid="projector-category">
        {[null, ...categories].map((category) => (
          <Act key={category ?? ""} intent="projector-category" fields={{ category: category ?? "" }} className={projectorCategory === category ? "button small" : "button small secondary"} pressed={projectorCategory === category}>
            {category === null ? t("groups.allCategories") : value(category)}
          </Act>
        ))}
      </div>
      <p className="hint">{t("groups.showOnlyHint")}</p>
    </section>
  );
}

/** The market's categories (the host console shows it folded, under its own heading). */
export function CategoriesPanel({ market }: { market: MarketSnapshot }) {
  const t = useT();
  return (
    <>
      <FormWithError intent="categories" className="stack">
        <label htmlFor="categories">{t("categories.label")}</label>
        <textarea id="categories" name="categories" rows={3} defaultValue={market.facilitation.categories.join(", ")} />
        <button className="button small" type="submit">
          {t("categories.save")}
        </button>
      </FormWithError>
    </>
  );
}

