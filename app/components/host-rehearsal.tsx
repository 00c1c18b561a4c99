// Prepared ahead, on the console (server/market/rehearsal.ts): start a rehearsal on an empty market,
// then reset it to empty. The reset asks first, with the server's preview of what goes.
import { useFetcher } from "@remix-run/react";
import { FormError } from "~/components/form-error";
import { useT } from "~/lib/i18n";
import { refusalOf } from "~/lib/refusal";
import type { ActionResult } from "~/lib/route-helpers.server";
import type { ResetPreview } from "../../server/market/rehearsal.ts";
import type { MarketSnapshot } from "../../server/market/views.ts";
import { Act } from "./host-act";

/** What the console's "reset-preview" intent answers. */
export type ResetPreviewResult = ActionResult & { preview?: ResetPreview };

/** The banner at the top of the console while a rehearsal runs. */
export function RehearsalBanner({ market }: { market: MarketSnapshot }) {
  const t = useT();
  if (!market.facilitation.rehearsal) return null;
  return (
    <p className="notice rehearsal-banner" role="status" data-testid="rehearsal-banner">
      {t("prepare.on")}
    </p>
  );
}

export function PreparePanel({ market, posterPath }: { market: MarketSnapshot; posterPath: string }) {
  const t = useT();
  const rehearsing = market.facilitation.rehearsal;
  return (
    <div className="stack" data-testid="prepare-panel">
      <p className="hint">{t("prepare.lead")}</p>
      <p>
        <a href={posterPath} target="_blank" rel="noreferrer">
          {t("host.poster")}
        </a>
      </p>
      {rehearsing ? (
        <>
          <ResetToEmpty />
          <Act intent="rehearsal" fields={{ on: false }}>
            {t("prepare.stop")}
          </Act>
        </>
      ) : (
        <>
          {/* The server decides whether the market is empty enough (rehearsal.ts) and says why not. */}
          <Act intent="rehearsal" fields={{ on: true }} className="button">
            {t("prepare.start")}
          </Act>
          <p className="hint">{t("prepare.startHint")}</p>
        </>
      )}
    </div>
  );
}

/**
 * "Reset to empty…": the first press asks the server what would go; the second resets. Once the
 * reset is done the rehearsal is over and this goes; the console says so (host.$marketId.tsx).
 */
function ResetToEmpty() {
  const t = useT();
  const asking = useFetcher<ResetPreviewResult>();
  const preview = asking.data?.ok ? asking.data.preview : undefined;
  return (
    <div className="stack">
      <asking.Form method="post">
        <input type="hidden" name="intent" value="reset-preview" />
        <button type="submit" className="button danger" disabled={asking.state !== "idle"}>
          {t("prepare.resetOpen")}
        </button>
      </asking.Form>
      <FormError refusal={refusalOf(asking.data)} />
      {preview && (
        <div className="confirm-box" role="group" aria-label={t("prepare.resetConfirmLabel")}>
          <p data-testid="reset-preview">{t("prepare.preview", { count: preview.people, cards: preview.cards, connections: preview.connections })}</p>
          <Act intent="reset" fields={{ confirm: true }} className="button danger">
            {t("prepare.resetYes")}
          </Act>
        </div>
      )}
    </div>
  );
}
