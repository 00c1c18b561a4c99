// Requests Node's HTTP parser refuses before Express sees them (a 20 kB URL, broken headers) get
// the same JSON error shape as everything else instead of an empty answer.
import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import { refusalBody } from "./errors.ts";

export function answerMalformedRequests(httpServer: Server): void {
  httpServer.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
    const status = tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request";
    const body = JSON.stringify(refusalBody(tooLarge ? "too_large" : "bad_request"));
    socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}
