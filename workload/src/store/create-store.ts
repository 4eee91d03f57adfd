/** Picks the store implementation from configuration. */
import type { Config } from "../config";
import { ENV } from "../contract";
import type { Logger } from "../log";
import { InMemoryStore } from "./memory-store";
import { PostgresStore } from "./postgres-store";
import { RedisStateStore } from "./redis-state";
import type { MockStore } from "./store";

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

/**
 * In memory with no database configured; Postgres (schema migrated, change listener
 * running) with DATABASE_HOST; with REDIS_SENTINELS, scenario state and the journal
 * move to Redis (through Sentinel) on top of either.
 */
export async function createStore(config: Config, logger: Logger, opts: { databaseWaitMs?: number; redisWaitMs?: number } = {}): Promise<MockStore> {
  let base: MockStore;
  if (config.database !== undefined) {
    const pg = new PostgresStore(config.database, logger);
    try {
      await pg.start(opts.databaseWaitMs);
    } catch (err) {
      await pg.close();
      throw err;
    }
    base = pg;
  } else base = new InMemoryStore();
  if (config.redis === undefined) return base;
  if (config.database === undefined) {
    logger.warn(`${ENV.redisSentinels} is set without ${ENV.databaseWriterHost}: scenario state and the journal are shared, stubs and documents stay per instance`);
  }
  const store = new RedisStateStore(base, config.redis, logger);
  try {
    await store.start(opts.redisWaitMs);
  } catch (err) {
    await store.close();
    throw new Error(`redis through sentinel (${config.redis.sentinels.map((s) => `${s.host}:${s.port}`).join(",")}, master ${config.redis.masterName}): ${(err as Error).message}`);
  }
  return store;
}
