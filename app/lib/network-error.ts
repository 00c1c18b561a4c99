/**
 * True for the error fetch() gives when a request got no answer at all (server gone, Wi-Fi down):
 * "Failed to fetch" (Chromium), "NetworkError when attempting to fetch resource." (Firefox),
 * "Load failed" (Safari). Other TypeErrors are bugs and must not be retried.
 */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError && /failed to fetch|networkerror|load failed/i.test(error.message);
}
