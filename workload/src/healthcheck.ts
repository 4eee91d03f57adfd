/**
 * The container's HEALTHCHECK probe. The runtime image has no shell or curl, so
 * Docker runs this with node: GET /health/live on the mock port (PORT from the
 * runtime contract) and exit 0 on 200, 1 on anything else or after 2 seconds.
 */
import { request } from "node:http";
import { WORKLOAD_ENV } from "./config";
import { ENV, HEALTH_PATHS, PORTS } from "./contract";

const port = Number(process.env[ENV.port] || PORTS.http);
const bind = process.env[WORKLOAD_ENV.host];
// The server binds 0.0.0.0 by default; a specific bind address is probed where it listens.
const host = bind === undefined || bind === "" || bind === "0.0.0.0" || bind === "::" ? "127.0.0.1" : bind;

const req = request({ host, port, path: HEALTH_PATHS.live, timeout: 2000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on("timeout", () => req.destroy(new Error("timed out")));
req.on("error", (err) => {
  process.stderr.write(`healthcheck: ${HEALTH_PATHS.live} on ${host}:${port}: ${err.message}\n`);
  process.exit(1);
});
req.end();
