// Requests Node's HTTP parser refuses before Express sees them (a 20 kB URL, broken headers) get
// the same JSON error shape as everything else instead of an empty answer.
import type { Server } from "node:http";
import type { Duplex } from "node:stream";

export function answerMalformedRequests(httpServer: Server): void {
  httpServer.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
    const status = tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request";
    const body = JSON.stringify({
      error: tooLarge
        ? { code: "too_large", message: "The request's address or headers are too large." }
        : { code: "bad_request", message: "The request could not be read." },
    });
    socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}
