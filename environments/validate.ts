/**
 * Semantic checks on an environment that already matches schema.json: rules
 * that compare fields with each other or with the outside world (Fargate
 * sizes, CIDR arithmetic, tier safeguards), which a JSON Schema cannot say.
 * Each rule is a small named function returning every issue it finds.
 */
import { SUBNET_NEW_BITS } from "../constructs/core/cidr";
import { DNS_CLOUDS, dnsFor } from "./dns";
import type { EnvironmentConfig } from "./model";
import { cidrsAreNetworks, cidrsDoNotOverlap, exactlyOnePrimary, regionCidrs, regionsListedOnce } from "./validate-regions";
import { GCP_RULES } from "./validate-gcp";
import { AZURE_RULES } from "./validate-azure";
import { OCI_RULES } from "./validate-oci";

/** An issue before the loader adds the file name and location. */
export interface ValidationIssue {
  /** Property path, e.g. `aws.regions[1].cidr`. */
  readonly path: string;
  readonly value: unknown;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

export interface ValidationContext {
  /** The file name without extension: the name the environment must carry. */
  readonly expectedName: string;
}

export type Rule = (env: EnvironmentConfig, context: ValidationContext) => ValidationIssue[];

const issue = (path: string, value: unknown, message: string): ValidationIssue => ({ path, value, message });

/** Runs every rule and returns all issues (empty when the environment is valid). */
export function validateEnvironment(env: EnvironmentConfig, context: ValidationContext): ValidationIssue[] {
  return RULES.flatMap((rule) => rule(env, context));
}

// --- Whole environment -------------------------------------------------------

/** The file name is the environment's id (CLI selection, state keys); a copied file must not keep another's name. */
export function nameMatchesFileName(env: EnvironmentConfig, context: ValidationContext): ValidationIssue[] {
  if (env.name === context.expectedName) return [];
  return [issue("name", env.name, `must equal the file name "${context.expectedName}" (the file name is the environment's id)`)];
}

/** The certificate and alias record for the API live in the zone, so the name must be inside it. */
export function apiDomainInZone(env: EnvironmentConfig): ValidationIssue[] {
  const { zoneName, apiDomain } = env.dns;
  if (apiDomain === zoneName || apiDomain.endsWith(`.${zoneName}`)) return [];
  return [issue("dns.apiDomain", apiDomain, `must be dns.zoneName "${zoneName}" or a name inside it (e.g. api.${zoneName})`)];
}


/** Each cloud's own DNS names follow the same rule as the shared ones. */
export function cloudApiDomainsInZones(env: EnvironmentConfig): ValidationIssue[] {
  const found: ValidationIssue[] = [];
  for (const cloud of DNS_CLOUDS) {
    const names = env.dns.clouds?.[cloud];
    if (!names || names.apiDomain === names.zoneName || names.apiDomain.endsWith(`.${names.zoneName}`)) continue;
    found.push(issue(`dns.clouds.${cloud}.apiDomain`, names.apiDomain, `must be dns.clouds.${cloud}.zoneName "${names.zoneName}" or a name inside it (e.g. api.${names.zoneName})`));
  }
  return found;
}

/**
 * Two clouds serving one public name fight over it: only one DNS provider is
 * authoritative, and the other cloud's managed certificate never validates.
 */
export function oneCloudPerApiDomain(env: EnvironmentConfig): ValidationIssue[] {
  const deployed = DNS_CLOUDS.filter((cloud) => env[cloud] !== undefined);
  const servedBy = new Map<string, string>();
  const found: ValidationIssue[] = [];
  for (const cloud of deployed) {
    const own = env.dns.clouds?.[cloud];
    const { apiDomain } = dnsFor(env, cloud);
    const other = servedBy.get(apiDomain);
    if (other) {
      found.push(
        issue(
          own ? `dns.clouds.${cloud}.apiDomain` : "dns.apiDomain",
          apiDomain,
          `${cloud} and ${other} would both serve ${apiDomain}; give ${cloud} its own name under dns.clouds.${cloud} (zoneName + apiDomain in a zone delegated to ${cloud})`,
        ),
      );
    } else {
      servedBy.set(apiDomain, cloud);
    }
  }
  return found;
}

// --- Ranges that depend on each other ----------------------------------------

/** Autoscaling rejects a minimum above the maximum; catch it before a plan. */
export function serviceCountRange(env: EnvironmentConfig): ValidationIssue[] {
  const { minCount, maxCount } = env.service;
  if (minCount <= maxCount) return [];
  return [issue("service.minCount", minCount, `must be <= service.maxCount (${maxCount})`)];
}

/** RDS storage autoscaling needs its ceiling at or above the allocated storage. */
export function storageRange(env: EnvironmentConfig): ValidationIssue[] {
  const { storageGiB, maxStorageGiB } = env.database;
  if (storageGiB <= maxStorageGiB) return [];
  return [issue("database.storageGiB", storageGiB, `must be <= database.maxStorageGiB (${maxStorageGiB})`)];
}

/** A failover that times out before the primary is even declared down never completes. */
export function sentinelTimeouts(env: EnvironmentConfig): ValidationIssue[] {
  const { downAfterMilliseconds, failoverTimeoutMilliseconds } = env.redis;
  if (downAfterMilliseconds < failoverTimeoutMilliseconds) return [];
  return [
    issue(
      "redis.downAfterMilliseconds",
      downAfterMilliseconds,
      `must be < redis.failoverTimeoutMilliseconds (${failoverTimeoutMilliseconds})`,
    ),
  ];
}

/** Redis Sentinel runs on this many nodes (one per zone, wrapping when there are fewer zones). */
export const SENTINEL_NODE_COUNT = 3;

/** A quorum below a majority lets a partitioned minority fail over on its own (split brain). */
export function sentinelQuorumIsMajority(env: EnvironmentConfig): ValidationIssue[] {
  const majority = Math.floor(SENTINEL_NODE_COUNT / 2) + 1;
  const { quorum } = env.redis;
  if (quorum >= majority && quorum <= SENTINEL_NODE_COUNT) return [];
  return [issue("redis.quorum", quorum, `must be a majority of the ${SENTINEL_NODE_COUNT} Sentinel nodes: ${majority} to ${SENTINEL_NODE_COUNT}`)];
}

/** One Sentinel node per zone needs 3 zones; only development may let nodes share a zone. */
export function sentinelNodesInDistinctZones(env: EnvironmentConfig): ValidationIssue[] {
  const found: ValidationIssue[] = [];
  if (!env.redis.distinctZones) {
    if (env.tier !== "development") {
      found.push(issue("redis.distinctZones", false, `must be true for tier ${env.tier} (only development may place Sentinel nodes in a shared zone)`));
    }
    return found;
  }
  env.aws?.regions.forEach((region, index) => {
    if (region.azCount >= SENTINEL_NODE_COUNT) return;
    found.push(
      issue(
        `aws.regions[${index}].azCount`,
        region.azCount,
        `gives the ${SENTINEL_NODE_COUNT} Redis Sentinel nodes only ${region.azCount} zones; use azCount >= ${SENTINEL_NODE_COUNT}, or set redis.distinctZones false (development only)`,
      ),
    );
  });
  return found;
}

/** If the alarm sits at or below the scaling target, it fires during ordinary scaling and trains people to ignore it. */
export function scalingTargetsBelowAlarms(env: EnvironmentConfig): ValidationIssue[] {
  const found: ValidationIssue[] = [];
  const { service, alarms } = env;
  if (service.cpuTargetPercent >= alarms.cpuPercent) {
    found.push(issue("service.cpuTargetPercent", service.cpuTargetPercent, `must be < alarms.cpuPercent (${alarms.cpuPercent})`));
  }
  if (service.memoryTargetPercent >= alarms.memoryPercent) {
    found.push(issue("service.memoryTargetPercent", service.memoryTargetPercent, `must be < alarms.memoryPercent (${alarms.memoryPercent})`));
  }
  return found;
}

/** Registries keep tags immutable: a moving tag like `latest` cannot be pushed twice nor pinned by a deploy. */
export function imageTagIsImmutable(env: EnvironmentConfig): ValidationIssue[] {
  if (env.service.imageTag !== "latest") return [];
  return [issue("service.imageTag", "latest", "must be a release or commit tag (e.g. 1.4.2 or a git SHA); image tags are immutable, so `latest` cannot be redeployed")];
}

/** S3 (and every other cloud's) bucket replication requires versioning on the source bucket. */
export function replicationNeedsVersioning(env: EnvironmentConfig): ValidationIssue[] {
  if (!env.storage.crossRegionReplication || env.storage.versioning) return [];
  return [issue("storage.versioning", false, "must be true when storage.crossRegionReplication is true (replication copies object versions)")];
}

// --- Tier safeguards ----------------------------------------------------------

/** Losing staging or production data by a stray destroy is not recoverable; only development may opt out. */
export function deletionProtectionOutsideDevelopment(env: EnvironmentConfig): ValidationIssue[] {
  if (env.tier === "development" || env.database.deletionProtection) return [];
  return [issue("database.deletionProtection", false, `must be true for tier ${env.tier} (only development may turn it off)`)];
}

/** forceDestroy empties the bucket on destroy; never outside development. */
export function forceDestroyOnlyInDevelopment(env: EnvironmentConfig): ValidationIssue[] {
  if (env.tier === "development" || !env.storage.forceDestroy) return [];
  return [issue("storage.forceDestroy", true, `must be false for tier ${env.tier} (only development may destroy a non-empty bucket)`)];
}

/** A WAF in count mode protects nothing; observing is for development only. */
export function wafBlocksOutsideDevelopment(env: EnvironmentConfig): ValidationIssue[] {
  if (env.tier === "development" || env.edge.wafMode === "block") return [];
  return [issue("edge.wafMode", env.edge.wafMode, `must be "block" for tier ${env.tier} ("count" is for development only)`)];
}

/** Production must survive the loss of a zone, an instance or a region, and keep a week of backups. */
export function productionIsHighlyAvailable(env: EnvironmentConfig): ValidationIssue[] {
  if (env.tier !== "production") return [];
  const found: ValidationIssue[] = [];
  const { database, service } = env;
  if (!database.highAvailability) {
    found.push(issue("database.highAvailability", false, "must be true for tier production (a standby in another zone takes over on failure)"));
  }
  if (database.readReplicas < 1) {
    found.push(issue("database.readReplicas", database.readReplicas, "must be >= 1 for tier production (reads keep working during a primary failover)"));
  }
  if (database.backupRetentionDays < 7) {
    found.push(issue("database.backupRetentionDays", database.backupRetentionDays, "must be >= 7 for tier production"));
  }
  if (service.minCount < 2) {
    found.push(issue("service.minCount", service.minCount, "must be >= 2 for tier production (one task per zone at least, so a zone can fail)"));
  }
  const regionCount = env.aws?.regions.length ?? 0;
  if (regionCount > 1 && !database.crossRegionReplicas) {
    found.push(
      issue("database.crossRegionReplicas", false, `must be true for tier production with ${regionCount} regions (each secondary region needs a replica to fail over to)`),
    );
  }
  return found;
}

// --- AWS ----------------------------------------------------------------------

/** Prefix lengths a VPC may have: AWS allows /16-/28 and each subnet adds SUBNET_NEW_BITS bits. */
export const MIN_VPC_PREFIX = 16;
export const MAX_VPC_PREFIX = 28 - SUBNET_NEW_BITS;

/** Exactly one region holds the writable database; zero or two would leave no writer or two writers. */
export function exactlyOnePrimaryRegion(env: EnvironmentConfig): ValidationIssue[] {
  return exactlyOnePrimary("aws.regions", env.aws?.regions);
}

/** One stack per region: a region listed twice would produce two stacks with the same state and names. */
export function uniqueRegions(env: EnvironmentConfig): ValidationIssue[] {
  return regionsListedOnce("aws.regions", env.aws?.regions);
}

/** The subnet plan (constructs/core/cidr.ts subnetCidr) needs a network address and room for 16 subnets of at least /28. */
export function regionCidrsAreNetworks(env: EnvironmentConfig): ValidationIssue[] {
  return cidrsAreNetworks(regionCidrs("aws.regions", env.aws?.regions), {
    min: MIN_VPC_PREFIX,
    max: MAX_VPC_PREFIX,
    outsideReason: ` (AWS VPCs are /16-/28 and each subnet takes ${SUBNET_NEW_BITS} more bits)`,
  });
}

/** Overlapping VPCs cannot be peered or routed to each other, which cross-region replication needs. */
export function regionCidrsDoNotOverlap(env: EnvironmentConfig): ValidationIssue[] {
  return cidrsDoNotOverlap(regionCidrs("aws.regions", env.aws?.regions), "regions of one environment need disjoint CIDRs");
}

/** Memory sizes (MiB) AWS Fargate accepts for each vCPU count; any other pair fails at deploy time. */
export const FARGATE_MEMORY_MIB: ReadonlyMap<number, readonly number[]> = new Map([
  [0.25, [512, 1024, 2048]],
  [0.5, steps(1024, 4096, 1024)],
  [1, steps(2048, 8192, 1024)],
  [2, steps(4096, 16384, 1024)],
  [4, steps(8192, 30720, 1024)],
  [8, steps(16384, 61440, 4096)],
  [16, steps(32768, 122880, 8192)],
]);

function steps(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

function describeMemory(options: readonly number[]): string {
  if (options.length <= 4) return `${options.join(", ")} MiB`;
  const step = options[1] - options[0];
  return `${options[0]}-${options[options.length - 1]} MiB in steps of ${step}`;
}

/** ECS rejects task sizes outside Fargate's table ("No Fargate configuration exists for given values"). */
export function fargateTaskSize(env: EnvironmentConfig): ValidationIssue[] {
  if (!env.aws) return [];
  const { cpu, memoryMiB } = env.service;
  const options = FARGATE_MEMORY_MIB.get(cpu);
  if (!options) {
    return [issue("service.cpu", cpu, `is not a Fargate task size; Fargate allows ${[...FARGATE_MEMORY_MIB.keys()].join(", ")} vCPU`)];
  }
  if (options.includes(memoryMiB)) return [];
  return [issue("service.memoryMiB", memoryMiB, `is not a Fargate size for ${cpu} vCPU; ${cpu} vCPU allows ${describeMemory(options)}`)];
}

/** Every rule, in reporting order. */
export const RULES: readonly Rule[] = [
  nameMatchesFileName,
  apiDomainInZone,
  cloudApiDomainsInZones,
  oneCloudPerApiDomain,
  serviceCountRange,
  storageRange,
  sentinelTimeouts,
  sentinelQuorumIsMajority,
  sentinelNodesInDistinctZones,
  scalingTargetsBelowAlarms,
  imageTagIsImmutable,
  replicationNeedsVersioning,
  deletionProtectionOutsideDevelopment,
  forceDestroyOnlyInDevelopment,
  wafBlocksOutsideDevelopment,
  productionIsHighlyAvailable,
  exactlyOnePrimaryRegion,
  uniqueRegions,
  regionCidrsAreNetworks,
  regionCidrsDoNotOverlap,
  fargateTaskSize,
  ...GCP_RULES,
  ...AZURE_RULES,
  ...OCI_RULES,
];
