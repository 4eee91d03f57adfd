/** Test harness: an in-process server on 127.0.0.1 ephemeral ports, with a silent logger. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { startApp, type AppOptions, type RunningApp } from "../src/app";
import { loadConfig, type Config } from "../src/config";
import { createLogger, type Logger } from "../src/log";
import { InMemoryStore } from "../src/store/memory-store";
import type { MockStore } from "../src/store/store";

export const OPERATOR_KEY = "test-operator-key-123";
// Compiled to dist-test/workload/test/, three levels below the package root.
export const WORKLOAD_ROOT = join(__dirname, "..", "..", "..");

export function fixture(name: string): string {
  return readFileSync(join(WORKLOAD_ROOT, "test", "fixtures", name), "utf8");
}

export function example(name: string): string {
  return readFileSync(join(WORKLOAD_ROOT, "examples", name), "utf8");
}

export interface TestServer<S extends MockStore = InMemoryStore> {
  app: RunningApp;
  config: Config;
  store: S;
  logs: string[];
  mockUrl: string;
  adminUrl: string;
  metricsUrl: string;
  /** Admin call with a bearer key (operator by default). */
  admin(method: string, path: string, body?: unknown, opts?: { key?: string | null; contentType?: string; raw?: string | Buffer }): Promise<Response>;
  /** Creates a workspace and returns its API key. */
  workspace(name: string, settings?: unknown): Promise<string>;
  mock(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export function startTestServer(env?: Record<string, string>): Promise<TestServer>;
export function startTestServer<S extends MockStore>(env: Record<string, string>, makeStore: (config: Config, logger: Logger) => Promise<S>, options?: AppOptions): Promise<TestServer<S>>;
export async function startTestServer(
  env: Record<string, string> = {},
  makeStore: (config: Config, logger: Logger) => Promise<MockStore> = async () => new InMemoryStore(),
  options: AppOptions = {},
): Promise<TestServer<MockStore>> {
  const config = loadConfig({
    PORT: "0",
    ADMIN_PORT: "0",
    METRICS_PORT: "0",
    MOCKFORGE_HOST: "127.0.0.1",
    MOCKFORGE_OPERATOR_KEY: OPERATOR_KEY,
    LOG_LEVEL: "debug",
    MOCKFORGE_SHUTDOWN_TIMEOUT_MS: "2000",
    ...env,
  });
  const logs: string[] = [];
  const logger = createLogger({ level: config.logLevel, write: (line) => void logs.push(line) });
  const store = await makeStore(config, logger);
  const app = await startApp(config, store, logger, options);
  const mockUrl = `http://127.0.0.1:${app.ports.http}`;
  const adminUrl = `http://127.0.0.1:${app.ports.admin}`;
  const s: TestServer<MockStore> = {
    app,
    config,
    store,
    logs,
    mockUrl,
    adminUrl,
    metricsUrl: `http://127.0.0.1:${app.ports.metrics}`,
    async admin(method, path, body, opts = {}) {
      const headers: Record<string, string> = {};
      const key = opts.key === undefined ? OPERATOR_KEY : opts.key;
      if (key !== null) headers.authorization = `Bearer ${key}`;
      let payload: string | Buffer | undefined = opts.raw;
      if (payload === undefined && body !== undefined) payload = typeof body === "string" ? body : JSON.stringify(body);
      if (payload !== undefined) headers["content-type"] = opts.contentType ?? "application/json";
      return fetch(adminUrl + path, { method, headers, body: payload });
    },
    async workspace(name, settings) {
      const res = await s.admin("POST", "/admin/workspaces", { name, ...(settings ? { settings } : {}) });
      if (res.status !== 201) throw new Error(`workspace ${name}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { apiKey: { key: string } };
      return body.apiKey.key;
    },
    mock(path, init) {
      return fetch(mockUrl + path, init);
    },
    close() {
      return app.shutdown("test");
    },
  };
  return s;
}

/** Adds stubs through the admin API (asserting success). */
export async function addStubs(s: TestServer<MockStore>, ws: string, stubs: unknown[], key?: string): Promise<void> {
  const res = await s.admin("POST", `/admin/workspaces/${ws}/stubs/import`, { stubs }, key ? { key } : {});
  if (res.status !== 200) throw new Error(`import failed: ${res.status} ${await res.text()}`);
}

export async function importOpenApi(s: TestServer<MockStore>, ws: string, text: string, query = "", contentType = "application/yaml"): Promise<Response> {
  return s.admin("POST", `/admin/workspaces/${ws}/openapi${query}`, undefined, { raw: text, contentType });
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with full control over headers and target (fetch normalizes both). */
export function rawRequest(url: string, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, method: opts.method ?? "GET", path: opts.path, headers: opts.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** Sends raw bytes over TCP and returns whatever comes back before the server closes (or the timeout). */
export function rawTcp(port: number, payload: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString("utf8"));
    }, timeoutMs);
    socket.on("data", (c) => chunks.push(c));
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    socket.on("error", (err) => {
      clearTimeout(timer);
      if (chunks.length > 0) resolve(Buffer.concat(chunks).toString("utf8"));
      else reject(err);
    });
    socket.write(payload);
  });
}

export async function json<T = Record<string, any>>(res: Response): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`not JSON (status ${res.status}): ${text.slice(0, 300)}`);
  }
}

export { setTimeout as sleep } from "node:timers/promises";

/** Polls until `fn` resolves true; returns the elapsed milliseconds, fails the test after `timeoutMs`. */
export async function waitFor(what: string, fn: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await fn().catch(() => false)) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) assert.fail(`${what}: not within ${timeoutMs} ms`);
    await delay(25);
  }
}
