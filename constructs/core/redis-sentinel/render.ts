/**
 * Pure renderers for one node of a self-hosted Redis Sentinel cluster:
 * redis.conf and sentinel.conf, cloud-neutral (every cloud's VM boots them
 * through cloud-init). No I/O here, so every line is unit-testable.
 */
import { isIP } from "node:net";
import { REDIS_MASTER_NAME, REDIS_PORT, SENTINEL_PORT } from "../runtime-contract";

export interface RedisSentinelNodeOptions {
  /** Position of this node in `nodeAddresses`. */
  readonly nodeIndex: number;
  /**
   * Announce address (IP or DNS name) of every node, in a stable order; index 0 is the
   * initial primary. At least 3 nodes, so that a majority survives the loss of one.
   */
  readonly nodeAddresses: readonly string[];
  /**
   * Port of redis-server on every node.
   * @default REDIS_PORT from the runtime contract (6379)
   */
  readonly redisPort?: number;
  /**
   * Port of redis-sentinel on every node.
   * @default SENTINEL_PORT from the runtime contract (26379)
   */
  readonly sentinelPort?: number;
  /**
   * Local address both servers listen on.
   * @default "0.0.0.0" (all interfaces; the network's firewall rules limit who can connect)
   */
  readonly bindAddress?: string;
  /** Absolute directory for the AOF and RDB files (redis) or working directory (sentinel). */
  readonly dataDir: string;
  /**
   * The AUTH password for Redis and Sentinel alike: a literal value, or a placeholder
   * that a boot script substitutes (see `TEMPLATE_TOKENS`).
   */
  readonly password: string;
  /**
   * Sentinel master group name.
   * @default REDIS_MASTER_NAME from the runtime contract ("mockforge")
   */
  readonly masterName?: string;
  /** Sentinels that must agree the primary is down before a failover; a majority of the nodes. */
  readonly quorum: number;
  /** Milliseconds without a valid reply before a Sentinel considers an instance down. */
  readonly downAfterMilliseconds: number;
  /** Sentinel failover timeout in milliseconds (also the retry delay of a failed failover). */
  readonly failoverTimeoutMilliseconds: number;
  /**
   * Memory limit in bytes; writes fail with an OOM error beyond it (nothing is evicted).
   * @default no maxmemory line: Redis may grow until the operating system stops it
   */
  readonly maxMemoryBytes?: number;
  /**
   * The primary this node replicates from (redis) and monitors (sentinel) when it starts.
   * Must be one of `nodeAddresses`.
   * @default nodeAddresses[0]
   */
  readonly initialPrimaryAddress?: string;
}

/** Options of the config templates a boot script completes: what is known only at boot is left out. */
export type RedisSentinelTemplateOptions = Omit<RedisSentinelNodeOptions, "password" | "initialPrimaryAddress" | "maxMemoryBytes">;

/**
 * Tokens in the templates that the boot script replaces. The replacement is literal text
 * (never a regex or sed expression), so any valid password is safe.
 */
export const TEMPLATE_TOKENS = {
  /** The AUTH password, fetched from the secret store at boot. */
  password: "@@REDIS_PASSWORD@@",
  /** Address of the current primary (sentinel.conf's monitor line). */
  primaryAddress: "@@REDIS_PRIMARY_ADDRESS@@",
  /** The whole replicaof line of redis.conf: a directive, or a comment on the primary. */
  replicaOf: "@@REDIS_REPLICAOF@@",
  /** maxmemory in bytes, computed from the VM's memory. */
  maxMemoryBytes: "@@REDIS_MAXMEMORY_BYTES@@",
} as const;

/** Values for every token in `TEMPLATE_TOKENS`. */
export interface TemplateValues {
  readonly password: string;
  readonly primaryAddress: string;
  readonly replicaOf: string;
  readonly maxMemoryBytes: string;
}

/**
 * Commands disabled on every node: they wipe the whole state store in one call.
 * CONFIG, REPLICAOF/SLAVEOF, CLIENT, INFO, MULTI/EXEC, PUBLISH and SCRIPT stay: Sentinel needs them.
 */
export const DISABLED_COMMANDS: readonly string[] = ["FLUSHALL", "FLUSHDB"];

/** The replicaof line on the node that is primary at boot (a comment: Redis has no "replicaof none" line). */
export const PRIMARY_REPLICAOF_COMMENT = "# replicaof: none, this node is the primary at boot (Sentinel reconfigures it when that changes)";

/** Options after validation, with defaults applied. */
export interface ResolvedRedisSentinelNode {
  readonly nodeIndex: number;
  readonly nodeAddresses: readonly string[];
  readonly selfAddress: string;
  readonly redisPort: number;
  readonly sentinelPort: number;
  readonly bindAddress: string;
  readonly dataDir: string;
  readonly password: string;
  readonly masterName: string;
  readonly quorum: number;
  readonly downAfterMilliseconds: number;
  readonly failoverTimeoutMilliseconds: number;
  readonly maxMemoryBytes?: number;
  readonly initialPrimaryAddress: string;
  /** True when any address is a DNS name: Sentinel must then resolve and announce host names. */
  readonly usesHostnames: boolean;
}

const WHERE = "RedisSentinel";
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
// Whitespace splits a config line, quotes start a quoted token, control characters end it.
const UNSAFE_CONFIG_CHARS = /[\s"'\x00-\x1f\x7f]/;

function fail(field: string, value: unknown, allowed: string): never {
  throw new Error(`${WHERE}: ${field} is ${JSON.stringify(value)}; allowed: ${allowed}.`);
}

function integerIn(field: string, value: number, min: number, max: number, allowed?: string): number {
  if (!Number.isInteger(value) || value < min || value > max) fail(field, value, allowed ?? `an integer from ${min} to ${max}`);
  return value;
}

function isAddress(value: string): boolean {
  return isIP(value) !== 0 || HOSTNAME.test(value);
}

/** Validates the options and applies defaults; throws an Error naming the field, value and what is allowed. */
export function resolveRedisSentinelNode(o: RedisSentinelNodeOptions): ResolvedRedisSentinelNode {
  const addresses = o.nodeAddresses;
  if (!Array.isArray(addresses) || addresses.length < 3) {
    fail("nodeAddresses.length", Array.isArray(addresses) ? addresses.length : addresses, "at least 3 nodes, so a majority survives the loss of one");
  }
  const seen = new Set<string>();
  addresses.forEach((address, i) => {
    if (typeof address !== "string" || !isAddress(address)) fail(`nodeAddresses[${i}]`, address, "an IPv4/IPv6 address or a DNS host name");
    const key = address.toLowerCase();
    if (seen.has(key)) fail(`nodeAddresses[${i}]`, address, "addresses that are unique across nodes");
    seen.add(key);
  });
  const n = addresses.length;
  const nodeIndex = integerIn("nodeIndex", o.nodeIndex, 0, n - 1, `an integer from 0 to ${n - 1} (one of the ${n} nodeAddresses)`);
  const majority = Math.floor(n / 2) + 1;
  const quorum = integerIn("quorum", o.quorum, Math.max(2, majority), n, `an integer from ${Math.max(2, majority)} (a majority of ${n} nodes) to ${n}`);
  const redisPort = integerIn("redisPort", o.redisPort ?? REDIS_PORT, 1, 65535);
  const sentinelPort = integerIn("sentinelPort", o.sentinelPort ?? SENTINEL_PORT, 1, 65535);
  if (redisPort === sentinelPort) fail("sentinelPort", sentinelPort, `a port other than redisPort (${redisPort})`);
  const bindAddress = o.bindAddress ?? "0.0.0.0";
  if (isIP(bindAddress) === 0) fail("bindAddress", bindAddress, "an IPv4 or IPv6 address of this machine, e.g. 0.0.0.0");
  if (typeof o.dataDir !== "string" || !o.dataDir.startsWith("/") || UNSAFE_CONFIG_CHARS.test(o.dataDir)) {
    fail("dataDir", o.dataDir, "an absolute path without whitespace, quotes or control characters");
  }
  if (typeof o.password !== "string" || o.password.length === 0 || UNSAFE_CONFIG_CHARS.test(o.password)) {
    // Never echo a password into an error message or a log.
    throw new Error(`${WHERE}: password is ${typeof o.password === "string" && o.password.length > 0 ? "a value with whitespace, quotes or control characters" : "empty"}; allowed: a non-empty value without whitespace, quotes or control characters (they would break the config line).`);
  }
  const masterName = o.masterName ?? REDIS_MASTER_NAME;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(masterName)) fail("masterName", masterName, "1-64 letters, digits, '.', '_' or '-'");
  const downAfterMilliseconds = integerIn("downAfterMilliseconds", o.downAfterMilliseconds, 100, 3_600_000);
  const failoverTimeoutMilliseconds = integerIn("failoverTimeoutMilliseconds", o.failoverTimeoutMilliseconds, 1000, 86_400_000);
  if (o.maxMemoryBytes !== undefined) integerIn("maxMemoryBytes", o.maxMemoryBytes, 1024 * 1024, Number.MAX_SAFE_INTEGER, "an integer number of bytes, at least 1 MiB");
  const initialPrimaryAddress = o.initialPrimaryAddress ?? addresses[0];
  if (!addresses.includes(initialPrimaryAddress)) fail("initialPrimaryAddress", initialPrimaryAddress, `one of nodeAddresses (${addresses.join(", ")})`);
  return {
    nodeIndex,
    nodeAddresses: [...addresses],
    selfAddress: addresses[nodeIndex],
    redisPort,
    sentinelPort,
    bindAddress,
    dataDir: o.dataDir,
    password: o.password,
    masterName,
    quorum,
    downAfterMilliseconds,
    failoverTimeoutMilliseconds,
    maxMemoryBytes: o.maxMemoryBytes,
    initialPrimaryAddress,
    usesHostnames: addresses.some((a) => isIP(a) === 0),
  };
}

/** The replicaof line of a node: a directive on replicas, a comment on the primary. */
export function replicaOfLine(selfAddress: string, primaryAddress: string, redisPort: number): string {
  return selfAddress === primaryAddress ? PRIMARY_REPLICAOF_COMMENT : `replicaof ${primaryAddress} ${redisPort}`;
}

interface RedisConfSlots {
  readonly password: string;
  readonly replicaOf: string;
  readonly maxMemoryBytes?: string;
}

function redisConf(r: ResolvedRedisSentinelNode, s: RedisConfSlots): string {
  return lines(
    "# redis.conf rendered by MockForge (constructs/core/redis-sentinel/render.ts).",
    "# On failover Sentinel rewrites replicaof here (CONFIG REWRITE); the boot script renders it from Sentinel's view.",
    "daemonize no",
    `bind ${r.bindAddress}`,
    `port ${r.redisPort}`,
    "protected-mode yes",
    `requirepass ${s.password}`,
    `masterauth ${s.password}`,
    "tcp-keepalive 60",
    "timeout 0",
    "# stdout: journald under systemd, the parent process in tests",
    'logfile ""',
    "loglevel notice",
    "always-show-logo no",
    "",
    "# Durability: every write is in the AOF within a second; RDB snapshots speed up restarts.",
    `dir ${r.dataDir}`,
    "appendonly yes",
    "appendfsync everysec",
    "aof-use-rdb-preamble yes",
    "save 3600 1 300 100 60 10000",
    "stop-writes-on-bgsave-error yes",
    "",
    "# Replication",
    `replica-announce-ip ${r.selfAddress}`,
    `replica-announce-port ${r.redisPort}`,
    s.replicaOf,
    "replica-read-only yes",
    "replica-serve-stale-data yes",
    "repl-diskless-sync yes",
    "# An acknowledged write reached at least one replica, so a failover cannot lose it.",
    "min-replicas-to-write 1",
    "min-replicas-max-lag 10",
    "",
    "# A state store, not a cache: refuse writes when full instead of evicting data.",
    ...(s.maxMemoryBytes !== undefined ? [`maxmemory ${s.maxMemoryBytes}`] : []),
    "maxmemory-policy noeviction",
    "",
    "# Hardening",
    "enable-protected-configs no",
    "enable-debug-command no",
    "enable-module-command no",
    ...DISABLED_COMMANDS.map((c) => `rename-command ${c} ""`),
  );
}

function sentinelConf(r: ResolvedRedisSentinelNode, password: string, primaryAddress: string): string {
  const m = r.masterName;
  return lines(
    "# sentinel.conf rendered by MockForge (constructs/core/redis-sentinel/render.ts).",
    "# Sentinel rewrites this file with what it learns (epochs, replicas, peers): keep it, never re-render it.",
    "daemonize no",
    `bind ${r.bindAddress}`,
    `port ${r.sentinelPort}`,
    "protected-mode yes",
    'logfile ""',
    `dir ${r.dataDir}`,
    `sentinel announce-ip ${r.selfAddress}`,
    `sentinel announce-port ${r.sentinelPort}`,
    ...(r.usesHostnames ? ["sentinel resolve-hostnames yes", "sentinel announce-hostnames yes"] : []),
    "# Clients authenticate with the same password (sentinelPassword); Sentinels use it with each other.",
    `requirepass ${password}`,
    "sentinel deny-scripts-reconfig yes",
    `sentinel monitor ${m} ${primaryAddress} ${r.redisPort} ${r.quorum}`,
    `sentinel auth-pass ${m} ${password}`,
    `sentinel down-after-milliseconds ${m} ${r.downAfterMilliseconds}`,
    `sentinel failover-timeout ${m} ${r.failoverTimeoutMilliseconds}`,
    `sentinel parallel-syncs ${m} 1`,
  );
}

function lines(...l: string[]): string {
  return l.join("\n") + "\n";
}

/** redis.conf for one node, complete. */
export function renderRedisConf(o: RedisSentinelNodeOptions): string {
  const r = resolveRedisSentinelNode(o);
  return redisConf(r, {
    password: r.password,
    replicaOf: replicaOfLine(r.selfAddress, r.initialPrimaryAddress, r.redisPort),
    maxMemoryBytes: r.maxMemoryBytes?.toString(),
  });
}

/** sentinel.conf for one node, complete (the initial file; Sentinel rewrites it later). */
export function renderSentinelConf(o: RedisSentinelNodeOptions): string {
  const r = resolveRedisSentinelNode(o);
  return sentinelConf(r, r.password, r.initialPrimaryAddress);
}

function resolveTemplate(o: RedisSentinelTemplateOptions): ResolvedRedisSentinelNode {
  return resolveRedisSentinelNode({ ...o, password: TEMPLATE_TOKENS.password });
}

/** redis.conf with `TEMPLATE_TOKENS` for the password, the replicaof line and maxmemory. */
export function renderRedisConfTemplate(o: RedisSentinelTemplateOptions): string {
  const r = resolveTemplate(o);
  return redisConf(r, { password: TEMPLATE_TOKENS.password, replicaOf: TEMPLATE_TOKENS.replicaOf, maxMemoryBytes: TEMPLATE_TOKENS.maxMemoryBytes });
}

/** sentinel.conf with `TEMPLATE_TOKENS` for the password and the primary's address. */
export function renderSentinelConfTemplate(o: RedisSentinelTemplateOptions): string {
  const r = resolveTemplate(o);
  return sentinelConf(r, TEMPLATE_TOKENS.password, TEMPLATE_TOKENS.primaryAddress);
}

/** Order of replacement; the password goes last so its text is never scanned for tokens. */
export const TEMPLATE_FILL_ORDER: readonly (keyof TemplateValues)[] = ["primaryAddress", "replicaOf", "maxMemoryBytes", "password"];

/** Replaces every token with its value as literal text: what the boot script's fill_template does. */
export function fillTemplate(template: string, values: TemplateValues): string {
  return TEMPLATE_FILL_ORDER.reduce((text, key) => text.split(TEMPLATE_TOKENS[key]).join(values[key]), template);
}
