/**
 * The typed shape of an environment file's `oci:` section after validation.
 * `schema.json` (property `oci`) is its editor-facing twin; validate-oci.ts
 * holds the rules a schema cannot say (one primary region, CIDR overlaps,
 * certificates in their region, flexible shape sizes, production vaults).
 */

export interface OciConfig {
  /** OCID of the tenancy (the root compartment): IAM resources and platform images. */
  readonly tenancyId: string;
  /** OCID of the compartment holding every MockForge resource of the environment. */
  readonly compartmentId: string;
  /** The tenancy's home region: IAM (dynamic group, policies) is written there. */
  readonly homeRegion: string;
  readonly state: OciStateConfig;
  /** OCID of the existing public OCI DNS zone serving `dns.clouds.oci.zoneName` (else `dns.zoneName`). */
  readonly dnsZoneId: string;
  /**
   * `VIRTUAL_PRIVATE` (dedicated HSM partition, keys rotate automatically; required in production)
   * or `DEFAULT` (shared partition, manual rotation only). @default "VIRTUAL_PRIVATE"
   */
  readonly vaultType: "DEFAULT" | "VIRTUAL_PRIVATE";
  /** Regions in deployment order; exactly one is primary. */
  readonly regions: readonly OciRegionConfig[];
  /** @default { shape: "VM.Standard.E5.Flex" } (sizes from the shared service section) */
  readonly service: OciServiceConfig;
  /** @default { shape: "PostgreSQL.VM.Standard.E5.Flex", ocpus: 2, memoryGb: 32, maxConnections: 500 } */
  readonly database: OciDatabaseConfig;
  /** @default { shape: "VM.Standard.E5.Flex", ocpus: 1, memoryGb: 16 } */
  readonly redis: OciComputeSize;
  /** @default { minimumBandwidthMbps: 10, maximumBandwidthMbps: 100 } */
  readonly loadBalancer: OciLoadBalancerConfig;
}

export interface OciStateConfig {
  /** Existing Object Storage bucket holding the Terraform state (versioning recommended). */
  readonly bucket: string;
  /** The tenancy's Object Storage namespace. */
  readonly namespace: string;
  /** Region of the state bucket. */
  readonly region: string;
  /** Key prefix; each stack writes `<prefix>/<stack>.tfstate`. */
  readonly keyPrefix: string;
}

export interface OciRegionConfig {
  /** OCI region id (one of OCI_REGIONS in regions.ts). */
  readonly name: string;
  /** Exactly one region is primary. @default false */
  readonly primary: boolean;
  /** VCN CIDR, /16 to /24, no host bits; must not overlap another region of this environment. */
  readonly cidr: string;
  /**
   * OCID of the load balancer's certificate in the OCI Certificates service, in
   * this region; it must cover the API host and `<region>.origin.<api host>`.
   */
  readonly certificateId: string;
}

export interface OciServiceConfig {
  /** Flexible compute shape of the service instances. @default "VM.Standard.E5.Flex" */
  readonly shape: string;
  /** OCPUs per instance; omit to derive from the shared `service.cpu` (1 OCPU = 2 vCPUs). */
  readonly ocpus?: number;
  /** Memory per instance in GB; omit to derive from the shared `service.memoryMiB`. */
  readonly memoryGb?: number;
}

export interface OciComputeSize {
  /** Flexible compute shape. @default "VM.Standard.E5.Flex" */
  readonly shape: string;
  readonly ocpus: number;
  /** Memory in GB (1 to 64 per OCPU). */
  readonly memoryGb: number;
}

export interface OciDatabaseConfig {
  /** Database node shape. @default "PostgreSQL.VM.Standard.E5.Flex" */
  readonly shape: string;
  readonly ocpus: number;
  /** Memory per node in GB (1 to 64 per OCPU). */
  readonly memoryGb: number;
  /**
   * max_connections of the configuration the database runs with (the shape's
   * default configuration; MockForge does not change it): the connections
   * alarm fires at a share of it. @default 500
   */
  readonly maxConnections: number;
}

export interface OciLoadBalancerConfig {
  /** Guaranteed bandwidth in Mbps (10-8000). @default 10 */
  readonly minimumBandwidthMbps: number;
  /** Bandwidth ceiling in Mbps (>= minimum, <= 8000). @default 100 */
  readonly maximumBandwidthMbps: number;
}
