/**
 * The typed shape of an environment file (environments/<name>.yaml) after
 * validation. `schema.json` is the editor-facing twin of these types; the
 * loader validates a file against the schema, then applies the semantic
 * checks (ranges that depend on each other, CIDR overlaps, regions).
 */

/** What an environment is for; drives the checks that production must pass. */
export type EnvironmentTier = "development" | "staging" | "production";

export interface EnvironmentConfig {
  /** Environment name; equals the file name without extension. */
  readonly name: string;
  readonly tier: EnvironmentTier;
  /** Tags/labels put on every taggable resource. */
  readonly tags: TagConfig;
  /** Public DNS names of this environment. */
  readonly dns: DnsConfig;
  readonly service: ServiceConfig;
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  readonly storage: StorageConfig;
  readonly edge: EdgeConfig;
  readonly alarms: AlarmConfig;
  /** AWS deployment; absent means this environment does not run on AWS. */
  readonly aws?: AwsConfig;
}

export interface TagConfig {
  readonly owner: string;
  readonly costCenter: string;
}

export interface DnsConfig {
  /** Existing public hosted zone (e.g. `mockforge.cloud`). */
  readonly zoneName: string;
  /** Public API host name served by the CDN (e.g. `api.mockforge.cloud`). */
  readonly apiDomain: string;
}

export interface ServiceConfig {
  /** vCPU per task/instance (0.25, 0.5, 1, 2, 4, ...). */
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly minCount: number;
  readonly maxCount: number;
  readonly cpuTargetPercent: number;
  readonly memoryTargetPercent: number;
  /** Load-balancer requests per task per minute to scale on; omit to not scale on requests. */
  readonly requestsPerTarget?: number;
  readonly scaleOutCooldownSeconds: number;
  readonly scaleInCooldownSeconds: number;
  readonly healthCheckGracePeriodSeconds: number;
  readonly deregistrationDelaySeconds: number;
  readonly logRetentionDays: number;
  /** Image tag to deploy; `MOCKFORGE_IMAGE_TAG` overrides it (CI sets the git SHA). */
  readonly imageTag: string;
}

export interface DatabaseConfig {
  /** Postgres major version. */
  readonly engineVersion: string;
  /** Synchronous standby in another zone. */
  readonly highAvailability: boolean;
  /** In-region read replicas per region. */
  readonly readReplicas: number;
  /** Replicate the primary region's database into every secondary region. */
  readonly crossRegionReplicas: boolean;
  readonly storageGiB: number;
  readonly maxStorageGiB: number;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  /** Warn when connections exceed this share of max_connections. */
  readonly connectionsAlarmPercent: number;
  /** Replica lag, in seconds, that raises an alarm. */
  readonly replicaLagAlarmSeconds: number;
}

export interface RedisConfig {
  /** Sentinel quorum (2 of 3). */
  readonly quorum: number;
  readonly volumeSizeGiB: number;
  /** Milliseconds without reply before Sentinel calls the primary down. */
  readonly downAfterMilliseconds: number;
  readonly failoverTimeoutMilliseconds: number;
  readonly maxMemoryPercent: number;
}

export interface StorageConfig {
  readonly versioning: boolean;
  /** Days after which noncurrent object versions are deleted. */
  readonly noncurrentVersionExpirationDays: number;
  /** Days after which exports move to infrequent-access storage. */
  readonly infrequentAccessAfterDays: number;
  /** Replicate the primary region's bucket into every secondary region. */
  readonly crossRegionReplication: boolean;
  /** Allow destroying a non-empty bucket (never outside dev). */
  readonly forceDestroy: boolean;
}

export interface EdgeConfig {
  /** Requests per client IP per 5 minutes before the WAF blocks. */
  readonly wafRateLimitPer5Minutes: number;
  /** `block` enforces the WAF; `count` only observes (development only). */
  readonly wafMode: "block" | "count";
  readonly loadBalancerDeletionProtection: boolean;
  readonly logRetentionDays: number;
}

export interface AlarmConfig {
  /** E-mail addresses subscribed to the alarm topic. */
  readonly emails: readonly string[];
  readonly http5xxPercent: number;
  readonly latencyP95Milliseconds: number;
  readonly cpuPercent: number;
  readonly memoryPercent: number;
  /** Evaluation window in minutes for the rate and latency alarms. */
  readonly periodMinutes: number;
}

export interface AwsConfig {
  readonly state: AwsStateConfig;
  /** Regions in deployment order; exactly one is primary. */
  readonly regions: readonly AwsRegionConfig[];
  readonly database: { readonly instanceClass: string };
  readonly redis: { readonly instanceType: string };
}

export interface AwsStateConfig {
  readonly bucket: string;
  readonly region: string;
  /** Key prefix; each stack writes `<prefix>/<stack>.tfstate`. */
  readonly keyPrefix: string;
}

export interface AwsRegionConfig {
  readonly name: string;
  readonly primary: boolean;
  /** VPC CIDR; must not overlap another region of this environment. */
  readonly cidr: string;
  /** Availability zones to spread over (2 or 3). */
  readonly azCount: number;
  /** NAT gateways: one per AZ, or a single shared one. */
  readonly natGateways: "one-per-az" | "single";
}

/** All loaded environments, in file-name order. */
export type EnvironmentSet = readonly EnvironmentConfig[];
