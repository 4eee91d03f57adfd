/** Request body reading with a hard size limit (413 past it). */
import type { IncomingMessage } from "node:http";
import { HttpProblem } from "./problem";

export const EMPTY = Buffer.alloc(0);

/** True when the request announces a body (Content-Length > 0 or chunked). */
export function hasBody(req: IncomingMessage): boolean {
  const cl = req.headers["content-length"];
  if (cl !== undefined && cl !== "0") return true;
  return req.headers["transfer-encoding"] !== undefined;
}

/** `setting`: the variable that sets the limit, named in the detail so an operator knows what to raise. */
export function tooLarge(limit: number, got?: number, setting?: string): HttpProblem {
  const by = setting ? ` (${setting})` : "";
  return new HttpProblem(
    413,
    "payload-too-large",
    "Payload Too Large",
    got !== undefined
      ? `request body is ${got} bytes; the limit is ${limit} bytes${by}`
      : `request body exceeds the limit of ${limit} bytes${by}`,
    { limitBytes: limit, ...(setting ? { setting } : {}) },
  );
}

/**
 * Reads the whole body, rejecting with a 413 problem as soon as it passes
 * `limit` (or when Content-Length already says so, before reading anything).
 */
export function readBody(req: IncomingMessage, limit: number, setting?: string): Promise<Buffer> {
  if (!hasBody(req)) return Promise.resolve(EMPTY);
  const declared = req.headers["content-length"];
  if (declared !== undefined) {
    const n = Number(declared);
    if (n > limit) return Promise.reject(tooLarge(limit, n, setting));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer): void => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.removeListener("data", onData);
        // Keep draining without buffering; the response closes the connection.
        req.resume();
        reject(tooLarge(limit, undefined, setting));
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => {
      if (done) return;
      done = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    req.once("error", (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
    req.once("aborted", () => {
      if (done) return;
      done = true;
      reject(new HttpProblem(400, "aborted", "Request aborted", "the client closed the connection before sending the whole body"));
    });
  });
}
