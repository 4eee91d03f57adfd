/**
 * Configuration from environment variables. Names shared with the
 * infrastructure come from the runtime contract; the few workload-only knobs
 * are declared in WORKLOAD_ENV below. Invalid configuration is refused at
 * startup with every problem listed (name, value, what would be right).
 */
import { randomBytes } from "node:crypto";
import { ENV, PORTS } from "./contract";
import { LOG_LEVELS, type LogLevel } from "./log";

/** Workload-only variables (not set by the infrastructure today). */
export const WORKLOAD_ENV = {
  /** Bind address for all three listeners. */
  host: "MOCKFORGE_HOST",
  /** Base domain for host routing: `<workspace>.<domain>`. Unset: only `/w/<workspace>/` prefixes. */
  domain: "MOCKFORGE_DOMAIN",
  maxBodyBytes: "MOCKFORGE_MAX_BODY_BYTES",
  maxImportBytes: "MOCKFORGE_MAX_IMPORT_BYTES",
  maxUrlBytes: "MOCKFORGE_MAX_URL_BYTES",
  maxHeaderBytes: "MOCKFORGE_MAX_HEADER_BYTES",
  journalSize: "MOCKFORGE_JOURNAL_SIZE",
  shutdownTimeoutMs: "MOCKFORGE_SHUTDOWN_TIMEOUT_MS",
  /** A bootstrap YAML file (workspaces, keys, OpenAPI documents, stubs, files) loaded into the store at startup. */
  bootstrap: "MOCKFORGE_BOOTSTRAP",
  /** Allow proxy upstreams on loopback/private addresses (off by default: SSRF guard). */
  proxyAllowPrivate: "MOCKFORGE_PROXY_ALLOW_PRIVATE",
  proxyTimeoutMs: "MOCKFORGE_PROXY_TIMEOUT_MS",
  /** Bound on a workspace rate-limit check (Redis); past it the request is served anyway (fail open). */
  rateLimitTimeoutMs: "MOCKFORGE_RATE_LIMIT_TIMEOUT_MS",
} as const;

export interface DatabaseConfig {
  writerHost: string;
  readerHost: string | undefined;
  name: string;
  user: string;
  password: string;
  /** `disable` is accepted only for a loopback writer/reader (tests, local development). */
  sslMode: "require" | "verify-full" | "disable";
}

export interface RedisConfig {
  sentinels: Array<{ host: string; port: number }>;
  masterName: string;
  password: string;
}

export interface Config {
  host: string;
  port: number;
  adminPort: number;
  metricsPort: number;
  environment: string;
  region: string | undefined;
  cloud: "aws" | "gcp" | "azure" | "oci" | undefined;
  logLevel: LogLevel;
  database: DatabaseConfig | undefined;
  redis: RedisConfig | undefined;
  assetsBucket: string | undefined;
  adminSecret: string;
  /** True when no secret was configured and a random per-process one is used. */
  adminSecretGenerated: boolean;
  operatorKey: string | undefined;
  /**
   * The edge's id every public request must carry in the edge-id header
   * (Azure Front Door's X-Azure-FDID), so traffic that bypasses the edge and
   * its WAF is refused; health paths are exempt for the platform's probes.
   */
  edgeId: string | undefined;
  domain: string | undefined;
  maxBodyBytes: number;
  maxImportBytes: number;
  maxUrlBytes: number;
  maxHeaderBytes: number;
  journalSize: number;
  shutdownTimeoutMs: number;
  bootstrapPath: string | undefined;
  proxyAllowPrivate: boolean;
  proxyTimeoutMs: number;
  rateLimitTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

const NAME_RE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const HOST_PORT_RE = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;
const CLOUDS = ["aws", "gcp", "azure", "oci"] as const;

function show(value: string): string {
  return JSON.stringify(value.length > 80 ? value.slice(0, 77) + "..." : value);
}

export function loadConfig(env: Env, generateSecret: () => string = defaultSecret): Config {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v === "" ? undefined : v;
  };
  const int = (name: string, fallback: number, min: number, max: number, what: string): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name}=${show(raw)} is not valid: expected ${what}, an integer from ${min} to ${max}`);
      return fallback;
    }
    return Number(raw);
  };
  const port = (name: string, fallback: number): number =>
    int(name, fallback, 0, 65535, "a TCP port (0 picks a free port)");

  const cfgPort = port(ENV.port, PORTS.http);
  const adminPort = port(ENV.adminPort, PORTS.admin);
  const metricsPort = port(ENV.metricsPort, PORTS.metrics);
  const ports = [
    [ENV.port, cfgPort],
    [ENV.adminPort, adminPort],
    [ENV.metricsPort, metricsPort],
  ] as const;
  for (let i = 0; i < ports.length; i++) {
    for (let j = i + 1; j < ports.length; j++) {
      if (ports[i][1] !== 0 && ports[i][1] === ports[j][1]) {
        problems.push(`${ports[i][0]} and ${ports[j][0]} are both ${ports[i][1]}: each listener needs its own port`);
      }
    }
  }

  const environment = read(ENV.environment) ?? "local";
  if (!NAME_RE.test(environment)) {
    problems.push(`${ENV.environment}=${show(environment)} is not valid: expected a lowercase name such as dev, staging or prod`);
  }
  const region = read(ENV.region);
  if (region !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/i.test(region)) {
    problems.push(`${ENV.region}=${show(region)} is not valid: expected a region name such as eu-west-1`);
  }
  const cloudRaw = read(ENV.cloud);
  let cloud: Config["cloud"];
  if (cloudRaw !== undefined) {
    if ((CLOUDS as readonly string[]).includes(cloudRaw)) cloud = cloudRaw as Config["cloud"];
    else problems.push(`${ENV.cloud}=${show(cloudRaw)} is not valid: expected one of ${CLOUDS.join(", ")}`);
  }
  const levelRaw = (read(ENV.logLevel) ?? "info").toLowerCase();
  let logLevel: LogLevel = "info";
  if ((LOG_LEVELS as readonly string[]).includes(levelRaw)) logLevel = levelRaw as LogLevel;
  else problems.push(`${ENV.logLevel}=${show(levelRaw)} is not valid: expected one of ${LOG_LEVELS.join(", ")}`);

  const database = readDatabase(read, problems);
  const redis = readRedis(read, problems);

  const assetsBucket = read(ENV.assetsBucket);
  let adminSecret = read(ENV.adminSecret);
  let adminSecretGenerated = false;
  if (adminSecret !== undefined && adminSecret.length < 32) {
    problems.push(`${ENV.adminSecret} is too short (${adminSecret.length} characters): use at least 32 random characters`);
  }
  if (adminSecret === undefined) {
    if (database !== undefined) {
      problems.push(`${ENV.adminSecret} is required when ${ENV.databaseWriterHost} is set: stored API key hashes need a stable secret`);
    }
    adminSecret = generateSecret();
    adminSecretGenerated = true;
  }

  // The operator key comes from the runtime contract: the stacks inject it from the secret store.
  const operatorKey = read(ENV.operatorKey);
  if (operatorKey !== undefined && operatorKey.length < 12) {
    problems.push(`${ENV.operatorKey} is too short (${operatorKey.length} characters): use at least 12`);
  }

  const edgeId = read(ENV.edgeId);
  if (edgeId !== undefined && !/^[A-Za-z0-9-]{1,128}$/.test(edgeId)) {
    problems.push(`${ENV.edgeId}=${show(edgeId)} is not valid: expected the edge's id (letters, digits and dashes, e.g. a Front Door profile GUID)`);
  }

  const domainRaw = read(WORKLOAD_ENV.domain);
  let domain: string | undefined;
  if (domainRaw !== undefined) {
    const d = domainRaw.toLowerCase().replace(/^\./, "");
    if (!/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(d) || d.length > 200) {
      problems.push(`${WORKLOAD_ENV.domain}=${show(domainRaw)} is not valid: expected a DNS name such as mock.example.com`);
    } else domain = d;
  }

  const hostRaw = read(WORKLOAD_ENV.host) ?? "0.0.0.0";
  if (!/^[A-Za-z0-9.:-]+$/.test(hostRaw)) {
    problems.push(`${WORKLOAD_ENV.host}=${show(hostRaw)} is not valid: expected an IP address or host name to bind`);
  }

  const boolean = (name: string): boolean => {
    const raw = read(name);
    if (raw === undefined) return false;
    if (/^(1|true|yes)$/i.test(raw)) return true;
    if (/^(0|false|no)$/i.test(raw)) return false;
    problems.push(`${name}=${show(raw)} is not valid: expected true or false`);
    return false;
  };

  const config: Config = {
    host: hostRaw,
    port: cfgPort,
    adminPort,
    metricsPort,
    environment,
    region,
    cloud,
    logLevel,
    database,
    redis,
    assetsBucket,
    adminSecret,
    adminSecretGenerated,
    operatorKey,
    edgeId,
    domain,
    maxBodyBytes: int(WORKLOAD_ENV.maxBodyBytes, 1024 * 1024, 1024, 64 * 1024 * 1024, "a body size limit in bytes"),
    maxImportBytes: int(WORKLOAD_ENV.maxImportBytes, 8 * 1024 * 1024, 1024, 256 * 1024 * 1024, "an import size limit in bytes"),
    maxUrlBytes: int(WORKLOAD_ENV.maxUrlBytes, 8 * 1024, 256, 64 * 1024, "a URL length limit in bytes"),
    maxHeaderBytes: int(WORKLOAD_ENV.maxHeaderBytes, 16 * 1024, 1024, 256 * 1024, "a header section limit in bytes"),
    journalSize: int(WORKLOAD_ENV.journalSize, 1000, 0, 1_000_000, "journal entries kept per workspace"),
    shutdownTimeoutMs: int(WORKLOAD_ENV.shutdownTimeoutMs, 10_000, 0, 600_000, "a drain bound in milliseconds"),
    bootstrapPath: read(WORKLOAD_ENV.bootstrap),
    proxyAllowPrivate: boolean(WORKLOAD_ENV.proxyAllowPrivate),
    proxyTimeoutMs: int(WORKLOAD_ENV.proxyTimeoutMs, 10_000, 100, 600_000, "a proxy timeout in milliseconds"),
    rateLimitTimeoutMs: int(WORKLOAD_ENV.rateLimitTimeoutMs, 250, 10, 5000, "a rate-limit check bound in milliseconds"),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function defaultSecret(): string {
  return randomBytes(32).toString("hex");
}

function readDatabase(read: (n: string) => string | undefined, problems: string[]): DatabaseConfig | undefined {
  const writerHost = read(ENV.databaseWriterHost);
  const others = [ENV.databaseReaderHost, ENV.databaseName, ENV.databaseUser, ENV.databasePassword, ENV.databaseSslMode];
  if (writerHost === undefined) {
    const stray = others.filter((n) => read(n) !== undefined);
    if (stray.length > 0) {
      problems.push(`${stray.join(", ")} set without ${ENV.databaseWriterHost}: set the writer endpoint too, or unset them to run in memory`);
    }
    return undefined;
  }
  const hostPort = (name: string, value: string): void => {
    if (!HOST_PORT_RE.test(value) || Number(value.slice(value.lastIndexOf(":") + 1)) > 65535) {
      problems.push(`${name}=${show(value)} is not valid: expected host:port, e.g. db.internal:5432`);
    }
  };
  hostPort(ENV.databaseWriterHost, writerHost);
  const readerHost = read(ENV.databaseReaderHost);
  if (readerHost !== undefined) hostPort(ENV.databaseReaderHost, readerHost);
  const need = (name: string): string => {
    const v = read(name);
    if (v === undefined) problems.push(`${name} is required when ${ENV.databaseWriterHost} is set`);
    return v ?? "";
  };
  const name = need(ENV.databaseName);
  const user = need(ENV.databaseUser);
  const password = need(ENV.databasePassword);
  const ssl = read(ENV.databaseSslMode) ?? "require";
  let sslMode: DatabaseConfig["sslMode"] = "require";
  if (ssl === "require" || ssl === "verify-full") sslMode = ssl;
  else if (ssl === "disable") {
    const remote = [writerHost, readerHost].filter((h): h is string => h !== undefined && !isLoopbackHostPort(h));
    if (remote.length > 0) {
      problems.push(`${ENV.databaseSslMode}="disable" is not valid for ${remote.join(", ")}: clear text is allowed only to a loopback host; expected require or verify-full`);
    } else sslMode = "disable";
  } else {
    problems.push(`${ENV.databaseSslMode}=${show(ssl)} is not valid: expected require or verify-full (never clear text; disable only for a loopback host)`);
  }
  return { writerHost, readerHost, name, user, password, sslMode };
}

function isLoopbackHostPort(hostPort: string): boolean {
  const h = hostPort.slice(0, hostPort.lastIndexOf(":")).replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function readRedis(read: (n: string) => string | undefined, problems: string[]): RedisConfig | undefined {
  const raw = read(ENV.redisSentinels);
  if (raw === undefined) {
    const stray = [ENV.redisMasterName, ENV.redisPassword].filter((n) => read(n) !== undefined);
    if (stray.length > 0) {
      problems.push(`${stray.join(", ")} set without ${ENV.redisSentinels}: set the Sentinel addresses too, or unset them to run in memory`);
    }
    return undefined;
  }
  const sentinels: Array<{ host: string; port: number }> = [];
  for (const part of raw.split(",").map((s) => s.trim())) {
    const m = HOST_PORT_RE.exec(part);
    if (!m || Number(m[2]) > 65535 || Number(m[2]) === 0) {
      problems.push(`${ENV.redisSentinels} entry ${show(part)} is not valid: expected a comma-separated host:port list, e.g. 10.0.1.5:26379,10.0.2.5:26379`);
    } else sentinels.push({ host: m[1], port: Number(m[2]) });
  }
  const masterName = read(ENV.redisMasterName) ?? "mockforge";
  const password = read(ENV.redisPassword);
  if (password === undefined) problems.push(`${ENV.redisPassword} is required when ${ENV.redisSentinels} is set`);
  return { sentinels, masterName, password: password ?? "" };
}
