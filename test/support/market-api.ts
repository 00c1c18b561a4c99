// The JSON API as the stories in the tests tell it: a host starts a market, phones join, post...
import { io } from "socket.io-client";
import { decode } from "turbo-stream";
import type { PostKind } from "../../server/market/kinds.ts";
import { receiveLiveEvents, type LiveMessage, type LiveSocket } from "../../server/realtime/live-events.ts";

export interface StartedMarket {
  id: string;
  code: string;
  hostKey: string;
  hostUrl: string;
  screenUrl: string;
  joinUrl: string;
}

export interface Phone {
  participantId: string;
  token: string;
}

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  /** The Retry-After header, when the server asks to be asked again. */
  retryAfter: string | null;
}

export async function call<T = any>(origin: string, method: string, path: string, options: { token?: string; body?: unknown; raw?: string } = {}): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined || options.raw !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${origin}${path}`, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV and other text answers stay text.
  }
  return { status: response.status, body, retryAfter: response.headers.get("retry-after") };
}

export async function hostStartsMarket(origin: string, title = "Spring market"): Promise<StartedMarket> {
  const answer = await call<StartedMarket>(origin, "POST", "/api/markets", { body: { title } });
  if (answer.status !== 201) throw new Error(`create market: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function phoneJoins(origin: string, code: string, name: string, contact = `${name.toLowerCase()}@example.org`, shareContactWithHost = false): Promise<Phone> {
  const answer = await call<Phone>(origin, "POST", `/api/markets/${code}/participants`, { body: { name, contact, shareContactWithHost } });
  if (answer.status !== 201) throw new Error(`join: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function setPhase(origin: string, market: StartedMarket, phase: string): Promise<void> {
  const answer = await call(origin, "POST", `/api/markets/${market.code}/phase`, { token: market.hostKey, body: { phase } });
  if (answer.status !== 200) throw new Error(`phase: ${answer.status} ${JSON.stringify(answer.body)}`);
}

export async function post(origin: string, code: string, phone: Phone, kind: PostKind, text: string, extra: Record<string, unknown> = {}) {
  const answer = await call(origin, "POST", `/api/markets/${code}/posts`, { token: phone.token, body: { kind, text, ...extra } });
  if (answer.status !== 201 && answer.status !== 200) throw new Error(`post: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.post as { id: string; kind: string; text: string; participantId: string };
}

/**
 * A page's loader data as the browser fetches it (Remix single fetch): `routeId` names the route
 * module ("routes/screen.$code"), `cookie` speaks for a phone or the host.
 */
export async function pageData<T = any>(origin: string, path: string, routeId: string, cookie?: string): Promise<T> {
  const response = await fetch(`${origin}${path}.data`, { headers: cookie ? { cookie } : {} });
  if (response.status !== 200) throw new Error(`${path}.data: ${response.status}`);
  const decoded = await decode(response.body!);
  await decoded.done;
  const routes = decoded.value as Record<string, { data: T }>;
  return routes[routeId]!.data;
}

/** A socket.io client that records every event, for waiting on what a screen would see. */
export interface Watcher {
  socket: LiveSocket;
  /** Every market event, one entry each, with batches unpacked (payload without `type`). */
  events: Array<{ type: string; payload: any }>;
  /** What arrived on the wire: one entry per socket message (a `batch` counts once). */
  frames: LiveMessage[];
  waitFor(type: string, predicate?: (payload: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): void;
}

/** `connection`: how it connects (default WebSocket only, no reconnecting); a phone behind a proxy may long-poll and reconnect. */
export async function watch(origin: string, code: string, token?: string, connection: { transports?: Array<"polling" | "websocket">; reconnection?: boolean } = {}): Promise<Watcher> {
  const socket: LiveSocket = io(origin, { auth: { code, ...(token ? { token } : {}) }, transports: ["websocket"], reconnection: false, ...connection });
  const events: Watcher["events"] = [];
  const frames: Watcher["frames"] = [];
  const waiters = new Set<() => void>();
  receiveLiveEvents(socket, (unpacked, message) => {
    frames.push(message);
    // Several events in one server tick arrive as one `batch` message, in seq order.
    for (const { type, ...rest } of unpacked) events.push({ type, payload: rest });
    for (const check of waiters) check();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return {
    socket,
    events,
    frames,
    waitFor(type, predicate = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((e) => e.type === type && predicate(e.payload));
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found.payload);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${type} event within ${timeoutMs} ms; saw: ${events.map((e) => e.type).join(", ")}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => socket.close(),
  };
}

/** Connects a socket and returns the error it is refused with. */
export function socketRefusal(origin: string, auth: Record<string, unknown>): Promise<string> {
  const socket = io(origin, { auth, transports: ["websocket"], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => {
      socket.close();
      reject(new Error("socket was accepted"));
    });
    socket.once("connect_error", (error) => {
      socket.close();
      resolve(error.message);
    });
  });
}
