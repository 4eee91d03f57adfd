/**
 * Wires store, engine and the three listeners, and owns graceful shutdown:
 * stop accepting, fail readiness, let in-flight requests finish (closing
 * keep-alive connections as they go idle), force-close after the bound.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadBootstrap } from "./bootstrap";
import type { Config } from "./config";
import { Engine } from "./engine/engine";
import { createAdminServer, createMetricsServer } from "./http/admin-server";
import { newLifecycle, type Lifecycle } from "./http/lifecycle";
import { createMockServer } from "./http/mock-server";
import type { Logger } from "./log";
import { Metrics } from "./metrics";
import type { MockStore } from "./store/store";

export interface RunningApp {
  ports: { http: number; admin: number; metrics: number };
  lifecycle: Lifecycle;
  engine: Engine;
  store: MockStore;
  metrics: Metrics;
  /** Graceful stop; resolves once everything is closed. */
  shutdown(reason?: string): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.removeListener("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface AppOptions {
  /** Wall clock for rate-limit windows (tests inject one); Date.now by default. */
  now?: () => number;
}

export async function startApp(config: Config, store: MockStore, logger: Logger, options: AppOptions = {}): Promise<RunningApp> {
  const metrics = new Metrics();
  const lifecycle = newLifecycle();
  const engine = new Engine(
    store,
    {
      maxBodyBytes: config.maxBodyBytes,
      journalSize: config.journalSize,
      proxyAllowPrivate: config.proxyAllowPrivate,
      proxyTimeoutMs: config.proxyTimeoutMs,
      rateLimitTimeoutMs: config.rateLimitTimeoutMs,
      ...(options.now ? { now: options.now } : {}),
    },
    logger,
    metrics,
  );
  metrics.gauge("mockforge_inflight_requests", "Mock requests being served.", () => lifecycle.inflight);
  metrics.gauge("process_resident_memory_bytes", "Resident set size in bytes.", () => process.memoryUsage.rss());
  metrics.gauge("nodejs_heap_used_bytes", "V8 heap in use, bytes.", () => process.memoryUsage().heapUsed);
  const started = Date.now();
  metrics.gauge("process_uptime_seconds", "Seconds since start.", () => (Date.now() - started) / 1000);

  const mock = createMockServer({ config, engine, store, logger, metrics, lifecycle });
  const admin = createAdminServer(config, store, engine, logger, metrics);
  const metricsServer = createMetricsServer(config, metrics);

  const servers = [mock, admin, metricsServer];
  let ports: RunningApp["ports"];
  try {
    ports = {
      http: await listen(mock, config.port, config.host),
      admin: await listen(admin, config.adminPort, config.host),
      metrics: await listen(metricsServer, config.metricsPort, config.host),
    };
  } catch (err) {
    for (const s of servers) if (s.listening) s.close();
    throw err;
  }

  if (config.bootstrapPath) {
    try {
      await loadBootstrap(config.bootstrapPath, store, config, logger);
    } catch (err) {
      for (const s of servers) s.close();
      throw err;
    }
  }
  lifecycle.started = true;

  let stopping: Promise<void> | undefined;
  const shutdown = (reason = "shutdown"): Promise<void> => {
    if (stopping) return stopping;
    stopping = (async () => {
      const t0 = Date.now();
      logger.info("draining", { reason, inflight: lifecycle.inflight, timeoutMs: config.shutdownTimeoutMs });
      lifecycle.draining = true;
      const closing = servers.map(closeServer);
      for (const s of servers) s.closeIdleConnections();
      // Keep closing connections as their last response finishes.
      const idleSweep = setInterval(() => {
        for (const s of servers) s.closeIdleConnections();
      }, 50);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        Promise.all(closing).then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), config.shutdownTimeoutMs);
        }),
      ]);
      clearInterval(idleSweep);
      clearTimeout(timer);
      if (timedOut) {
        logger.warn("drain timed out; closing remaining connections", { inflight: lifecycle.inflight });
        for (const s of servers) s.closeAllConnections();
        await Promise.all(closing);
      }
      engine.close();
      await store.close();
      logger.info("stopped", { reason, drainMs: Date.now() - t0, forced: timedOut });
    })();
    return stopping;
  };

  logger.info("listening", { ports, host: config.host, store: store.kind, environment: config.environment, domain: config.domain ?? null });
  return { ports, lifecycle, engine, store, metrics, shutdown };
}
