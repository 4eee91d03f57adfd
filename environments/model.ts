/**
 * The typed shape of an environment file (environments/<name>.yaml) after
 * validation. `schema.json` is the editor-facing twin of these types; the
 * loader (load.ts) validates a file against the schema, fills the documented
 * `@default`s for keys the file omits, then applies the semantic checks in
 * validate.ts (ranges that depend on each other, CIDR overlaps, regions,
 * Fargate sizes, tier safeguards). Loaded configs are deeply frozen.
 */
import type { GcpConfig } from "./model-gcp";
import type { AzureConfig } from "./model-azure";
import type { OciConfig } from "./model-oci";

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
  /** Google Cloud deployment; absent means this environment does not run on GCP. */
  readonly gcp?: GcpConfig;
  /** Azure deployment; absent means this environment does not run on Azure. */
  readonly azure?: AzureConfig;
  /** Oracle Cloud (OCI) deployment; absent means this environment does not run on OCI. */
  readonly oci?: OciConfig;
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
  /**
   * Per-cloud public names. Only one DNS provider can be authoritative for a
   * name, and managed certificates validate through it, so every cloud but one
   * serves its own name from its own (delegated) zone.
   * @default every cloud uses zoneName/apiDomain (valid when one cloud runs the environment)
   */
  readonly clouds?: Readonly<Partial<Record<"aws" | "gcp" | "azure" | "oci", CloudDnsConfig>>>;
}

export interface CloudDnsConfig {
  /** Public zone this cloud's DNS service is authoritative for (e.g. `gcp.mockforge.cloud`). */
  readonly zoneName: string;
  /** The API host name this cloud serves, inside zoneName. */
  readonly apiDomain: string;
}

export interface ServiceConfig {
  /** vCPU per task/instance, in steps of 0.25; on AWS Fargate one of 0.25, 0.5, 1, 2, 4, 8, 16. */
  readonly cpu: number;
  /** Memory per task in MiB; on AWS Fargate it must be a valid size for `cpu` (e.g. 0.5 vCPU: 1024-4096). */
  readonly memoryMiB: number;
  /** Fewest running tasks (<= maxCount; production >= 2). */
  readonly minCount: number;
  readonly maxCount: number;
  /** @default 70 */
  readonly cpuTargetPercent: number;
  /** @default 80 */
  readonly memoryTargetPercent: number;
  /** Load-balancer requests per task per minute to scale on; omit to not scale on requests. */
  readonly requestsPerTarget?: number;
  /** @default 60 */
  readonly scaleOutCooldownSeconds: number;
  /** @default 300 */
  readonly scaleInCooldownSeconds: number;
  /** @default 60 */
  readonly healthCheckGracePeriodSeconds: number;
  /** @default 30 */
  readonly deregistrationDelaySeconds: number;
  /** A CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, ...). @default 30 */
  readonly logRetentionDays: number;
  /**
   * Image tag to deploy (a release or commit tag; never `latest`, tags are
   * immutable); `MOCKFORGE_IMAGE_TAG` overrides it (CI sets the git SHA).
   */
  readonly imageTag: string;
}

export interface DatabaseConfig {
  /** Postgres major version ("13" to "17"). @default "16" */
  readonly engineVersion: string;
  /** Synchronous standby in another zone. @default true */
  readonly highAvailability: boolean;
  /** In-region read replicas per region (production >= 1). */
  readonly readReplicas: number;
  /** Replicate the primary region's database into every secondary region. @default true */
  readonly crossRegionReplicas: boolean;
  /** Allocated storage (<= maxStorageGiB). */
  readonly storageGiB: number;
  readonly maxStorageGiB: number;
  /** @default 7 */
  readonly backupRetentionDays: number;
  /** @default true */
  readonly deletionProtection: boolean;
  /** Warn when connections exceed this share of max_connections. @default 80 */
  readonly connectionsAlarmPercent: number;
  /** Replica lag, in seconds, that raises an alarm. @default 60 */
  readonly replicaLagAlarmSeconds: number;
}

export interface RedisConfig {
  /** Sentinel quorum: a majority of the 3 nodes (2 or 3). @default 2 */
  readonly quorum: number;
  readonly volumeSizeGiB: number;
  /** Milliseconds without reply before Sentinel calls the primary down (< failoverTimeoutMilliseconds). @default 5000 */
  readonly downAfterMilliseconds: number;
  /** @default 60000 */
  readonly failoverTimeoutMilliseconds: number;
  /** @default 75 */
  readonly maxMemoryPercent: number;
  /**
   * Place the 3 nodes in 3 distinct zones. `false` lets nodes share zones in a
   * network with fewer zones (development only: a zone outage can then take
   * the quorum down).
   * @default true
   */
  readonly distinctZones: boolean;
}

export interface StorageConfig {
  /** @default true */
  readonly versioning: boolean;
  /** Days after which noncurrent object versions are deleted. @default 30 */
  readonly noncurrentVersionExpirationDays: number;
  /** Days after which exports move to infrequent-access storage (>= 30). @default 30 */
  readonly infrequentAccessAfterDays: number;
  /** Replicate the primary region's bucket into every secondary region (needs versioning). @default true */
  readonly crossRegionReplication: boolean;
  /** Allow destroying a non-empty bucket (development only). @default false */
  readonly forceDestroy: boolean;
}

export interface EdgeConfig {
  /** Requests per client IP per 5 minutes before the WAF blocks. @default 2000 */
  readonly wafRateLimitPer5Minutes: number;
  /** `block` enforces the WAF; `count` only observes (development only). @default "block" */
  readonly wafMode: "block" | "count";
  /** @default true */
  readonly loadBalancerDeletionProtection: boolean;
  /** A CloudWatch Logs retention value. @default 90 */
  readonly logRetentionDays: number;
}

export interface AlarmConfig {
  /** E-mail addresses subscribed to the alarm topic. @default [] */
  readonly emails: readonly string[];
  /** @default 1 */
  readonly http5xxPercent: number;
  /** @default 500 */
  readonly latencyP95Milliseconds: number;
  /** Above service.cpuTargetPercent. @default 80 */
  readonly cpuPercent: number;
  /** Above service.memoryTargetPercent. @default 85 */
  readonly memoryPercent: number;
  /** Evaluation window in minutes for the rate and latency alarms. @default 5 */
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
  /** AWS commercial region id (one of AWS_REGIONS in regions.ts). */
  readonly name: string;
  /** Exactly one region per cloud is primary. @default false */
  readonly primary: boolean;
  /** VPC CIDR, /16 to /24, no host bits; must not overlap another region of this environment. */
  readonly cidr: string;
  /** Availability zones to spread over: 2 to 4 (MAX_ZONES in constructs/core/cidr.ts). @default 3 */
  readonly azCount: number;
  /** NAT gateways: one per AZ, or a single shared one. @default "one-per-az" */
  readonly natGateways: "one-per-az" | "single";
}

/** All loaded environments, in file-name order. */
export type EnvironmentSet = readonly EnvironmentConfig[];
