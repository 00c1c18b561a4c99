// The address phones in the room should use to reach this server.
import { networkInterfaces } from "node:os";
import type { Config } from "../config.ts";

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

export function lanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const address of list ?? []) {
      if (address.family === "IPv4" && !address.internal) return address.address;
    }
  }
  return undefined;
}

/** PUBLIC_URL if set; else the request's own origin, with localhost swapped for the LAN address. */
export function publicOrigin(config: Config, request: Request): string {
  if (config.publicUrl) return config.publicUrl;
  const url = new URL(request.url);
  if (config.lanJoinUrl && LOOPBACK.test(url.hostname)) {
    const lan = lanAddress();
    if (lan) url.hostname = lan;
  }
  return url.origin;
}
