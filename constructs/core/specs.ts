/**
 * Cloud-neutral specifications of MockForge's building blocks.
 *
 * Every cloud kit (constructs/aws, constructs/gcp, ...) implements these with
 * its own resources; the stacks build specs from the environment files and
 * never see a cloud-specific knob except through a kit's own props.
 */

export type CloudName = "aws" | "gcp" | "azure" | "oci";

/** Where a construct is deployed: used for names and tags. */
export interface DeploymentContext {
  readonly cloud: CloudName;
  /** Environment name (dev, staging, prod). */
  readonly environment: string;
  /** Cloud region id (e.g. `us-east-1`). */
  readonly region: string;
  /** True in the region that holds the writable database. */
  readonly primary: boolean;
}

export interface NetworkSpec {
  /** IPv4 CIDR of the whole network (VPC/VNet/VCN). */
  readonly cidr: string;
  /** Availability zones (or fault domains) to spread subnets over. */
  readonly zoneCount: number;
  /** One NAT per zone (zone-independent egress) or one shared NAT (cheaper). */
  readonly natGateways: "one-per-zone" | "single";
  /** Days to keep network flow logs. */
  readonly flowLogRetentionDays: number;
}

export interface WafSpec {
  /** Requests per client IP per 5 minutes before blocking. */
  readonly rateLimitPer5Minutes: number;
  /** `block` enforces rules; `count` only observes. */
  readonly mode: "block" | "count";
  readonly logRetentionDays: number;
}

export interface LoadBalancerSpec {
  /** DNS names the load balancer's certificate covers; the first is the main name. */
  readonly domainNames: readonly string[];
  /** Existing public DNS zone that validates the certificate. */
  readonly dnsZoneName: string;
  /** Path the target health check probes. */
  readonly healthCheckPath: string;
  /** Seconds an instance keeps serving in-flight requests after deregistration. */
  readonly deregistrationDelaySeconds: number;
  readonly idleTimeoutSeconds: number;
  readonly deletionProtection: boolean;
  /** Days to keep access logs. */
  readonly accessLogRetentionDays: number;
}

export interface AutoscalingSpec {
  readonly minCount: number;
  readonly maxCount: number;
  readonly cpuTargetPercent: number;
  readonly memoryTargetPercent: number;
  /** Requests per instance per minute; undefined disables request-based scaling. */
  readonly requestsPerTarget?: number;
  readonly scaleOutCooldownSeconds: number;
  readonly scaleInCooldownSeconds: number;
}

/** A reference to a secret in the cloud's secret store. */
export interface SecretRef {
  /** Cloud identifier of the secret (ARN, resource id, ...). */
  readonly secretId: string;
  /** Key inside a JSON secret; undefined means the whole value. */
  readonly jsonKey?: string;
}

export interface ServiceSpec {
  /** vCPUs per instance. */
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly autoscaling: AutoscalingSpec;
  /** Image repository name in the project's registry. */
  readonly imageRepository: string;
  readonly imageTag: string;
  /** Plain (non-secret) environment variables, from the runtime contract. */
  readonly environment: Readonly<Record<string, string>>;
  /** Secret environment variables, injected by the platform from the secret store. */
  readonly secrets: Readonly<Record<string, SecretRef>>;
  readonly healthCheckGracePeriodSeconds: number;
  readonly logRetentionDays: number;
}

export interface PostgresSpec {
  /** Major version, e.g. "16". */
  readonly engineVersion: string;
  /** Synchronous standby in another zone. */
  readonly highAvailability: boolean;
  /** In-region read replicas. */
  readonly readReplicas: number;
  readonly storageGiB: number;
  readonly maxStorageGiB: number;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly databaseName: string;
  readonly username: string;
}

export interface PostgresEndpoints {
  /** Writer host name. */
  readonly writerHost: string;
  /** Reader host name; undefined when there is no replica to read from. */
  readonly readerHost?: string;
  readonly port: number;
  readonly databaseName: string;
  readonly username: string;
  readonly passwordSecret: SecretRef;
}

export interface RedisSentinelSpec {
  /** Redis nodes, one per zone; each runs redis-server and redis-sentinel. */
  readonly nodeCount: number;
  readonly quorum: number;
  readonly volumeSizeGiB: number;
  readonly downAfterMilliseconds: number;
  readonly failoverTimeoutMilliseconds: number;
  /** Share of the node's memory Redis may use (maxmemory). */
  readonly maxMemoryPercent: number;
  /**
   * One node per zone. When false and the network has fewer zones than
   * nodes, nodes wrap around the zones (development only).
   */
  readonly distinctZones: boolean;
}

export interface RedisSentinelEndpoints {
  /** `host:port` of every Sentinel. */
  readonly sentinelAddresses: readonly string[];
  readonly masterName: string;
  readonly passwordSecret: SecretRef;
}

export interface ObjectStorageSpec {
  readonly versioning: boolean;
  readonly noncurrentVersionExpirationDays: number;
  readonly infrequentAccessAfterDays: number;
  /** Regions that receive a replica of every object. */
  readonly replicaRegions: readonly string[];
  readonly forceDestroy: boolean;
  readonly accessLogRetentionDays: number;
}

export interface CdnSpec {
  /** Public host name of the API (served by the CDN). */
  readonly domainName: string;
  readonly dnsZoneName: string;
  /** Host name the CDN forwards API traffic to (latency-routed load balancers). */
  readonly apiOriginDomain: string;
  /** Path prefix served from object storage (cached). */
  readonly assetsPathPattern: string;
  readonly logRetentionDays: number;
}

/** The runbook's alarm thresholds. */
export interface AlarmSpec {
  readonly http5xxPercent: number;
  readonly latencyP95Milliseconds: number;
  readonly cpuPercent: number;
  readonly memoryPercent: number;
  readonly databaseConnectionsPercent: number;
  readonly replicaLagSeconds: number;
  readonly periodMinutes: number;
  readonly emails: readonly string[];
}
