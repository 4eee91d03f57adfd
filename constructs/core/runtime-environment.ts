import { DATABASE_NAME, ENV, PORTS } from "./runtime-contract";
import type { DeploymentContext, PostgresEndpoints, RedisSentinelEndpoints, SecretRef } from "./specs";

export interface RuntimeEnvironmentInput {
  readonly context: DeploymentContext;
  readonly postgres: PostgresEndpoints;
  readonly redis: RedisSentinelEndpoints;
  readonly assetsBucket: string;
  readonly adminSecret: SecretRef;
  /** The operator's admin API key (workspace management). */
  readonly operatorKey: SecretRef;
  /** @default "info" */
  readonly logLevel?: string;
}

export interface RuntimeEnvironment {
  /** Plain variables: addresses, names, ports. Never secret values. */
  readonly environment: Readonly<Record<string, string>>;
  /** Variables the platform injects from the secret store. */
  readonly secrets: Readonly<Record<string, SecretRef>>;
}

/**
 * Builds the server's environment from the runtime contract, the same way on
 * every cloud. Secrets travel only as references to the secret store.
 */
export function runtimeEnvironment(input: RuntimeEnvironmentInput): RuntimeEnvironment {
  const { context, postgres, redis } = input;
  const environment: Record<string, string> = {
    [ENV.port]: String(PORTS.http),
    [ENV.adminPort]: String(PORTS.admin),
    [ENV.metricsPort]: String(PORTS.metrics),
    [ENV.environment]: context.environment,
    [ENV.region]: context.region,
    [ENV.cloud]: context.cloud,
    [ENV.logLevel]: input.logLevel ?? "info",
    [ENV.databaseWriterHost]: `${postgres.writerHost}:${postgres.port}`,
    [ENV.databaseName]: postgres.databaseName || DATABASE_NAME,
    [ENV.databaseUser]: postgres.username,
    [ENV.databaseSslMode]: "require",
    [ENV.redisSentinels]: redis.sentinelAddresses.join(","),
    [ENV.redisMasterName]: redis.masterName,
    [ENV.assetsBucket]: input.assetsBucket,
  };
  if (postgres.readerHost !== undefined) {
    environment[ENV.databaseReaderHost] = `${postgres.readerHost}:${postgres.port}`;
  }
  return {
    environment,
    secrets: {
      [ENV.databasePassword]: postgres.passwordSecret,
      [ENV.redisPassword]: redis.passwordSecret,
      [ENV.adminSecret]: input.adminSecret,
      [ENV.operatorKey]: input.operatorKey,
    },
  };
}
