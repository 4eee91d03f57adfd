/** Reliability: database backups and point-in-time recovery, HA database systems, spare service capacity, a spread Sentinel quorum. */
import type { StackContext, TfBlock } from "../../engine/types";
import { blockAt, blocksOf, isTrue, MIN_BACKUP_RETENTION_DAYS, ociRule, PROTECTED_TIERS, shown } from "./helpers";
import { REDIS_SENTINEL_ROLE_TAG } from "../../../constructs/core/redis-sentinel/role-tag";

/** The Sentinel nodes' tag/label (constructs/core/redis-sentinel/role-tag.ts). */
export const REDIS_SENTINEL_ROLE = REDIS_SENTINEL_ROLE_TAG;


const PSQL = "oci_psql_db_system";

/** A cross-region warm standby: it replays its primary, whose backups and PITR it restores from until promoted. */
function isStandby(db: TfBlock): boolean {
  return blocksOf(db.config.source).some((s) => s.source_type === "DB_SYSTEM");
}

export const databaseBackups = ociRule({
  id: "MF-OCI-PSQL-2",
  severity: "error",
  title: `Staging and production database systems take automated backups kept at least ${MIN_BACKUP_RETENTION_DAYS} days`,
  fix: `Set management_policy.backup_policy { kind = DAILY, retention_days >= ${MIN_BACKUP_RETENTION_DAYS} } (database.backupRetentionDays in the environment file).`,
  mirrors: [],
  appliesTo: [PSQL],
  check: (db, ctx) => {
    if (!PROTECTED_TIERS.has(ctx.tier)) return [];
    const policy = blockAt(db.config, ["management_policy", "backup_policy"]);
    if (!policy) return [`has no management_policy.backup_policy: ${ctx.tier} needs explicit automated backups`];
    if (policy.kind === "NONE") return ["backup_policy.kind is NONE: no automated backups"];
    const days = Number(policy.retention_days ?? 0);
    return days >= MIN_BACKUP_RETENTION_DAYS ? [] : [`backup_policy.retention_days is ${shown(policy.retention_days)}: ${ctx.tier} needs at least ${MIN_BACKUP_RETENTION_DAYS} days`];
  },
});

export const databasePointInTimeRecovery = ociRule({
  id: "MF-OCI-PSQL-3",
  severity: "error",
  title: `Staging and production primary database systems keep point-in-time recovery for at least ${MIN_BACKUP_RETENTION_DAYS} days (warm standbys restore from their primary)`,
  fix: `Set management_policy.pitr_policy { kind = STANDARD, restore_days >= ${MIN_BACKUP_RETENTION_DAYS} } (OciPostgres sets it to backupRetentionDays).`,
  mirrors: [],
  appliesTo: [PSQL],
  check: (db, ctx) => {
    if (!PROTECTED_TIERS.has(ctx.tier) || isStandby(db)) return [];
    const pitr = blockAt(db.config, ["management_policy", "pitr_policy"]);
    if (!pitr || pitr.kind !== "STANDARD") return [`management_policy.pitr_policy.kind is ${shown(pitr?.kind)}: ${ctx.tier} needs point-in-time recovery (STANDARD)`];
    const days = Number(pitr.restore_days ?? 0);
    return days >= MIN_BACKUP_RETENTION_DAYS ? [] : [`pitr_policy.restore_days is ${shown(pitr.restore_days)}: ${ctx.tier} needs at least ${MIN_BACKUP_RETENTION_DAYS} days`];
  },
});

export const databaseHighAvailability = ociRule({
  id: "MF-OCI-PSQL-4",
  severity: "error",
  title: "Production database systems have a node to fail over to (instance_count >= 2) on regionally durable storage",
  fix: "Set instance_count >= 2 and storage_details.is_regionally_durable = true (database.highAvailability: true in the production environment file).",
  mirrors: [],
  appliesTo: [PSQL],
  check: ({ config }, ctx) => {
    if (ctx.tier !== "production") return [];
    const problems: string[] = [];
    if (Number(config.instance_count ?? 1) < 2) problems.push(`instance_count is ${shown(config.instance_count ?? 1)} in production: losing the node takes the database down`);
    const storage = blockAt(config, ["storage_details"]);
    if (!isTrue(storage?.is_regionally_durable)) problems.push(`storage_details.is_regionally_durable is ${shown(storage?.is_regionally_durable)}: the data lives in one availability domain`);
    return problems;
  },
});

/** Autoscaling configurations that scale `pool`. */
function autoscalersOf(pool: TfBlock, ctx: StackContext): TfBlock[] {
  return ctx.resources("oci_autoscaling_auto_scaling_configuration").filter((a) => blocksOf(a.config.auto_scaling_resources).some((r) => ctx.refersTo(r.id, pool)));
}

export const serviceSpareCapacity = ociRule({
  id: "MF-OCI-POOL-1",
  severity: "error",
  title: "Production instance pools run at least 2 instances (pool size and every autoscaling policy's minimum)",
  fix: "Set the pool's size and the autoscaling policy's capacity.min (and initial) to >= 2 (service.minCount in the production environment file).",
  mirrors: [],
  appliesTo: ["oci_core_instance_pool"],
  check: (pool, ctx) => {
    if (ctx.tier !== "production") return [];
    const problems: string[] = [];
    if (Number(pool.config.size) < 2) problems.push(`size is ${shown(pool.config.size)}: one instance failing or being replaced leaves no capacity`);
    for (const scaler of autoscalersOf(pool, ctx)) {
      for (const policy of blocksOf(scaler.config.policies)) {
        const capacity = blocksOf(policy.capacity)[0];
        if (Number(capacity?.min) < 2) problems.push(`${scaler.address} policy ${shown(policy.display_name)} may scale in to ${shown(capacity?.min)} instance(s)`);
      }
    }
    return problems;
  },
});

function isSentinelNode(block: TfBlock): boolean {
  return block.config.freeform_tags?.[REDIS_SENTINEL_ROLE.key] === REDIS_SENTINEL_ROLE.value;
}

/** Where a node runs: its availability domain expression and fault domain (undefined: OCI chooses). */
function placementOf(node: TfBlock): { ad: string; fd?: string } {
  return { ad: String(node.config.availability_domain), fd: typeof node.config.fault_domain === "string" ? node.config.fault_domain : undefined };
}

export const sentinelQuorumSpread = ociRule({
  id: "MF-OCI-REDIS-1",
  severity: "error",
  title: `Production runs at least 3 Redis Sentinel nodes (freeform tag ${REDIS_SENTINEL_ROLE.key}=${REDIS_SENTINEL_ROLE.value}), no two in the same availability and fault domain`,
  fix: "Run 3 nodes with distinctZones true: one per availability domain in 3-AD regions, one per fault domain (fault_domain set) in 1-AD regions (OciRedisSentinel spreads them).",
  mirrors: [],
  appliesTo: ["oci_core_instance"],
  check: (node, ctx) => {
    if (ctx.tier !== "production" || !isSentinelNode(node)) return [];
    const nodes = ctx.resources("oci_core_instance").filter(isSentinelNode);
    const problems: string[] = [];
    if (nodes.length < 3) problems.push(`the stack has ${nodes.length} Sentinel node(s); a quorum that survives one failure needs 3`);
    const here = placementOf(node);
    const sharing = nodes.filter((other) => {
      if (other === node) return false;
      const there = placementOf(other);
      // Without a fault domain OCI may put both nodes on the same hardware: that counts as shared.
      return there.ad === here.ad && (here.fd === undefined || there.fd === undefined || there.fd === here.fd);
    });
    if (sharing.length > 0) {
      const why = here.fd === undefined ? "has no fault_domain and shares its availability domain with" : "shares its availability and fault domain with";
      problems.push(`${why} ${sharing.map((n) => n.address).join(", ")}: one outage can take the quorum down`);
    }
    return problems;
  },
});

export const availabilityRules = [databaseBackups, databasePointInTimeRecovery, databaseHighAvailability, serviceSpareCapacity, sentinelQuorumSpread];
