/**
 * Semantic checks on an environment's `azure:` section, after schema.json
 * accepted it: rules that compare fields with each other or with Azure's
 * limits. Each rule returns every issue it finds (empty when fine or when the
 * environment does not run on Azure).
 */
import {
  ALERT_WINDOW_MINUTES,
  AZURE_MAX_VNET_PREFIX,
  AZURE_MIN_VNET_PREFIX,
  AZURE_SUBNET_NEW_BITS,
  CONTAINER_APPS_MAX_CPU as MAX_CPU,
  CONTAINER_APPS_MEMORY_MIB_PER_CPU as MEMORY_MIB_PER_CPU,
  FRONT_DOOR_RATE_LIMIT_MAX,
  LOG_ANALYTICS_MAX_RETENTION_DAYS,
  LOG_ANALYTICS_MIN_RETENTION_DAYS,
  POSTGRES_MAX_REPLICAS_PER_PRIMARY as MAX_REPLICAS_PER_PRIMARY,
  POSTGRES_MIN_BACKUP_RETENTION_DAYS,
  POSTGRES_STORAGE_MB,
} from "../constructs/azure/limits";
import type { EnvironmentConfig } from "./model";
import type { Rule, ValidationIssue } from "./validate";
import { cidrsAreNetworks, cidrsDoNotOverlap, exactlyOnePrimary, regionCidrs, regionsListedOnce } from "./validate-regions";

const issue = (path: string, value: unknown, message: string): ValidationIssue => ({ path, value, message });

/** Exactly one region holds the writable Postgres primary. */
export function azureExactlyOnePrimaryRegion(env: EnvironmentConfig): ValidationIssue[] {
  return exactlyOnePrimary("azure.regions", env.azure?.regions);
}

/** One stack and one VNet per region: a region listed twice would collide on names and state. */
export function azureUniqueRegions(env: EnvironmentConfig): ValidationIssue[] {
  return regionsListedOnce("azure.regions", env.azure?.regions);
}

/** The subnet plan (constructs/azure/network.ts) needs a network address and room for /27 subnets (the Container Apps minimum). */
export function azureRegionCidrsAreNetworks(env: EnvironmentConfig): ValidationIssue[] {
  return cidrsAreNetworks(regionCidrs("azure.regions", env.azure?.regions), {
    min: AZURE_MIN_VNET_PREFIX,
    max: AZURE_MAX_VNET_PREFIX,
    outsideReason: ` (each subnet takes ${AZURE_SUBNET_NEW_BITS} more bits and Container Apps needs at least a /27)`,
  });
}

/** Peered VNets must not overlap: secondaries reach the primary's Postgres and Key Vault over the peering. */
export function azureRegionCidrsDoNotOverlap(env: EnvironmentConfig): ValidationIssue[] {
  return cidrsDoNotOverlap(regionCidrs("azure.regions", env.azure?.regions), "regions of one environment need disjoint CIDRs (they are peered)");
}

/**
 * Container Apps (Consumption) runs 0.25 to 4 vCPU and fixes the memory at
 * 2 GiB per vCPU: the kit derives it from service.cpu, so only the vCPU count
 * is checked here (service.memoryMiB sizes the other clouds).
 */
export function azureContainerAppsSize(env: EnvironmentConfig): ValidationIssue[] {
  if (!env.azure) return [];
  const { cpu } = env.service;
  if (cpu <= MAX_CPU) return [];
  return [issue("service.cpu", cpu, `is above the Container Apps maximum; Azure Container Apps allows 0.25 to ${MAX_CPU} vCPU in steps of 0.25 (with ${MEMORY_MIB_PER_CPU} MiB per vCPU)`)];
}

/** Flexible Server keeps 7 to 35 days of backups; 0 (no backups) does not exist there. */
export function azureBackupRetention(env: EnvironmentConfig): ValidationIssue[] {
  if (!env.azure || env.database.backupRetentionDays >= POSTGRES_MIN_BACKUP_RETENTION_DAYS) return [];
  return [issue("database.backupRetentionDays", env.database.backupRetentionDays, `must be ${POSTGRES_MIN_BACKUP_RETENTION_DAYS} to 35 on Azure (PostgreSQL Flexible Server keeps at least ${POSTGRES_MIN_BACKUP_RETENTION_DAYS} days of backups)`)];
}

/** Flexible Server storage tops out at 32 TiB. */
export function azureDatabaseStorage(env: EnvironmentConfig): ValidationIssue[] {
  const largestGiB = POSTGRES_STORAGE_MB[POSTGRES_STORAGE_MB.length - 1] / 1024;
  if (!env.azure || env.database.storageGiB <= largestGiB) return [];
  return [issue("database.storageGiB", env.database.storageGiB, `must be <= ${Math.floor(largestGiB)} on Azure (the largest PostgreSQL Flexible Server storage)`)];
}

/** Burstable servers have neither a standby nor replicas; a primary feeds at most 5 replicas. */
export function azureDatabaseReplication(env: EnvironmentConfig): ValidationIssue[] {
  const azure = env.azure;
  if (!azure) return [];
  const found: ValidationIssue[] = [];
  const secondaries = azure.regions.filter((r) => !r.primary).length;
  const { highAvailability, readReplicas } = env.database;
  if (azure.database.skuName.startsWith("B_") && (highAvailability || readReplicas > 0 || secondaries > 0)) {
    const why = [highAvailability ? "database.highAvailability" : "", readReplicas > 0 ? `${readReplicas} read replica(s)` : "", secondaries > 0 ? `${secondaries} cross-region replica(s)` : ""]
      .filter(Boolean)
      .join(", ");
    found.push(issue("azure.database.skuName", azure.database.skuName, `is a Burstable SKU, which supports neither high availability nor replicas (${why}); use a GP_ or MO_ SKU`));
  }
  const total = readReplicas + secondaries;
  if (total > MAX_REPLICAS_PER_PRIMARY) {
    found.push(
      issue(
        "database.readReplicas",
        readReplicas,
        `gives the primary ${total} replicas with the ${secondaries} secondary region(s); PostgreSQL Flexible Server allows at most ${MAX_REPLICAS_PER_PRIMARY}, so use at most ${MAX_REPLICAS_PER_PRIMARY - secondaries}`,
      ),
    );
  }
  return found;
}

/** Geo-replicating a registry needs Premium; every region pulls from its own replica. */
export function azureRegistryForSeveralRegions(env: EnvironmentConfig): ValidationIssue[] {
  const azure = env.azure;
  if (!azure || azure.regions.length < 2 || azure.registry.sku === "Premium") return [];
  return [issue("azure.registry.sku", azure.registry.sku, `must be "Premium" with ${azure.regions.length} regions (geo-replication of the registry needs Premium)`)];
}

/** Production must survive the loss of a zone or a region's storage, and keep backups out of region. */
export function azureProductionResilience(env: EnvironmentConfig): ValidationIssue[] {
  const azure = env.azure;
  if (!azure || env.tier !== "production") return [];
  const found: ValidationIssue[] = [];
  if (!azure.containerApps.zoneRedundant) {
    found.push(issue("azure.containerApps.zoneRedundant", false, "must be true for tier production (replicas spread over the region's zones)"));
  }
  if (!azure.database.geoRedundantBackup) {
    found.push(issue("azure.database.geoRedundantBackup", false, "must be true for tier production (backups survive the loss of the region)"));
  }
  if (azure.storage.replication === "ZRS") {
    found.push(issue("azure.storage.replication", "ZRS", 'must be "GZRS" or "RAGZRS" for tier production (a copy in the paired region)'));
  }
  if (azure.regions.length > 1 && !env.database.crossRegionReplicas) {
    found.push(
      issue("database.crossRegionReplicas", false, `must be true for tier production with ${azure.regions.length} Azure regions (each secondary region needs a replica to fail over to)`),
    );
  }
  return found;
}

/** The Log Analytics workspace keeps logs 30 to 730 days (edge.logRetentionDays is its retention). */
export function azureLogRetention(env: EnvironmentConfig): ValidationIssue[] {
  const days = env.edge.logRetentionDays;
  if (!env.azure || (days >= LOG_ANALYTICS_MIN_RETENTION_DAYS && days <= LOG_ANALYTICS_MAX_RETENTION_DAYS)) return [];
  return [issue("edge.logRetentionDays", days, `must be ${LOG_ANALYTICS_MIN_RETENTION_DAYS} to ${LOG_ANALYTICS_MAX_RETENTION_DAYS} on Azure (Log Analytics retention)`)];
}

/** Azure Monitor metric alerts evaluate only fixed windows. */
export function azureAlarmWindow(env: EnvironmentConfig): ValidationIssue[] {
  const minutes = env.alarms.periodMinutes;
  if (!env.azure || ALERT_WINDOW_MINUTES.includes(minutes)) return [];
  return [issue("alarms.periodMinutes", minutes, `must be one of ${ALERT_WINDOW_MINUTES.join(", ")} on Azure (Azure Monitor alert windows)`)];
}

/** Front Door rate-limit rules count at most 10 million requests per window. */
export function azureWafRateLimit(env: EnvironmentConfig): ValidationIssue[] {
  const limit = env.edge.wafRateLimitPer5Minutes;
  if (!env.azure || limit <= FRONT_DOOR_RATE_LIMIT_MAX) return [];
  return [issue("edge.wafRateLimitPer5Minutes", limit, `must be <= ${FRONT_DOOR_RATE_LIMIT_MAX} on Azure (Front Door WAF rate-limit threshold)`)];
}

/** Every Azure rule, in reporting order. */
export const AZURE_RULES: readonly Rule[] = [
  azureExactlyOnePrimaryRegion,
  azureUniqueRegions,
  azureRegionCidrsAreNetworks,
  azureRegionCidrsDoNotOverlap,
  azureContainerAppsSize,
  azureBackupRetention,
  azureDatabaseStorage,
  azureDatabaseReplication,
  azureRegistryForSeveralRegions,
  azureProductionResilience,
  azureLogRetention,
  azureAlarmWindow,
  azureWafRateLimit,
];
