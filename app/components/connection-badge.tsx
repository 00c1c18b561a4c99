import type { ConnectionStatus } from "~/lib/use-live-market";
import { useT } from "~/lib/i18n";

const TEXT_KEY: Record<ConnectionStatus, string> = {
  live: "live.live",
  connecting: "live.connecting",
  "catching-up": "live.catchingUp",
  offline: "live.offline",
};

/**
 * Tells people whether the screen is live; on venue Wi-Fi it often is not. `waiting`: how many of
 * the phone's posts and actions are still waiting to be sent.
 */
export function LiveBadge({ status, waiting = 0 }: { status: ConnectionStatus; waiting?: number }) {
  const t = useT();
  return (
    <span className={`live-badge ${status}`} role="status" data-testid="live-badge">
      {t(TEXT_KEY[status])}
      {waiting > 0 && <span className="live-badge-waiting"> · {t("live.waiting", { count: waiting })}</span>}
    </span>
  );
}
