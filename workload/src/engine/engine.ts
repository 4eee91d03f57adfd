/**
 * The mock engine: workspace cache (compiled lazily, dropped when the store
 * reports a change) and request handling (match → respond, with latency,
 * faults, scenarios, proxy/record, journal, usage counters, rate limits and
 * metrics). The request path stays synchronous unless the request has a body,
 * the workspace uses scenario state, a stub asks for a delay, or the workspace
 * has a rate limit kept in Redis.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { WORKLOAD_ENV } from "../config";
import type { Logger } from "../log";
import type { Metrics } from "../metrics";
import type { MockStore, RateLimit, RateLimitDecision, UsageOutcome, Workspace } from "../store/store";
import { EMPTY, hasBody, readBody } from "../util/body";
import { HttpProblem, problem, sendProblem, type ProblemDetails } from "../util/problem";
import { mathRandom } from "../util/rng";
import { chooseResponse, type OperationRoute } from "../openapi/operations";
import { closestRoutes } from "./closest";
import type { CompiledStub } from "./compile-stub";
import { MatchInput } from "./match-input";
import { forward, ProxyError, recordedStub } from "./proxy";
import type { TemplateContext } from "./template";
import { compileWorkspace, type CompiledWorkspace } from "./workspace";

export interface EngineOptions {
  maxBodyBytes: number;
  journalSize: number;
  proxyAllowPrivate: boolean;
  proxyTimeoutMs: number;
  /** A rate-limit check that has not answered by then lets the request through (fail open). */
  rateLimitTimeoutMs: number;
  /** Wall clock for rate-limit windows, ms since epoch (tests inject one). */
  now?: () => number;
}

/** Replaces (or appends) a header in a copy of a flat header list. */
function withHeader(headers: readonly string[], name: string, value: string): string[] {
  const out = headers.slice();
  for (let i = 0; i < out.length; i += 2) {
    if (out[i] === name) {
      out[i + 1] = value;
      return out;
    }
  }
  out.push(name, value);
  return out;
}

/** Bodies kept per journal entry (the rest is dropped; bodySize keeps the real size). */
export const JOURNAL_BODY_LIMIT = 64 * 1024;

function delayMs(d: { min: number; max: number }): number {
  return d.min === d.max ? d.min : d.min + Math.floor(Math.random() * (d.max - d.min + 1));
}

export class Engine {
  private readonly cache = new Map<string, CompiledWorkspace>();
  private readonly loading = new Map<string, Promise<CompiledWorkspace | undefined>>();
  private readonly generation = new Map<string, number>();
  private readonly recording = new Set<string>();
  private readonly unsubscribe: () => void;
  /** Per-request log lines only at debug level (the journal keeps requests otherwise). */
  private readonly debug: boolean;
  private readonly now: () => number;
  private lastRateLimitWarn = 0;
  private rateLimitFailuresSinceWarn = 0;

  constructor(
    private readonly store: MockStore,
    private readonly options: EngineOptions,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {
    this.debug = logger.isEnabled("debug");
    this.now = options.now ?? Date.now;
    this.unsubscribe = store.onChange((name) => this.invalidate(name));
    metrics.gauge("mockforge_workspaces_loaded", "Workspaces compiled in this process.", () => this.cache.size);
  }

  close(): void {
    this.unsubscribe();
  }

  invalidate(name: string): void {
    this.cache.delete(name);
    this.loading.delete(name);
    this.generation.set(name, (this.generation.get(name) ?? 0) + 1);
  }

  /** The compiled workspace if it is ready (the synchronous fast path). */
  peek(name: string): CompiledWorkspace | undefined {
    return this.cache.get(name);
  }

  /** Compiles (once, shared by concurrent callers) and caches; undefined for unknown workspaces. */
  load(name: string): Promise<CompiledWorkspace | undefined> {
    const cached = this.cache.get(name);
    if (cached) return Promise.resolve(cached);
    let p = this.loading.get(name);
    if (p) return p;
    const gen = this.generation.get(name) ?? 0;
    p = (async () => {
      let ws: Workspace | undefined;
      try {
        ws = await this.store.getWorkspace(name);
      } catch (err) {
        this.metrics.storeError("getWorkspace");
        throw err;
      }
      if (!ws) return undefined;
      let compiled: CompiledWorkspace;
      try {
        compiled = await compileWorkspace(this.store, ws, this.metrics.counters(name), this.logger);
      } catch (err) {
        this.metrics.storeError("compileWorkspace");
        throw err;
      }
      if ((this.generation.get(name) ?? 0) === gen) this.cache.set(name, compiled);
      return compiled;
    })();
    this.loading.set(name, p);
    const clear = (): void => {
      if (this.loading.get(name) === p) this.loading.delete(name);
    };
    p.then(clear, clear);
    return p;
  }

  /** Compile warnings of a workspace (admin API). */
  async warnings(name: string): Promise<string[]> {
    return (await this.load(name))?.warnings ?? [];
  }

  handle(ws: CompiledWorkspace, req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string, requestId: string, startedAt: number): void {
    if (ws.rateLimit !== null) {
      this.checkRateLimit(ws, ws.rateLimit, req, res, path, rawQuery, requestId, startedAt);
      return;
    }
    this.admit(ws, req, res, path, rawQuery, requestId, startedAt);
  }

  /** Counts the request against the workspace's limit; the in-memory answer is synchronous, a Redis one is bounded. */
  private checkRateLimit(ws: CompiledWorkspace, limit: RateLimit, req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string, requestId: string, startedAt: number): void {
    const nowMs = this.now();
    let answer: RateLimitDecision | Promise<RateLimitDecision>;
    try {
      answer = this.store.hitRateLimit(ws.name, limit, nowMs);
    } catch (err) {
      this.rateLimitFailed(ws, err as Error);
      this.admit(ws, req, res, path, rawQuery, requestId, startedAt);
      return;
    }
    if (!(answer instanceof Promise)) {
      this.applyRateLimit(ws, limit, answer, nowMs, req, res, path, rawQuery, requestId, startedAt);
      return;
    }
    const ms = this.options.rateLimitTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the rate-limit store did not answer within ${ms} ms`)), ms);
    });
    Promise.race([answer, late]).then(
      (decision) => {
        clearTimeout(timer);
        this.applyRateLimit(ws, limit, decision, nowMs, req, res, path, rawQuery, requestId, startedAt);
      },
      (err: Error) => {
        clearTimeout(timer);
        this.rateLimitFailed(ws, err);
        this.admit(ws, req, res, path, rawQuery, requestId, startedAt);
      },
    );
  }

  /** Fail open: the request is served; the failure is counted and logged (at most every 10 s). */
  private rateLimitFailed(ws: CompiledWorkspace, err: Error): void {
    this.metrics.rateLimitError();
    this.rateLimitFailuresSinceWarn++;
    const now = Date.now();
    if (now - this.lastRateLimitWarn > 10_000) {
      this.logger.warn("rate limit not checked, request served (fail open)", { workspace: ws.name, error: err.message, failures: this.rateLimitFailuresSinceWarn });
      this.lastRateLimitWarn = now;
      this.rateLimitFailuresSinceWarn = 0;
    }
  }

  private applyRateLimit(ws: CompiledWorkspace, limit: RateLimit, d: RateLimitDecision, nowMs: number, req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string, requestId: string, startedAt: number): void {
    const resetSeconds = Math.max(0, Math.ceil((d.resetMs - nowMs) / 1000));
    // On every response of the workspace (writeHead merges these with the responder's headers).
    res.setHeader("ratelimit-limit", String(d.limit));
    res.setHeader("ratelimit-remaining", String(d.remaining));
    res.setHeader("ratelimit-reset", String(resetSeconds));
    if (d.allowed) {
      this.admit(ws, req, res, path, rawQuery, requestId, startedAt);
      return;
    }
    ws.counters.rateLimited++;
    const retryAfter = Math.max(1, resetSeconds);
    this.sendProblemAndFinish(
      ws,
      new MatchInput(req.method ?? "GET", path, rawQuery, req.headers, EMPTY, ws.name, requestId),
      res,
      problem(429, "rate-limited", "Too Many Requests", `workspace ${ws.name} allows ${d.limit} requests per ${limit.windowSeconds} s; try again in ${retryAfter} s`, {
        limit: d.limit,
        windowSeconds: limit.windowSeconds,
      }),
      null,
      requestId,
      startedAt,
      "rateLimited",
      { "retry-after": String(retryAfter) },
    );
  }

  private admit(ws: CompiledWorkspace, req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string, requestId: string, startedAt: number): void {
    if (!hasBody(req)) {
      this.dispatch(ws, req, res, path, rawQuery, requestId, startedAt, EMPTY);
      return;
    }
    readBody(req, this.options.maxBodyBytes, WORKLOAD_ENV.maxBodyBytes).then(
      (body) => this.dispatch(ws, req, res, path, rawQuery, requestId, startedAt, body),
      (err) => {
        const p = err instanceof HttpProblem ? err.problem : problem(400, "bad-request", "Bad Request", (err as Error).message);
        if (p.status === 413) res.setHeader("connection", "close");
        this.sendProblemAndFinish(ws, new MatchInput(req.method ?? "GET", path, rawQuery, req.headers, EMPTY, ws.name, requestId), res, p, null, requestId, startedAt);
      },
    );
  }

  private dispatch(ws: CompiledWorkspace, req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string, requestId: string, startedAt: number, body: Buffer): void {
    const input = new MatchInput(req.method ?? "GET", path, rawQuery, req.headers, body, ws.name, requestId);
    if (!ws.router.needsScenarioState) {
      this.route(ws, input, res, null, startedAt);
      return;
    }
    this.store.getScenarioStates(ws.name).then(
      (states) => this.route(ws, input, res, states, startedAt),
      (err) => {
        this.metrics.storeError("getScenarioStates");
        this.logger.error("store error", { requestId, err });
        this.sendProblemAndFinish(ws, input, res, problem(503, "store-unavailable", "Service Unavailable", "scenario state could not be read; try again"), null, requestId, startedAt);
      },
    );
  }

  private route(ws: CompiledWorkspace, input: MatchInput, res: ServerResponse, states: Record<string, string> | null, startedAt: number): void {
    let route = ws.router.find(input, states);
    if (route === undefined && input.method === "HEAD") {
      // HEAD is GET without the body (RFC 9110 §9.3.2): answer it from the GET route; Node drops the body.
      const asGet = new MatchInput("GET", input.path, input.rawQuery, input.headers, input.body, input.workspace, input.requestId);
      route = ws.router.find(asGet, states);
      if (route !== undefined) input.params = asGet.params;
    }
    if (route === undefined) {
      if (ws.proxy) this.proxy(ws, input, res, startedAt);
      else this.notFound(ws, input, res, states, startedAt);
      return;
    }
    if (route.kind === "stub") this.respondStub(ws, route, input, res, startedAt);
    else this.respondOperation(ws, route, input, res, startedAt);
  }

  private finish(ws: CompiledWorkspace, input: MatchInput, status: number, matched: string | null, startedAt: number, outcome: UsageOutcome = matched !== null ? "matched" : "other"): void {
    const ms = performance.now() - startedAt;
    ws.counters.record(status, matched !== null);
    this.store.recordUsage(ws.name, status, outcome);
    this.metrics.observeDuration(ms / 1000);
    if (this.debug) {
      this.logger.debug("mock request", { requestId: input.requestId, workspace: ws.name, method: input.method, path: input.path, status, matched, durationMs: Math.round(ms * 1000) / 1000 });
    }
    if (this.options.journalSize > 0) {
      this.store.appendJournal(
        ws.name,
        {
          id: input.requestId,
          at: Date.now(),
          method: input.method,
          path: input.path,
          query: input.rawQuery,
          headers: input.headers,
          body: input.body.length === 0 ? undefined : input.body.length <= JOURNAL_BODY_LIMIT ? input.body : Buffer.from(input.body.subarray(0, JOURNAL_BODY_LIMIT)),
          bodySize: input.body.length,
          status,
          matched,
          durationMs: ms,
        },
        this.options.journalSize,
      );
    }
  }

  private sendProblemAndFinish(
    ws: CompiledWorkspace,
    input: MatchInput,
    res: ServerResponse,
    p: ProblemDetails,
    matched: string | null,
    requestId: string,
    startedAt: number,
    outcome?: UsageOutcome,
    headers?: Record<string, string>,
  ): void {
    sendProblem(res, p, { "x-request-id": requestId, ...headers });
    this.finish(ws, input, p.status, matched, startedAt, outcome);
  }

  private respondOperation(ws: CompiledWorkspace, route: OperationRoute, input: MatchInput, res: ServerResponse, startedAt: number): void {
    if (route.validate !== null) {
      const invalid = route.validate(input);
      if (invalid) {
        this.sendProblemAndFinish(ws, input, res, invalid, route.id, input.requestId, startedAt);
        return;
      }
    }
    const prefer = input.headers.prefer;
    const { response, body } = chooseResponse(route, typeof prefer === "string" ? prefer : undefined);
    let headers = response.headers;
    if (body !== response.body) headers = withHeader(headers, "content-length", String(body.length));
    headers[headers.length - 1] = input.requestId;
    res.writeHead(response.status, headers);
    res.end(body);
    this.finish(ws, input, response.status, route.id, startedAt);
  }

  private respondStub(ws: CompiledWorkspace, stub: CompiledStub, input: MatchInput, res: ServerResponse, startedAt: number): void {
    const scenario = stub.scenario;
    if (scenario?.newState !== undefined) {
      // Move the state machine before answering, so the next request sees it.
      this.store.setScenarioState(ws.name, scenario.name, scenario.newState).then(
        () => this.respondStubNow(ws, stub, input, res, startedAt),
        (err) => {
          this.metrics.storeError("setScenarioState");
          this.logger.error("store error", { requestId: input.requestId, err });
          this.sendProblemAndFinish(ws, input, res, problem(503, "store-unavailable", "Service Unavailable", "scenario state could not be saved; try again"), stub.id, input.requestId, startedAt);
        },
      );
      return;
    }
    this.respondStubNow(ws, stub, input, res, startedAt);
  }

  private respondStubNow(ws: CompiledWorkspace, stub: CompiledStub, input: MatchInput, res: ServerResponse, startedAt: number): void {
    const fault = stub.fault;
    const faulted = fault !== null && (fault.probability >= 1 || Math.random() < fault.probability);
    const send = (): void => {
      if (res.destroyed || res.writableEnded) return;
      if (faulted && fault!.type === "reset") {
        // Connection reset: drop the socket without an answer.
        res.socket?.resetAndDestroy?.() ?? res.socket?.destroy();
        this.finish(ws, input, 0, stub.id, startedAt);
        return;
      }
      if (faulted && fault!.type === "error") {
        this.sendProblemAndFinish(ws, input, res, problem(fault!.status, "injected-fault", "Injected fault", `stub ${stub.id} injected this error`), stub.id, input.requestId, startedAt);
        return;
      }
      if (stub.missingFile !== null) {
        this.sendProblemAndFinish(ws, input, res, problem(500, "missing-file", "Stub file missing", `stub ${stub.id} serves file ${JSON.stringify(stub.missingFile)}, which does not exist in workspace ${ws.name}; upload it with PUT /admin/workspaces/${ws.name}/files/${stub.missingFile}`), stub.id, input.requestId, startedAt);
        return;
      }
      let headers = stub.headers;
      let body = stub.body;
      let ctx: TemplateContext | undefined;
      if (stub.headerTemplates !== null || stub.renderBody !== null) {
        ctx = { request: input, rng: mathRandom };
        headers = headers.slice();
        if (stub.headerTemplates !== null) for (const [name, t] of stub.headerTemplates) headers.splice(headers.length - 2, 0, name, t.render(ctx).replace(/[\r\n]/g, " "));
        if (stub.renderBody !== null) {
          body = Buffer.from(stub.renderBody(ctx));
          if (!(faulted && fault!.type === "slow")) headers.splice(headers.length - 2, 0, "content-length", String(body.length));
        }
      }
      headers[headers.length - 1] = input.requestId;
      if (faulted && fault!.type === "slow") {
        this.sendSlowly(ws, stub, input, res, headers, body!, fault!.chunks, fault!.chunkDelayMs, startedAt);
        return;
      }
      res.writeHead(stub.status, headers);
      res.end(body);
      this.finish(ws, input, stub.status, stub.id, startedAt);
    };
    if (stub.delay !== null) setTimeout(send, delayMs(stub.delay));
    else send();
  }

  private sendSlowly(ws: CompiledWorkspace, stub: CompiledStub, input: MatchInput, res: ServerResponse, headers: string[], body: Buffer, chunks: number, delay: number, startedAt: number): void {
    const withoutLength: string[] = [];
    for (let i = 0; i < headers.length; i += 2) if (headers[i].toLowerCase() !== "content-length") withoutLength.push(headers[i], headers[i + 1]);
    res.writeHead(stub.status, withoutLength);
    const size = Math.max(1, Math.ceil(body.length / chunks));
    let offset = 0;
    const step = (): void => {
      if (res.destroyed) return;
      if (offset >= body.length) {
        res.end();
        this.finish(ws, input, stub.status, stub.id, startedAt);
        return;
      }
      res.write(body.subarray(offset, offset + size));
      offset += size;
      setTimeout(step, delay);
    };
    step();
  }

  private notFound(ws: CompiledWorkspace, input: MatchInput, res: ServerResponse, states: Record<string, string> | null, startedAt: number): void {
    const closest = closestRoutes(ws.router.routes, input, states);
    const detail =
      ws.router.routes.length === 0
        ? `workspace ${ws.name} has no stubs or OpenAPI operations yet`
        : `no stub or OpenAPI operation of workspace ${ws.name} matches ${input.method} ${input.path}`;
    this.sendProblemAndFinish(
      ws,
      input,
      res,
      problem(404, "no-match", "No matching stub", detail, {
        request: { method: input.method, path: input.path, query: input.rawQuery },
        closest,
      }),
      null,
      input.requestId,
      startedAt,
      "unmatched",
    );
  }

  private proxy(ws: CompiledWorkspace, input: MatchInput, res: ServerResponse, startedAt: number): void {
    const target = ws.proxy!;
    const key = `${ws.name} ${input.method} ${input.path}?${input.rawQuery}`;
    const record = target.record && !this.recording.has(key);
    if (record) this.recording.add(key);
    forward(input, res, input.requestId, {
      upstream: target.upstream,
      allowPrivate: this.options.proxyAllowPrivate,
      timeoutMs: this.options.proxyTimeoutMs,
      recordLimitBytes: record ? this.options.maxBodyBytes : 0,
    }).then(
      async (result) => {
        this.finish(ws, input, result.status, "proxy", startedAt);
        if (!record) return;
        try {
          const rec = recordedStub(input, result, `rec-${input.requestId}`);
          if (!rec) return;
          if (rec.file) await this.store.putFile(ws.name, rec.file);
          await this.store.putStubs(ws.name, [rec.stub], "append");
          this.logger.info("recorded stub", { workspace: ws.name, stubId: rec.stub.id, method: input.method, path: input.path });
        } catch (err) {
          this.metrics.storeError("putStubs");
          this.logger.error("recording failed", { workspace: ws.name, err });
        } finally {
          this.recording.delete(key);
        }
      },
      (err) => {
        if (record) this.recording.delete(key);
        const status = err instanceof ProxyError ? err.status : 502;
        this.logger.warn("proxy failed", { workspace: ws.name, requestId: input.requestId, error: (err as Error).message });
        this.sendProblemAndFinish(ws, input, res, problem(status, "proxy-failed", status === 504 ? "Upstream Timeout" : "Bad Gateway", (err as Error).message), "proxy", input.requestId, startedAt);
      },
    );
  }
}
