/** The admin listener (port 9080): auth, body limits, routing, problem+json errors, request ids in logs. */
import { randomBytes } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { createAdminApi, errorToProblem, type AdminRequest } from "../admin/api";
import { Authenticator } from "../admin/auth";
import { WORKLOAD_ENV, type Config } from "../config";
import type { Engine } from "../engine/engine";
import type { Logger } from "../log";
import type { Metrics } from "../metrics";
import type { MockStore } from "../store/store";
import { readBody } from "../util/body";
import { problem, sendProblem, type ProblemDetails } from "../util/problem";
import { installClientErrorHandler } from "./client-error";

export function createAdminServer(config: Config, store: MockStore, engine: Engine, logger: Logger, metrics: Metrics): http.Server {
  const api = createAdminApi(store, engine, config);
  const auth = new Authenticator(store, config.adminSecret, config.operatorKey);
  const prefix = "adm-" + randomBytes(3).toString("hex") + "-";
  let counter = 0;

  const fail = (res: ServerResponse, p: ProblemDetails, requestId: string, headers?: Record<string, string>): void => {
    metrics.adminRequest(p.status);
    sendProblem(res, p, { "x-request-id": requestId, ...headers });
  };

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const log = logger.child({ requestId });
    const url = req.url ?? "/";
    if (url.length > config.maxUrlBytes) return fail(res, problem(414, "uri-too-long", "URI Too Long", `the request target is longer than ${config.maxUrlBytes} bytes`), requestId);
    let parsed: URL;
    try {
      parsed = new URL(url, "http://admin.local");
    } catch {
      return fail(res, problem(400, "bad-request", "Bad Request", "the request target is not a valid URL"), requestId);
    }
    const method = req.method ?? "GET";
    const found = api.find(method, parsed.pathname);
    if (found === undefined) {
      return fail(res, problem(404, "not-found", "Not Found", `no admin endpoint ${method} ${parsed.pathname}; see the README for the admin API`), requestId);
    }
    try {
      const principal = await auth.authenticate(req);
      if ("allowed" in found) {
        return fail(res, problem(405, "method-not-allowed", "Method Not Allowed", `${method} is not supported on ${parsed.pathname}; use ${found.allowed.join(", ")}`), requestId, { allow: found.allowed.join(", ") });
      }
      let bodyPromise: Promise<Buffer> | undefined;
      const ar: AdminRequest = {
        method,
        path: parsed.pathname,
        query: parsed.searchParams,
        req,
        principal,
        params: found.params,
        body: () => (bodyPromise ??= readBody(req, config.maxImportBytes, WORKLOAD_ENV.maxImportBytes)),
      };
      const result = await found.handler(ar);
      metrics.adminRequest(result.status);
      log.info("admin request", { method, path: parsed.pathname, status: result.status, principal: principal.kind === "operator" ? "operator" : principal.workspace });
      const headers: Record<string, string> = { "x-request-id": requestId, "cache-control": "no-store", ...result.headers };
      if (result.body === undefined) {
        res.writeHead(result.status, headers);
        res.end();
        return;
      }
      const payload = Buffer.isBuffer(result.body) ? result.body : Buffer.from(JSON.stringify(result.body));
      if (!Buffer.isBuffer(result.body)) headers["content-type"] = "application/json";
      headers["content-length"] = String(payload.length);
      res.writeHead(result.status, headers);
      res.end(payload);
    } catch (err) {
      const known = errorToProblem(err);
      if (known) {
        if (known.problem.status === 413) res.setHeader("connection", "close");
        log.info("admin request refused", { method, path: parsed.pathname, status: known.problem.status, detail: known.problem.detail });
        return fail(res, known.problem, requestId, known.headers);
      }
      log.error("admin request failed", { method, path: parsed.pathname, err });
      metrics.storeError("admin");
      return fail(res, problem(500, "internal", "Internal Server Error", `request ${requestId} failed; see the server log`), requestId);
    }
  }

  const server = http.createServer({ maxHeaderSize: config.maxHeaderBytes, headersTimeout: 20_000, requestTimeout: 120_000 }, (req, res) => {
    const requestId = prefix + (++counter).toString(36);
    handle(req, res, requestId).catch((err) => {
      logger.error("admin handler crashed", { requestId, err });
      if (!res.headersSent) sendProblem(res, problem(500, "internal", "Internal Server Error", `request ${requestId} failed`));
      else res.destroy();
    });
  });
  installClientErrorHandler(server, logger, config.maxHeaderBytes);
  return server;
}

export function createMetricsServer(config: Config, metrics: Metrics): http.Server {
  const server = http.createServer({ maxHeaderSize: config.maxHeaderBytes }, (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics") {
      sendProblem(res, problem(404, "not-found", "Not Found", "metrics are served at /metrics"));
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendProblem(res, problem(405, "method-not-allowed", "Method Not Allowed", "use GET /metrics"), { allow: "GET, HEAD" });
      return;
    }
    const body = Buffer.from(metrics.render());
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8", "content-length": String(body.length) });
    res.end(body);
  });
  return server;
}
