/**
 * Process entry point: `node dist/workload/src/main.js`.
 * Exit codes: 0 after a graceful stop, 78 for invalid configuration (EX_CONFIG), 1 for other startup failures.
 */
import { startApp } from "./app";
import { ConfigError, loadConfig } from "./config";
import { createLogger } from "./log";
import { createStore, StartupError } from "./store/create-store";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`mockforge: refusing to start, ${err.message}\n`);
      process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: "error", msg: "invalid configuration", problems: err.problems }) + "\n");
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel, base: { service: "mockforge", environment: config.environment, ...(config.region ? { region: config.region } : {}) } });
  if (config.adminSecretGenerated) logger.warn("MOCKFORGE_ADMIN_SECRET is not set: using a random per-process secret (API keys do not survive a restart)");
  if (!config.operatorKey) logger.warn("MOCKFORGE_OPERATOR_KEY is not set: workspace management endpoints answer 401");

  let app;
  try {
    const store = await createStore(config, logger);
    app = await startApp(config, store, logger);
  } catch (err) {
    const message = err instanceof StartupError ? err.message : `startup failed: ${(err as Error).message}`;
    process.stderr.write(`mockforge: refusing to start, ${message}\n`);
    logger.error("startup failed", { error: message });
    process.exit(err instanceof StartupError ? 78 : 1);
  }
  const running = app;
  const stop = (signal: string): void => {
    running.shutdown(signal).then(
      () => process.exit(0),
      (err) => {
        logger.error("shutdown failed", { err });
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  process.on("uncaughtException", (err) => {
    logger.error("uncaught exception", { err });
    process.exit(1);
  });
  process.on("unhandledRejection", (err) => {
    logger.error("unhandled rejection", { err });
  });
}

void main();
