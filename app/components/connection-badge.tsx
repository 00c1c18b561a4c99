import type { ConnectionStatus } from "~/lib/use-live-market";
import { useT } from "~/lib/i18n";

const TEXT_KEY: Record<ConnectionStatus, string> = {
  live: "live.live",
  connecting: "live.connecting",
  "catching-up": "live.catchingUp",
  offline: "live.offline",
};

/** Tells people whether the screen is live, and if not what it is doing about it; on venue Wi-Fi it often is not. */
export function LiveBadge({ status }: { status: ConnectionStatus }) {
  const t = useT();
  return (
    <span className={`live-badge ${status}`} role="status">
      {t(TEXT_KEY[status])}
    </span>
  );
}
