// What Remix loaders and actions receive: the services, created once by the server.
import type { Config } from "./config.ts";
import { httpError } from "./http/errors.ts";
import { publicOrigin } from "./http/public-url.ts";
import * as sessions from "./http/sessions.ts";
import type { FacilitationService } from "./market/facilitation-service.ts";
import type { MarketService } from "./market/service.ts";

// A type alias (not an interface) so it fits AppLoadContext's index signature.
export type ServerContext = {
  market: MarketService;
  /** The facilitator's commands: agenda, rounds, groups, moderation. */
  facilitation: FacilitationService;
  sessions: typeof sessions;
  /** The origin phones should use for join links (PUBLIC_URL, or this request's, LAN-aware). */
  publicOrigin(request: Request): string;
  /** A refusal as status and message (routes must not import the service's error classes). */
  httpError: typeof httpError;
  /** The request's network address (for the per-address limits); set per request by the server. */
  clientAddress?: string;
  /** This response's CSP nonce for inline scripts (server/http/security-headers.ts). */
  cspNonce?: string;
};

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends ServerContext {}
}

export function createLoadContext(market: MarketService, config: Config, facilitation: FacilitationService): ServerContext {
  return { market, facilitation, sessions, httpError, publicOrigin: (request) => publicOrigin(config, request) };
}
