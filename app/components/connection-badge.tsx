import type { ConnectionStatus } from "~/lib/use-live-market";
import { useT } from "~/lib/i18n";

/** Tells people whether the screen is live; on venue Wi-Fi it often is not. */
export function LiveBadge({ status }: { status: ConnectionStatus }) {
  const t = useT();
  const text = status === "live" ? t("live.live") : status === "connecting" ? t("live.connecting") : t("live.offline");
  return (
    <span className={`live-badge ${status}`} role="status">
      {text}
    </span>
  );
}
