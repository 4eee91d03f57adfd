/** Answers malformed HTTP (oversized headers, bad request lines) with problem+json instead of a bare close. */
import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "../log";

export function installClientErrorHandler(server: Server, logger: Logger, maxHeaderBytes: number): void {
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    let status = 400;
    let title = "Bad Request";
    let detail = `malformed HTTP request: ${err.code ?? err.message}`;
    if (err.code === "HPE_HEADER_OVERFLOW") {
      status = 431;
      title = "Request Header Fields Too Large";
      detail = `the request line and headers exceed ${maxHeaderBytes} bytes`;
    } else if (err.code === "ERR_HTTP_REQUEST_TIMEOUT") {
      status = 408;
      title = "Request Timeout";
      detail = "the request was not received in time";
    }
    const body = JSON.stringify({ type: `urn:mockforge:problem:${status === 431 ? "headers-too-large" : status === 408 ? "request-timeout" : "bad-request"}`, title, status, detail });
    logger.debug("client error", { status, code: err.code });
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
