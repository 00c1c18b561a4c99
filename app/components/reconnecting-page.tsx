// Shown when the page itself lost the server mid-request (a restart, venue Wi-Fi), in place of
// the error page: it says so, and reloads by itself as soon as the server answers again.
import { useEffect } from "react";
import { useT } from "~/lib/i18n";

export function ReconnectingPage() {
  const t = useT();
  useEffect(() => {
    let stopped = false;
    let wait = 500;
    const tryAgain = async () => {
      if (stopped) return;
      try {
        const response = await fetch(window.location.href, { method: "HEAD", cache: "no-store" });
        if (response.status < 500) {
          window.location.reload();
          return;
        }
      } catch {
        // still away
      }
      wait = Math.min(wait * 2, 5000);
      setTimeout(() => void tryAgain(), wait);
    };
    const timer = setTimeout(() => void tryAgain(), wait);
    const online = () => void tryAgain();
    window.addEventListener("online", online);
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener("online", online);
    };
  }, []);
  return (
    <main className="page narrow">
      <p>
        <span className="live-badge offline" role="status">
          {t("live.offline")}
        </span>
      </p>
      <h1>{t("reconnecting.title")}</h1>
      <p>{t("reconnecting.body")}</p>
    </main>
  );
}
