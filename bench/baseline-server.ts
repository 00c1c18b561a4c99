/**
 * The baseline for `npm run bench`: bare socket.io on a plain Node HTTP server, no application
 * logic. It answers the same few API routes the harness calls (create, join, phase, post) and
 * broadcasts on receipt, one message per event, with a payload of the same shape and size as the
 * market's `participant:joined` / `post:created` events. No validation, no store, no batching.
 * Run as its own child process: `node --import tsx bench/baseline-server.ts` (PORT=0 for a free port).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Server } from "socket.io";

const id = () => randomBytes(16).toString("base64url").slice(0, 21);
const rooms = new Map<string, { seq: number; participants: number; offers: number; needs: number }>();
const names = new Map<string, string>();

const httpServer = createServer((req, res) => void handle(req, res));
const io = new Server(httpServer, { serveClient: false });

io.use((socket, next) => {
  const code = String((socket.handshake.auth as { code?: unknown }).code ?? "");
  if (!rooms.has(code)) return next(new Error("No such market."));
  socket.data.code = code;
  next();
});
io.on("connection", (socket) => void socket.join(socket.data.code as string));

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let raw = "";
  for await (const chunk of req) raw += chunk;
  const body = raw ? (JSON.parse(raw) as Record<string, any>) : {};
  const parts = (req.url ?? "").split("/").filter(Boolean); // api, markets, code?, what?
  const send = (status: number, value: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(value));
  };
  if (req.method === "POST" && parts.length === 2) {
    const code = id().slice(0, 6).toUpperCase();
    rooms.set(code, { seq: 0, participants: 0, offers: 0, needs: 0 });
    return send(201, { id: id(), code, hostKey: id() });
  }
  const room = rooms.get(parts[2] ?? "");
  if (!room) return send(404, { error: { code: "not_found", message: "No such market." } });
  const at = new Date().toISOString();
  const counts = () => ({ participants: room.participants, offers: room.offers, needs: room.needs, connections: 0, pendingConnections: 0 });
  switch (parts[3]) {
    case "participants": {
      const token = id();
      const participant = { id: id(), name: String(body.name), joinedAt: at };
      names.set(token, participant.name);
      room.participants++;
      io.to(parts[2]!).emit("participant:joined", { seq: ++room.seq, at, participant, counts: counts() });
      return send(201, { participantId: participant.id, token });
    }
    case "posts": {
      const token = String(req.headers.authorization ?? "").replace(/^Bearer /, "");
      const post = { id: id(), kind: body.kind, text: body.text, tags: body.tags ?? [], participantId: id(), authorName: names.get(token) ?? "someone", createdAt: at };
      body.kind === "offer" ? room.offers++ : room.needs++;
      io.to(parts[2]!).emit("post:created", { seq: ++room.seq, at, post, counts: counts() });
      return send(201, { post });
    }
    case "phase":
      return send(200, { phase: body.phase });
    default:
      return send(404, { error: { code: "not_found", message: "No such route." } });
  }
}

httpServer.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = httpServer.address();
  console.log(`bare socket.io baseline listening on http://localhost:${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => io.close(() => process.exit(0)));
