// The ceiling: a plain Node http server returning the same bytes, written for speed
// (precomputed header list and body; the echo builds its small JSON with a template literal).
import { readFileSync } from "node:fs";
import http from "node:http";

const payload = readFileSync(new URL("./payload.json", import.meta.url));
const staticHeaders = ["content-type", "application/json", "content-length", String(payload.length)];
const port = Number(process.argv[2] ?? 8000);
http
  .createServer((req, res) => {
    const url = req.url ?? "/";
    if (url.startsWith("/users/")) {
      const id = url.slice(7);
      const body = `{"id":"${id}","greeting":"hello ${id}"}`;
      res.writeHead(200, ["content-type", "application/json", "content-length", String(Buffer.byteLength(body))]);
      res.end(body);
      return;
    }
    res.writeHead(200, staticHeaders);
    res.end(payload);
  })
  .listen(port, "127.0.0.1");
