/**
 * Azure service limits the constructs enforce and the environment rules
 * (environments/validate-azure.ts) check before any stack is built. No
 * provider imports here: the config loader reads this file cheaply.
 */

/** VNet prefixes: /16 at most; each subnet adds AZURE_SUBNET_NEW_BITS and must stay >= /27 (Container Apps workload profiles). */
export const AZURE_SUBNET_NEW_BITS = 4;
export const AZURE_MIN_VNET_PREFIX = 16;
export const AZURE_MAX_VNET_PREFIX = 27 - AZURE_SUBNET_NEW_BITS;

/** Container Apps Consumption sizes: 0.25-4 vCPU in steps of 0.25, with 2 GiB of memory per vCPU. */
export const CONTAINER_APPS_MAX_CPU = 4;
export const CONTAINER_APPS_MEMORY_MIB_PER_CPU = 2048;
/** Most replicas one Container App may run. */
export const CONTAINER_APPS_MAX_REPLICAS = 1000;

/** Log Analytics (PerGB2018) interactive retention. */
export const LOG_ANALYTICS_MIN_RETENTION_DAYS = 30;
export const LOG_ANALYTICS_MAX_RETENTION_DAYS = 730;

/** Window sizes Azure Monitor metric alerts accept, in minutes. */
export const ALERT_WINDOW_MINUTES = [1, 5, 15, 30, 60, 360, 720, 1440];

/** Storage sizes (MiB) a PostgreSQL Flexible Server can have. */
export const POSTGRES_STORAGE_MB = [32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4193280, 4194304, 8388608, 16777216, 33553408];
/** Flexible Server allows at most this many read replicas per primary (in-region and cross-region together). */
export const POSTGRES_MAX_REPLICAS_PER_PRIMARY = 5;
/** Flexible Server keeps 7 to 35 days of backups. */
export const POSTGRES_MIN_BACKUP_RETENTION_DAYS = 7;
export const POSTGRES_MAX_BACKUP_RETENTION_DAYS = 35;

/**
 * Default max_connections of the Flexible Server SKUs MockForge uses (Azure
 * sets it from the SKU's memory). Add a SKU here before using it: the
 * connections alarm is a share of this number.
 */
export const POSTGRES_SKU_MAX_CONNECTIONS: Readonly<Record<string, number>> = {
  B_Standard_B1ms: 50,
  B_Standard_B2s: 429,
  B_Standard_B2ms: 859,
  B_Standard_B4ms: 1719,
  GP_Standard_D2ds_v4: 859,
  GP_Standard_D4ds_v4: 1719,
  GP_Standard_D8ds_v4: 3438,
  GP_Standard_D2ds_v5: 859,
  GP_Standard_D4ds_v5: 1719,
  GP_Standard_D8ds_v5: 3438,
  GP_Standard_D16ds_v5: 5000,
  MO_Standard_E2ds_v5: 1719,
  MO_Standard_E4ds_v5: 3438,
  MO_Standard_E8ds_v5: 5000,
};

/** Front Door WAF rate-limit thresholds. */
export const FRONT_DOOR_RATE_LIMIT_MIN = 10;
export const FRONT_DOOR_RATE_LIMIT_MAX = 10_000_000;
