/**
 * The `azure:` section of an environment file, after validation (schema.json
 * `properties.azure` is its editor-facing twin; validate-azure.ts holds the
 * rules a schema cannot say). Service sizes come from the shared `service`
 * section; what is Azure-only lives here.
 */

export interface AzureConfig {
  /** Subscription every stack of this environment deploys into (a GUID). */
  readonly subscriptionId: string;
  readonly state: AzureStateConfig;
  /** Regions in deployment order; exactly one is primary. */
  readonly regions: readonly AzureRegionConfig[];
  readonly dns: AzureDnsConfig;
  readonly containerApps: AzureContainerAppsConfig;
  readonly database: AzureDatabaseConfig;
  readonly redis: AzureRedisConfig;
  readonly storage: AzureStorageConfig;
  readonly registry: AzureRegistryConfig;
  readonly keyVault: AzureKeyVaultConfig;
}

/** azurerm backend: one blob per stack, `<keyPrefix>/<stack>.tfstate`, Entra ID auth. */
export interface AzureStateConfig {
  readonly resourceGroupName: string;
  readonly storageAccountName: string;
  readonly containerName: string;
  readonly keyPrefix: string;
}

export interface AzureRegionConfig {
  /** Azure region name (one of AZURE_REGIONS in regions.ts: regions with availability zones). */
  readonly name: string;
  /** Exactly one region is primary. @default false */
  readonly primary: boolean;
  /** VNet CIDR, /16 to /23, no host bits; must not overlap another region of this environment. */
  readonly cidr: string;
}

export interface AzureDnsConfig {
  /** Resource group of the existing public Azure DNS zone `dns.clouds.azure.zoneName` (else `dns.zoneName`). */
  readonly zoneResourceGroup: string;
}

export interface AzureContainerAppsConfig {
  /** Concurrent HTTP requests per replica before scaling out. @default 50 */
  readonly concurrentRequests: number;
  /** Spread the environment over the region's zones (required in production). @default true */
  readonly zoneRedundant: boolean;
}

export interface AzureDatabaseConfig {
  /** Flexible Server SKU (Burstable only without HA and replicas). */
  readonly skuName: string;
  /** Copy backups to the paired region (required in production). @default true */
  readonly geoRedundantBackup: boolean;
}

export interface AzureRedisConfig {
  /** VM size of the Sentinel nodes, e.g. Standard_D2ds_v5. */
  readonly vmSize: string;
  /** Managed disk type of the nodes. @default "Premium_LRS" */
  readonly diskType: "Premium_LRS" | "StandardSSD_LRS" | "PremiumV2_LRS";
  /** Encrypt temp disks and caches on the host (subscription feature EncryptionAtHost). @default true */
  readonly encryptionAtHost: boolean;
}

export interface AzureStorageConfig {
  /** ZRS, or geo-redundant GZRS/RAGZRS (required in production). @default "ZRS" */
  readonly replication: "ZRS" | "GZRS" | "RAGZRS";
}

export interface AzureRegistryConfig {
  /** Premium (zone redundancy, geo-replication; required with several regions) or Standard. @default "Premium" */
  readonly sku: "Standard" | "Premium";
}

export interface AzureKeyVaultConfig {
  /** Public IPv4 addresses/CIDRs of the machines that run Terraform (they write secrets). @default [] */
  readonly allowedIpRanges: readonly string[];
}
