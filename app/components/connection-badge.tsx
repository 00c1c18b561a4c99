import type { ConnectionStatus } from "~/lib/use-live-market";

/** Tells people whether the screen is live; on venue Wi-Fi it often is not. */
export function LiveBadge({ status }: { status: ConnectionStatus }) {
  const text = status === "live" ? "Live" : status === "connecting" ? "Connecting…" : "Offline — reconnecting…";
  return (
    <span className={`live-badge ${status}`} role="status">
      {text}
    </span>
  );
}
