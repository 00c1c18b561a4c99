// The live layer: authenticate a socket into its market's room, then relay what the market
// service publishes. No rules live here.
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { MarketError } from "../market/errors.ts";
import type { Actor, MarketService } from "../market/service.ts";
import { readCookie } from "../http/sessions.ts";
import { EventBatcher } from "./event-batcher.ts";
import type { ClientToServerEvents, InterServerEvents, LiveMessage, ServerToClientEvents } from "./live-events.ts";

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface SocketData {
  marketId: string;
  code: string;
  actor: Actor;
}

/**
 * What a client sends in `io(origin, { auth })`: the market's code, and either a bearer token
 * (API clients) or which of its cookies a browser page speaks for. Without either: a viewer.
 */
export interface SocketAuth {
  code?: unknown;
  token?: unknown;
  as?: unknown;
}

const roomOf = (marketId: string) => `market:${marketId}`;

export function attachRealtime(httpServer: HttpServer, service: MarketService): LiveServer {
  const io: LiveServer = new Server(httpServer, {
    // A phone that drops off for a moment gets the events it missed on reconnect.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true },
    serveClient: false,
  });

  io.use(async (socket, next) => {
    try {
      const auth = (socket.handshake.auth ?? {}) as SocketAuth;
      const code = typeof auth.code === "string" ? auth.code : "";
      const secret = secretForSocket(socket, auth, code);
      const actor = await service.authenticate(code, secret);
      const { id } = await service.locate(code);
      socket.data = { marketId: id, code, actor };
      next();
    } catch (error) {
      const message = error instanceof MarketError ? error.message : "Could not connect.";
      next(Object.assign(new Error(message), { data: { code: error instanceof MarketError ? error.code : "internal" } }));
    }
  });

  io.on("connection", (socket) => {
    void socket.join(roomOf(socket.data.marketId));
  });

  // Every event is free of contact details, so the whole room may receive it.
  const batcher = new EventBatcher((marketId, message: LiveMessage) => {
    // liveMessageOf built the name and payload as a pair; emit's types cannot correlate a union's halves.
    io.to(roomOf(marketId)).emit(message.name, message.payload as never);
  });
  service.subscribe((marketId, event) => {
    // A removed participant's open sockets are closed; their token is refused on reconnect.
    if (event.type !== "participant:removed") return;
    void io
      .in(roomOf(marketId))
      .fetchSockets()
      .then((sockets) => {
        for (const socket of sockets) {
          if (socket.data.actor.role === "participant" && socket.data.actor.participantId === event.participantId) socket.disconnect(true);
        }
      });
  });
  service.subscribe((marketId, event) => batcher.add(marketId, event));

  return io;
}

function secretForSocket(socket: Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>, auth: SocketAuth, code: string): string | undefined {
  if (typeof auth.token === "string" && auth.token) return auth.token;
  // The handshake's cookies are fixed when the socket connects; a page reconnects after joining.
  const cookies = socket.handshake.headers.cookie;
  if (auth.as === "host") return readCookie(cookies, "host", code);
  if (auth.as === "participant") return readCookie(cookies, "participant", code);
  return undefined;
}
