/**
 * The runtime contract between the infrastructure and the MockForge server.
 *
 * This module is the single definition of the ports, health paths and
 * environment variable names that the compute constructs set and the
 * workload reads. Both sides import it, so a rename cannot drift.
 * It has no imports on purpose: the workload package consumes it as-is.
 */

/** Ports the server listens on inside the container. */
export const PORTS = {
  /** Public mock traffic (the load balancer's target). */
  http: 3000,
  /** Admin API: never exposed through the public load balancer. */
  admin: 9080,
  /** Prometheus metrics, scraped inside the private network. */
  metrics: 9090,
} as const;

/** Health endpoints, served on the HTTP port. */
export const HEALTH_PATHS = {
  /** Process is alive; failing it restarts the container. */
  live: "/health/live",
  /** Ready to take traffic (dependencies reachable); load balancers probe this. */
  ready: "/health/ready",
  /** Startup finished (migrations, caches warm); gates the other probes. */
  startup: "/health/startup",
} as const;

/** Environment variable names the server reads. */
export const ENV = {
  port: "PORT",
  adminPort: "ADMIN_PORT",
  metricsPort: "METRICS_PORT",
  /** Deployment environment name (dev, staging, prod). */
  environment: "MOCKFORGE_ENV",
  /** Cloud region the instance runs in. */
  region: "MOCKFORGE_REGION",
  /** Cloud name (aws, gcp, azure, oci). */
  cloud: "MOCKFORGE_CLOUD",
  logLevel: "LOG_LEVEL",

  /** Postgres writer endpoint as host:port. */
  databaseWriterHost: "DATABASE_HOST",
  /** Postgres reader endpoint as host:port; absent means read from the writer. */
  databaseReaderHost: "DATABASE_READER_HOST",
  databaseName: "DATABASE_NAME",
  databaseUser: "DATABASE_USER",
  /** Secret: the database password. Injected from the cloud's secret store. */
  databasePassword: "DATABASE_PASSWORD",
  /** `require` or `verify-full`; the server never connects in clear text. */
  databaseSslMode: "DATABASE_SSLMODE",

  /** Comma-separated host:port list of Redis Sentinel nodes. */
  redisSentinels: "REDIS_SENTINELS",
  /** Sentinel master group name. */
  redisMasterName: "REDIS_MASTER_NAME",
  /** Secret: the Redis AUTH password (also the Sentinel password). */
  redisPassword: "REDIS_PASSWORD",

  /** Object storage bucket for mock assets and exports. */
  assetsBucket: "ASSETS_BUCKET",
  /** Secret: key used to sign admin API sessions and hash API keys. */
  adminSecret: "MOCKFORGE_ADMIN_SECRET",
  /** Secret: bearer key of the operator (workspace management on the admin API). */
  operatorKey: "MOCKFORGE_OPERATOR_KEY",
  /**
   * Optional: the edge's id the server requires in a request header (Azure
   * Front Door sends it as X-Azure-FDID), so traffic that bypasses the edge is
   * refused. Unset means no check.
   */
  edgeId: "MOCKFORGE_FRONT_DOOR_ID",
} as const;

/** Header that carries the edge's id (see ENV.edgeId). */
export const EDGE_ID_HEADER = "X-Azure-FDID";

/** Names of the variables whose values are secrets: never plain environment values. */
export const SECRET_ENV_NAMES: readonly string[] = [ENV.databasePassword, ENV.redisPassword, ENV.adminSecret, ENV.operatorKey];

/** The Redis Sentinel master group name every deployment uses. */
export const REDIS_MASTER_NAME = "mockforge";
/** Port of redis-server on each Sentinel node. */
export const REDIS_PORT = 6379;
/** Port of redis-sentinel on each Sentinel node. */
export const SENTINEL_PORT = 26379;
/** Postgres port. */
export const POSTGRES_PORT = 5432;
/** The application database and its owner role. */
export const DATABASE_NAME = "mockforge";
export const DATABASE_USER = "mockforge";
