// The live layer: authenticate a socket into its market's room and its audience's room, then
// relay to each audience its version of what the market service publishes (audiences.ts decides
// who receives what; docs/decisions/011-event-audiences.md). No rules live here.
import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions, type Socket } from "socket.io";
import type { TimeStep } from "../market/change-steps.ts";
import { MarketError } from "../market/errors.ts";
import type { Actor, MarketService } from "../market/service.ts";
import { cookieSecretAs } from "../http/sessions.ts";
import { EventBatcher, type Recipients } from "./event-batcher.ts";
import { HEARTBEAT_EVENT } from "./heartbeat.ts";
import type { ClientToServerEvents, InterServerEvents, LiveMessage, ServerToClientEvents } from "./live-events.ts";
import { MarketHeartbeat } from "./market-heartbeat.ts";
import { publishingInOrder, type PublishingInOrder } from "./ordered-publishes.ts";

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface SocketData {
  marketId: string;
  code: string;
  actor: Actor;
  /** The market's seq as stored when the socket was let in. */
  storedSeq: number;
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

const ROOM_PREFIX = "market:";
/** Every socket of a market: for what concerns every socket alike (removals, the heartbeat). */
const roomOf = (marketId: string) => `${ROOM_PREFIX}${marketId}`;
/** The sockets of one audience of a market, and one participant's own sockets. */
const audienceRoom = (marketId: string, audience: "host" | "viewers" | "participants" | "desk") => `${roomOf(marketId)}:${audience}`;
const participantRoom = (marketId: string, participantId: string) => `${roomOf(marketId)}:participant:${participantId}`;
/** The market any of the rooms above belongs to. */
const marketInRoom = (room: string) => (room.startsWith(ROOM_PREFIX) ? room.slice(ROOM_PREFIX.length).split(":", 1)[0] : undefined);

/** The rooms a socket joins: its market's, its audience's, and a participant's own. */
function roomsOf(marketId: string, actor: Actor): string[] {
  if (actor.role === "host") return [roomOf(marketId), audienceRoom(marketId, "host")];
  if (actor.role === "viewer") return [roomOf(marketId), audienceRoom(marketId, "viewers")];
  // A helper at the desk acts for its people over HTTP; live, it hears what concerns them.
  if (actor.role === "helper") return [roomOf(marketId), audienceRoom(marketId, "desk")];
  return [roomOf(marketId), audienceRoom(marketId, "participants"), participantRoom(marketId, actor.participantId)];
}

export interface RealtimeOptions {
  /** Several nodes: socket.io's adapter that carries room emits to the other nodes' sockets. */
  adapter?: ServerOptions["adapter"];
  /** Times the live steps of a change: waiting for its message, and sending it (the metrics). */
  timeStep?: TimeStep;
}

export function attachRealtime(httpServer: HttpServer, service: MarketService, options: RealtimeOptions = {}): LiveServer {
  const io: LiveServer = new Server(httpServer, {
    // No connection state recovery: a screen that reconnects reloads a snapshot instead. Recovery
    // restored one session twice and left phones deaf (docs/decisions/009-no-deaf-phones.md).
    serveClient: false,
    // Each market's messages cross nodes one after the other (ordered-publishes.ts).
    ...(options.adapter ? { adapter: publishingInOrder(options.adapter, marketInRoom) } : {}),
  });

  io.use(async (socket, next) => {
    try {
      const auth = (socket.handshake.auth ?? {}) as SocketAuth;
      const code = typeof auth.code === "string" ? auth.code : "";
      const secret = secretForSocket(socket, auth, code);
      const actor = await service.authenticate(code, secret);
      const { id, seq } = await service.locate(code);
      socket.data = { marketId: id, code, actor, storedSeq: seq };
      next();
    } catch (error) {
      const message = error instanceof MarketError ? error.message : "Could not connect.";
      next(Object.assign(new Error(message), { data: { code: error instanceof MarketError ? error.code : "internal" } }));
    }
  });

  const localRooms = io.of("/").adapter.rooms;
  const batcher = new EventBatcher((marketId, to: Recipients, message: LiveMessage) => {
    const name = to.audience === "participant" ? participantRoom(marketId, to.participantId) : audienceRoom(marketId, to.audience);
    // On one node, an audience with no socket here has none anywhere: its message is not even
    // serialised (socket.io encodes a broadcast before it looks who is in the room).
    if (!options.adapter && !localRooms.has(name)) return;
    const room = io.to(name);
    const except = to.audience === "participants" ? to.except.map((participantId) => participantRoom(marketId, participantId)) : [];
    // liveMessageOf built the name and payload as a pair; emit's types cannot correlate a union's halves.
    (except.length ? room.except(except) : room).emit(message.name, message.payload as never);
  }, options.timeStep);
  const heartbeat = new MarketHeartbeat({
    flushEvents: () => batcher.flush(),
    // On several nodes a beat waits for its market's events to leave through the adapter.
    ...(options.adapter ? { afterEventsOut: (marketId: string, then: () => void) => (io.of("/").adapter as unknown as PublishingInOrder).afterPublished(marketId, then) } : {}),
    // Each node beats to its own sockets only, with the seq it sent (other nodes' beats would repeat it).
    emit: (marketId, beat) => io.local.to(roomOf(marketId)).emit(HEARTBEAT_EVENT, beat),
  });
  // Only a market's whole room counts (not its audience or participant rooms, which share the prefix).
  const marketOfRoom = (room: string) => {
    const marketId = marketInRoom(room);
    return marketId !== undefined && room === roomOf(marketId) ? marketId : undefined;
  };
  io.of("/").adapter.on("create-room", (room: string) => {
    const marketId = marketOfRoom(room);
    if (marketId) heartbeat.roomOpened(marketId);
  });
  io.of("/").adapter.on("delete-room", (room: string) => {
    const marketId = marketOfRoom(room);
    if (marketId) heartbeat.roomClosed(marketId);
  });
  httpServer.once("close", () => heartbeat.stop());

  io.on("connection", (socket) => {
    void socket.join(roomsOf(socket.data.marketId, socket.data.actor));
    socket.emit(HEARTBEAT_EVENT, heartbeat.beatFor(socket.data.marketId, socket.data.storedSeq));
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
  service.subscribe((marketId, event, audiences) => {
    heartbeat.sentEvent(marketId, event.seq);
    batcher.add(marketId, audiences());
  });

  return io;
}

function secretForSocket(socket: Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>, auth: SocketAuth, code: string): string | undefined {
  if (typeof auth.token === "string" && auth.token) return auth.token;
  // The handshake's cookies are fixed when the socket connects; a page reconnects after joining.
  return cookieSecretAs(socket.handshake.headers.cookie, auth.as, code);
}
