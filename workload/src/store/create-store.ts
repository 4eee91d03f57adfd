/** Picks the store implementation from configuration. */
import type { Config } from "../config";
import { ENV } from "../contract";
import { InMemoryStore } from "./memory-store";
import type { MockStore } from "./store";

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

export function createStore(config: Config): MockStore {
  if (config.database !== undefined || config.redis !== undefined) {
    const which = [config.database ? ENV.databaseWriterHost : undefined, config.redis ? ENV.redisSentinels : undefined]
      .filter(Boolean)
      .join(" and ");
    throw new StartupError(
      `${which} ${which.includes(" and ") ? "are" : "is"} set, but this build only has the in-memory store ` +
        `(the Postgres + Redis store is not implemented yet). Unset ${which} to run in memory.`,
    );
  }
  return new InMemoryStore();
}
