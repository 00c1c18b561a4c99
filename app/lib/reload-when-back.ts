// A screen reloads its snapshot when its live connection returns. If the server goes away in the
// middle of that reload (a restart, venue Wi-Fi), Remix would show the error page and the screen
// would stay there; instead the reload waits and tries again until the server answers.
import { isNetworkError } from "./network-error";

const MAX_WAIT_MS = 5000;
/** A load balancer's answer for an app server that is not there (restarting, or dead and replaced). */
const GATEWAY_WITHOUT_APP = new Set([502, 503, 504]);

/**
 * How long one try at a catch-up may take before it is given up and made again. A request sent
 * just as venue Wi-Fi dropped may never be answered, and the screen must not wait on it forever:
 * a screen already catching up does not start another when its connection returns. This holds
 * for every try below, a page's loaders (the console catches up by them) as well as the API's JSON.
 */
export const CATCH_UP_ATTEMPT_MS = 30_000;

/** The gateway answered for the app server, which is not back yet, or no answer came in time: waited out like no answer. */
class AppNotBack extends Error {}

/**
 * Runs `load` until it answers, waiting out a server that is not there (no answer, a gateway's
 * 502-504, or nothing within `attemptMs`). Each try is handed a signal that aborts when its time
 * is up, for a fetch that can be cancelled; one that cannot (Remix's `serverLoader`) is left to
 * finish on its own, unheard.
 */
export async function reloadWhenBack<T>(load: (signal: AbortSignal) => Promise<T>, attemptMs = CATCH_UP_ATTEMPT_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    // Not AbortSignal.timeout: Safari before 16 lacks it, and old iPhones are in every room.
    const timeUp = new AbortController();
    const timer = setTimeout(() => timeUp.abort(), attemptMs);
    try {
      return await answeredBefore(load(timeUp.signal), timeUp.signal, attemptMs);
    } catch (error) {
      if (!isNetworkError(error) && !(error instanceof AppNotBack)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, MAX_WAIT_MS)));
    } finally {
      clearTimeout(timer);
    }
  }
}

/** `answer`, unless `timeUp` aborts first: then no answer came in time. */
function answeredBefore<T>(answer: Promise<T>, timeUp: AbortSignal, attemptMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const giveUp = () => reject(new AppNotBack(`no answer within ${attemptMs} ms`));
    timeUp.addEventListener("abort", giveUp, { once: true });
    answer.then(resolve, reject).finally(() => timeUp.removeEventListener("abort", giveUp));
  });
}

/**
 * JSON a screen reads from its own server as it catches up (the room's snapshot, a phone's own
 * part), waiting out a server that is not back yet. Anything else that is not a plain answer
 * (refused, or sent elsewhere: removed from the market, the market gone) is thrown, and the page's
 * own loader then says where the person belongs.
 */
export function fetchJsonWhenBack<T>(url: string, attemptMs = CATCH_UP_ATTEMPT_MS): Promise<T> {
  return reloadWhenBack(async (signal) => {
    const response = await fetch(url, { credentials: "same-origin", headers: { accept: "application/json" }, signal });
    if (GATEWAY_WITHOUT_APP.has(response.status)) throw new AppNotBack(`${url}: HTTP ${response.status} from the gateway`);
    if (response.redirected || !response.ok) throw new Error(`${url}: HTTP ${response.status}${response.redirected ? ", sent elsewhere" : ""}`);
    return (await response.json()) as T;
  }, attemptMs);
}
