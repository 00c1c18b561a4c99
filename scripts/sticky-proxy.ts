// A tiny load balancer with sticky sessions, for scripts/run-cluster.sh on a machine without
// nginx: each browser is pinned to one node by a cookie (socket.io's long-polling needs every
// request of a session on the node that holds it); WebSocket upgrades follow the same cookie. A
// node that does not answer is skipped and the browser pinned to the next. Production: nginx
// (deploy/nginx.conf) or HAProxy.
//   PORT=3000 NODES=http://127.0.0.1:3001,http://127.0.0.1:3002 tsx scripts/sticky-proxy.ts
import { createServer, request, type IncomingMessage } from "node:http";
import { connect } from "node:net";

const nodes = (process.env.NODES ?? "").split(",").filter(Boolean).map((n) => new URL(n));
if (!nodes.length) throw new Error("NODES is empty: give the nodes' URLs, comma-separated.");
const COOKIE = "onm_node";
let next = 0;

function pinned(req: IncomingMessage): number | undefined {
  const match = new RegExp(`(?:^|;\\s*)${COOKIE}=(\\d+)`).exec(req.headers.cookie ?? "");
  const n = match ? Number(match[1]) : undefined;
  return n !== undefined && n < nodes.length ? n : undefined;
}

const server = createServer((req, res) => {
  const tryNode = (n: number, attemptsLeft: number) => {
    const node = nodes[n]!;
    const upstream = request(
      { host: node.hostname, port: node.port, method: req.method, path: req.url, headers: { ...req.headers, "x-forwarded-for": req.socket.remoteAddress ?? "" } },
      (answer) => {
        const headers = { ...answer.headers };
        if (pinned(req) !== n) headers["set-cookie"] = [...(answer.headers["set-cookie"] ?? []), `${COOKIE}=${n}; Path=/; HttpOnly; SameSite=Lax`];
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (attemptsLeft > 0 && !res.headersSent) tryNode((n + 1) % nodes.length, attemptsLeft - 1);
      else if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    // A body can be sent once: only a bodiless request moves to another node.
    if (req.method === "GET" || req.method === "HEAD") upstream.end();
    else req.pipe(upstream);
  };
  const bodiless = req.method === "GET" || req.method === "HEAD";
  tryNode(pinned(req) ?? next++ % nodes.length, bodiless ? nodes.length - 1 : 0);
});

server.on("upgrade", (req, socket, head) => {
  const node = nodes[pinned(req) ?? next++ % nodes.length]!;
  const upstream = connect(Number(node.port), node.hostname, () => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : v}`)];
    upstream.write(lines.join("\r\n") + "\r\n\r\n");
    upstream.write(head);
    upstream.pipe(socket).pipe(upstream);
  });
  const close = () => {
    upstream.destroy();
    socket.destroy();
  };
  upstream.on("error", close);
  socket.on("error", close);
});

server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? "0.0.0.0", () => {
  console.log(`sticky proxy on :${process.env.PORT ?? 3000} -> ${nodes.map((n) => n.host).join(", ")}`);
});
