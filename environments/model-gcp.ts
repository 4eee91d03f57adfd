/**
 * The typed shape of an environment file's `gcp:` section after validation.
 * `schema.json` (property `gcp`) is its editor-facing twin; validate-gcp.ts
 * holds the rules a schema cannot say (one primary region, CIDR overlaps,
 * Cloud Run and Cloud SQL sizes, multi-region storage).
 */

export interface GcpConfig {
  /** Project every resource of this environment lives in (6-30 lower-case letters, digits, dashes). */
  readonly projectId: string;
  readonly state: GcpStateConfig;
  /**
   * Resource name of the existing Cloud DNS managed zone that serves
   * `dns.clouds.gcp.zoneName`, else `dns.zoneName` (e.g. `gcp-mockforge-cloud`); the edge stack writes the API
   * record there.
   */
  readonly dnsManagedZone: string;
  /** Regions in deployment order; exactly one is primary. */
  readonly regions: readonly GcpRegionConfig[];
  readonly network: GcpNetworkConfig;
  /** Cloud Run sizes; each key left out takes the shared `service` value. @default {} */
  readonly service: GcpServiceConfig;
  readonly database: GcpDatabaseConfig;
  readonly redis: GcpRedisConfig;
  /** @default { multiRegion: false } */
  readonly storage: GcpStorageConfig;
  /** @default { adaptiveProtection: true, apiCdn: true } */
  readonly edge: GcpEdgeConfig;
}

export interface GcpStateConfig {
  /** Existing GCS bucket holding the Terraform state. */
  readonly bucket: string;
  /** Object prefix; each stack keeps its state under `<prefix>/<stack>/`. */
  readonly prefix: string;
}

export interface GcpRegionConfig {
  /** Google Cloud region id (one of GCP_REGIONS in regions.ts). */
  readonly name: string;
  /** Exactly one region per cloud is primary. @default false */
  readonly primary: boolean;
  /**
   * Primary IPv4 range of the region's subnet, /16 to /24, no host bits;
   * Cloud Run's Direct VPC egress and the Redis nodes take their addresses
   * from it. Must not overlap another region or `network.privateServicesCidr`.
   */
  readonly cidr: string;
}

export interface GcpNetworkConfig {
  /**
   * Range reserved for private services access (Cloud SQL private IPs of
   * every region), /16 to /24; must not overlap a region's subnet.
   */
  readonly privateServicesCidr: string;
}

export interface GcpServiceConfig {
  /**
   * vCPU per Cloud Run instance: 1, 2, 4, 6 or 8 (concurrency 80 needs at
   * least one whole vCPU). @default service.cpu
   */
  readonly cpu?: number;
  /** Memory per Cloud Run instance in MiB, within the range Cloud Run allows for the vCPU. @default service.memoryMiB */
  readonly memoryMiB?: number;
}

export interface GcpDatabaseConfig {
  /** Cloud SQL machine tier, e.g. `db-custom-2-7680`; production needs a dedicated-core tier. */
  readonly tier: string;
  /** `max_connections` of every instance (the connections alarm fires at a share of it). @default 100 */
  readonly maxConnections: number;
}

export interface GcpRedisConfig {
  /** Compute Engine machine type of each Redis Sentinel node, e.g. `e2-small`, `n2-highmem-2`. */
  readonly machineType: string;
}

export interface GcpStorageConfig {
  /**
   * Put each region's assets bucket in the multi-region of its continent
   * (US, EU or ASIA): GCS replicates it across regions. Cloud Storage has no
   * bucket-to-bucket replication, so this is how storage.crossRegionReplication
   * is met on GCP. @default false
   */
  readonly multiRegion: boolean;
}

export interface GcpEdgeConfig {
  /** Cloud Armor adaptive protection (layer 7 DDoS detection) on the API. @default true */
  readonly adaptiveProtection: boolean;
  /** Cloud CDN on the API backend service, caching only what the origin marks cacheable. @default true */
  readonly apiCdn: boolean;
}
