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

export interface CreateStoreOptions {
  databaseWaitMs?: number;
  redisWaitMs?: number;
  /** Postgres LISTEN for changes (default true); tests turn it off to prove the Redis channel alone. */
  postgresListen?: boolean;
}

/**
 * In memory with no database configured; Postgres (schema migrated, change listener
 * running) with DATABASE_HOST; with REDIS_SENTINELS, scenario state, the journal, usage
 * counters and rate-limit windows move to Redis (through Sentinel) on top of either, and
 * changes are also announced on the Redis channel.
 */
export async function createStore(config: Config, logger: Logger, opts: CreateStoreOptions = {}): Promise<MockStore> {
  let base: MockStore;
  if (config.database !== undefined) {
    const pg = new PostgresStore(config.database, logger, { listen: opts.postgresListen ?? true });
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
    logger.warn(
      `${ENV.redisSentinels} is set without ${ENV.databaseWriterHost}: scenario state, the journal, usage counters and rate limits are shared, stubs and documents stay per instance`,
    );
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
