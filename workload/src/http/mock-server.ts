/**
 * The public listener (port 3000): health endpoints, workspace resolution
 * (`<workspace>.<domain>` host or `/w/<workspace>/` prefix) and hand-off to
 * the engine. Everything here is per-request hot path: string scans, no
 * URL objects, no regex unless a name has to be validated.
 */
import { randomBytes } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Config } from "../config";
import { EDGE_ID_HEADER, HEALTH_PATHS } from "../contract";
import type { Engine } from "../engine/engine";
import type { Logger } from "../log";
import type { Metrics } from "../metrics";
import { isWorkspaceName } from "../store/names";
import type { MockStore } from "../store/store";
import { problem, sendProblem } from "../util/problem";
import { installClientErrorHandler } from "./client-error";
import type { Lifecycle } from "./lifecycle";

const REQUEST_ID_RE = /^[A-Za-z0-9._:\-]{1,128}$/;
const HEALTH_BODY = Buffer.from('{"status":"ok"}');
const EDGE_HEADER = EDGE_ID_HEADER.toLowerCase();
const HEALTH_PATH_SET: ReadonlySet<string> = new Set(Object.values(HEALTH_PATHS));

/** True when a request may skip the edge-id check: exactly a health path (platform probes). */
function isHealthProbe(url: string): boolean {
  const q = url.indexOf("?");
  return HEALTH_PATH_SET.has(q < 0 ? url : url.slice(0, q));
}

export interface MockServerDeps {
  config: Config;
  engine: Engine;
  store: MockStore;
  logger: Logger;
  metrics: Metrics;
  lifecycle: Lifecycle;
}

function json(res: ServerResponse, status: number, body: Buffer): void {
  res.writeHead(status, ["content-type", "application/json", "content-length", String(body.length), "cache-control", "no-store"]);
  res.end(body);
}

export function createMockServer(deps: MockServerDeps): http.Server {
  const { config, engine, store, logger, metrics, lifecycle } = deps;
  const prefix = randomBytes(4).toString("hex") + "-";
  let counter = 0;
  const domainSuffix = config.domain ? "." + config.domain : undefined;
  const unknownCounters = metrics.counters("_unknown");

  function onClose(this: ServerResponse): void {
    lifecycle.inflight--;
  }

  function health(url: string, res: ServerResponse): boolean {
    const q = url.indexOf("?");
    const p = q < 0 ? url : url.slice(0, q);
    if (p === HEALTH_PATHS.live) {
      json(res, 200, HEALTH_BODY);
      return true;
    }
    if (p === HEALTH_PATHS.startup) {
      if (lifecycle.started) json(res, 200, HEALTH_BODY);
      else sendProblem(res, problem(503, "starting", "Starting", "bootstrap has not finished"));
      return true;
    }
    if (p === HEALTH_PATHS.ready) {
      if (lifecycle.draining) {
        sendProblem(res, problem(503, "draining", "Shutting down", "the server is draining connections"));
        return true;
      }
      if (!lifecycle.started) {
        sendProblem(res, problem(503, "starting", "Starting", "bootstrap has not finished"));
        return true;
      }
      let timer: NodeJS.Timeout | undefined;
      let depStatus: Record<string, string> | undefined;
      const check = store.dependencies
        ? store.dependencies().then((d) => {
            depStatus = d;
            const bad = Object.entries(d).filter(([, v]) => v !== "ok");
            if (bad.length > 0) throw new Error(bad.map(([k, v]) => `${k}: ${v}`).join("; "));
          })
        : store.ping();
      Promise.race([
        check,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("store did not answer within 2 s")), 2000);
        }),
      ]).then(
        () => {
          clearTimeout(timer);
          json(res, 200, Buffer.from(JSON.stringify({ status: "ok", store: store.kind, ...(depStatus ? { dependencies: depStatus } : {}) })));
        },
        (err: Error) => {
          clearTimeout(timer);
          metrics.storeError("ping");
          sendProblem(res, problem(503, "store-unavailable", "Store unreachable", err.message, { store: store.kind, ...(depStatus ? { dependencies: depStatus } : {}) }));
        },
      );
      return true;
    }
    return false;
  }

  function unknownWorkspace(res: ServerResponse, requestId: string, detail: string): void {
    unknownCounters.record(404, false);
    sendProblem(res, problem(404, "unknown-workspace", "Unknown workspace", detail), { "x-request-id": requestId });
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const startedAt = performance.now();
    lifecycle.inflight++;
    res.on("close", onClose);
    if (lifecycle.draining) res.shouldKeepAlive = false;
    const url = req.url ?? "/";
    const incomingId = req.headers["x-request-id"];
    const requestId = typeof incomingId === "string" && REQUEST_ID_RE.test(incomingId) ? incomingId : prefix + (++counter).toString(36);
    try {
      if (url.length > config.maxUrlBytes) {
        sendProblem(res, problem(414, "uri-too-long", "URI Too Long", `the request target is ${url.length} bytes; the limit is ${config.maxUrlBytes}`), { "x-request-id": requestId });
        return;
      }
      if (url.charCodeAt(0) !== 47 /* / */) {
        sendProblem(res, problem(400, "bad-request", "Bad Request", "the request target must be an absolute path (origin-form)"), { "x-request-id": requestId });
        return;
      }
      if (config.edgeId !== undefined && req.headers[EDGE_HEADER] !== config.edgeId && !isHealthProbe(url)) {
        sendProblem(res, problem(403, "not-through-edge", "Forbidden", `requests must come through the edge: the ${EDGE_ID_HEADER} header is missing or names another edge`), { "x-request-id": requestId });
        return;
      }
      let name: string | undefined;
      let pathStart = 0;
      if (domainSuffix !== undefined) {
        const hostHeader = req.headers.host;
        if (hostHeader !== undefined) {
          const colon = hostHeader.lastIndexOf(":");
          const host = (colon > 0 && hostHeader.indexOf("]") < colon ? hostHeader.slice(0, colon) : hostHeader).toLowerCase();
          if (host.length > domainSuffix.length && host.endsWith(domainSuffix)) {
            const label = host.slice(0, host.length - domainSuffix.length);
            if (label.indexOf(".") < 0) name = label;
          }
        }
      }
      if (name === undefined) {
        if (url.startsWith("/health/") && health(url, res)) return;
        if (!url.startsWith("/w/")) {
          unknownWorkspace(res, requestId, domainSuffix ? `name a workspace with the host <workspace>${domainSuffix} or the path prefix /w/<workspace>/` : "name a workspace with the path prefix /w/<workspace>/");
          return;
        }
        let end = 3;
        while (end < url.length) {
          const c = url.charCodeAt(end);
          if (c === 47 /* / */ || c === 63 /* ? */) break;
          end++;
        }
        name = url.slice(3, end);
        pathStart = end;
      }
      const q = url.indexOf("?", pathStart);
      let path = q < 0 ? (pathStart === 0 ? url : url.slice(pathStart)) : url.slice(pathStart, q);
      if (path === "") path = "/";
      const rawQuery = q < 0 ? "" : url.slice(q + 1);
      const ws = engine.peek(name);
      if (ws !== undefined) {
        engine.handle(ws, req, res, path, rawQuery, requestId, startedAt);
        return;
      }
      // Only names that passed this check are ever cached, so the fast path above can skip it.
      if (!isWorkspaceName(name)) {
        unknownWorkspace(res, requestId, `${JSON.stringify(name.length > 70 ? name.slice(0, 67) + "..." : name)} is not a workspace name (lowercase letters, digits and -, at most 63)`);
        return;
      }
      const wsName = name;
      engine.load(wsName).then(
        (loaded) => {
          if (loaded === undefined) unknownWorkspace(res, requestId, `workspace ${JSON.stringify(wsName)} does not exist`);
          else engine.handle(loaded, req, res, path, rawQuery, requestId, startedAt);
        },
        (err: Error) => {
          logger.error("workspace load failed", { requestId, workspace: wsName, err });
          sendProblem(res, problem(503, "store-unavailable", "Service Unavailable", `workspace ${wsName} could not be loaded; try again`), { "x-request-id": requestId });
        },
      );
    } catch (err) {
      logger.error("request failed", { requestId, err });
      sendProblem(res, problem(500, "internal", "Internal Server Error", `request ${requestId} failed; see the server log`), { "x-request-id": requestId });
    }
  }

  const server = http.createServer(
    {
      maxHeaderSize: config.maxHeaderBytes,
      keepAliveTimeout: 65_000,
      headersTimeout: 20_000,
      requestTimeout: 60_000,
    },
    onRequest,
  );
  installClientErrorHandler(server, logger, config.maxHeaderBytes);
  return server;
}
