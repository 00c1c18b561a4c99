// A screen reloads its snapshot when its live connection returns. If the server goes away in the
// middle of that reload (a restart, venue Wi-Fi), Remix would show the error page and the screen
// would stay there; instead the reload waits and tries again until the server answers.
import { isNetworkError } from "./network-error";

const MAX_WAIT_MS = 5000;

export async function reloadWhenBack<T>(serverLoader: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await serverLoader();
    } catch (error) {
      if (!isNetworkError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, MAX_WAIT_MS)));
    }
  }
}
