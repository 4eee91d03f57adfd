/**
 * Semantic checks on an environment's `gcp:` section, after schema.json
 * accepted it: rules that compare fields with each other or with Google
 * Cloud's limits. Each rule returns every issue it finds (empty when fine or
 * when the environment does not run on GCP).
 */
import { cloudRunSizeProblem, gcsMultiRegionFor, parseCloudSqlTier } from "../constructs/gcp/limits";
import type { EnvironmentConfig } from "./model";
import type { GcpConfig } from "./model-gcp";
import type { Rule, ValidationIssue } from "./validate";
import { cidrsAreNetworks, cidrsDoNotOverlap, exactlyOnePrimary, regionCidrs, regionsListedOnce, type NamedCidr } from "./validate-regions";

const issue = (path: string, value: unknown, message: string): ValidationIssue => ({ path, value, message });

/** Subnet and private services ranges: GCP subnets go down to /29, but Direct VPC egress wants room; the PSA range must hold Cloud SQL. */
export const GCP_MIN_PREFIX = 16;
export const GCP_MAX_PREFIX = 24;

/** Exactly one region holds the writable Cloud SQL primary. */
export function gcpExactlyOnePrimaryRegion(env: EnvironmentConfig): ValidationIssue[] {
  return exactlyOnePrimary("gcp.regions", env.gcp?.regions);
}

/** One stack and one subnet per region: a region listed twice would collide on names and state. */
export function gcpUniqueRegions(env: EnvironmentConfig): ValidationIssue[] {
  return regionsListedOnce("gcp.regions", env.gcp?.regions);
}

/** The region subnets and the private services access range (Cloud SQL) of the one VPC. */
function ranges(gcp: GcpConfig): NamedCidr[] {
  return [
    ...regionCidrs("gcp.regions", gcp.regions, " subnet"),
    { path: "gcp.network.privateServicesCidr", label: "the private services access range", text: gcp.network.privateServicesCidr },
  ];
}

/** Every range must be a network address with a prefix GCP and the construct accept. */
export function gcpRangesAreNetworks(env: EnvironmentConfig): ValidationIssue[] {
  if (!env.gcp) return [];
  return cidrsAreNetworks(ranges(env.gcp), {
    min: GCP_MIN_PREFIX,
    max: GCP_MAX_PREFIX,
    outsideReason: `; allowed: an IPv4 network CIDR with prefix /${GCP_MIN_PREFIX} to /${GCP_MAX_PREFIX}`,
  });
}

/** All regions share one VPC: overlapping subnets, or a subnet inside the Cloud SQL range, cannot be routed. */
export function gcpRangesDoNotOverlap(env: EnvironmentConfig): ValidationIssue[] {
  if (!env.gcp) return [];
  return cidrsDoNotOverlap(ranges(env.gcp), "the ranges of one VPC must be disjoint");
}

/** Cloud Run rejects vCPU/memory pairs outside its table, and below 1 vCPU it forces concurrency 1. */
export function gcpCloudRunSize(env: EnvironmentConfig): ValidationIssue[] {
  if (!env.gcp) return [];
  const own = env.gcp.service;
  const cpu = own.cpu ?? env.service.cpu;
  const memoryMiB = own.memoryMiB ?? env.service.memoryMiB;
  const problem = cloudRunSizeProblem(cpu, memoryMiB);
  if (!problem) return [];
  const ownValue = problem.field === "cpu" ? own.cpu : own.memoryMiB;
  if (ownValue !== undefined) return [issue(`gcp.service.${problem.field}`, ownValue, problem.message)];
  const value = problem.field === "cpu" ? cpu : memoryMiB;
  return [issue(`service.${problem.field}`, value, `${problem.message}; set gcp.service.${problem.field} for Cloud Run`)];
}

/** Cloud SQL rejects custom shapes outside its limits; shared-core tiers carry no SLA, so not in production. */
export function gcpDatabaseTier(env: EnvironmentConfig): ValidationIssue[] {
  if (!env.gcp) return [];
  const { tier } = env.gcp.database;
  const parsed = parseCloudSqlTier(tier);
  if ("error" in parsed) return [issue("gcp.database.tier", tier, `is not a Cloud SQL tier: ${parsed.error}`)];
  if (parsed.sharedCore && env.tier === "production") {
    return [issue("gcp.database.tier", tier, "is a shared-core tier (no SLA); tier production needs db-custom-<vCPU>-<memory MiB>")];
  }
  return [];
}

/** Multi-region buckets exist only for US, EU and ASIA. */
export function gcpMultiRegionStorage(env: EnvironmentConfig): ValidationIssue[] {
  if (!env.gcp?.storage.multiRegion) return [];
  return env.gcp.regions.flatMap((region, i) =>
    gcsMultiRegionFor(region.name)
      ? []
      : [issue(`gcp.regions[${i}].name`, region.name, "has no Cloud Storage multi-region (only us-*, europe-* and asia-* regions do); set gcp.storage.multiRegion false or choose another region")],
  );
}

/** GCS cannot replicate one bucket into another: cross-region copies come from multi-region buckets. */
export function gcpReplicationNeedsMultiRegion(env: EnvironmentConfig): ValidationIssue[] {
  const gcp = env.gcp;
  if (!gcp || !env.storage.crossRegionReplication || gcp.regions.length < 2 || gcp.storage.multiRegion) return [];
  return [
    issue(
      "gcp.storage.multiRegion",
      false,
      `must be true when storage.crossRegionReplication is true and GCP runs in ${gcp.regions.length} regions (Cloud Storage replicates through multi-region buckets)`,
    ),
  ];
}

/** Point-in-time recovery on Cloud SQL needs automated backups; the construct refuses a database without them. */
export function gcpBackupsForPointInTimeRecovery(env: EnvironmentConfig): ValidationIssue[] {
  if (!env.gcp || env.database.backupRetentionDays >= 1) return [];
  return [issue("database.backupRetentionDays", env.database.backupRetentionDays, "must be >= 1 where the environment runs on GCP (Cloud SQL point-in-time recovery needs automated backups)")];
}

/** The GCP rules, in reporting order (validate.ts runs them after the shared and AWS rules). */
export const GCP_RULES: readonly Rule[] = [
  gcpExactlyOnePrimaryRegion,
  gcpUniqueRegions,
  gcpRangesAreNetworks,
  gcpRangesDoNotOverlap,
  gcpCloudRunSize,
  gcpDatabaseTier,
  gcpMultiRegionStorage,
  gcpReplicationNeedsMultiRegion,
  gcpBackupsForPointInTimeRecovery,
];
