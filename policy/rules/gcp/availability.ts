/** Reliability: backups with point-in-time recovery, regional databases, spare service capacity, a zone-spread Sentinel quorum. */
import type { StackContext, TfBlock } from "../../engine/types";
import { CLOUD_RUN_SERVICE_TYPES, runMinInstancesOf } from "./cloud-run";
import { blockOf, gcpRule, isInRegionReplica, isSqlReplica, isTrue, PROTECTED_TIERS, shown, sqlEngine, sqlSettings } from "./helpers";
import { REDIS_SENTINEL_ROLE_TAG } from "../../../constructs/core/redis-sentinel/role-tag";

/** The Sentinel nodes' tag/label (constructs/core/redis-sentinel/role-tag.ts). */
export const REDIS_SENTINEL_ROLE = REDIS_SENTINEL_ROLE_TAG;

/** Minimum backup retention (days of daily backups) in staging and production. */
export const MIN_BACKUP_RETENTION_DAYS = 7;

export const sqlRegional = gcpRule({
  id: "MF-GCP-SQL-5",
  severity: "error",
  title: "Production Cloud SQL instances are regional (a synchronous standby in another zone); in-region read replicas are exempt",
  fix: "Set settings.availability_type = REGIONAL (database.highAvailability: true in the production environment file).",
  mirrors: [],
  appliesTo: ["google_sql_database_instance"],
  check: (db, ctx) => {
    if (ctx.tier !== "production" || isInRegionReplica(db, ctx)) return [];
    const type = sqlSettings(db).availability_type;
    return type === "REGIONAL" ? [] : [`settings.availability_type is ${shown(type)}${type === undefined ? " (ZONAL by default)" : ""} in production: losing its zone takes the database down`];
  },
});

/** The point-in-time recovery switch of each engine: WAL archiving (PostgreSQL, SQL Server), binary logs (MySQL). */
function pitrEnabled(db: TfBlock, backup: Record<string, any>): { on: boolean; attribute: string } {
  return sqlEngine(db) === "MYSQL"
    ? { on: isTrue(backup.binary_log_enabled), attribute: "binary_log_enabled" }
    : { on: isTrue(backup.point_in_time_recovery_enabled), attribute: "point_in_time_recovery_enabled" };
}

export const sqlBackups = gcpRule({
  id: "MF-GCP-SQL-6",
  severity: "error",
  title: `Staging and production Cloud SQL instances take daily backups, keep at least ${MIN_BACKUP_RETENTION_DAYS}, and have point-in-time recovery; read replicas (which cannot back up) are exempt`,
  fix: `Set settings.backup_configuration { enabled = true, point_in_time_recovery_enabled = true (binary_log_enabled on MySQL), backup_retention_settings { retained_backups >= ${MIN_BACKUP_RETENTION_DAYS} } } (database.backupRetentionDays in the environment file).`,
  mirrors: ["CKV_GCP_14", "CKV2_GCP_20", "AVD-GCP-0024"],
  appliesTo: ["google_sql_database_instance"],
  check: (db, ctx: StackContext) => {
    if (!PROTECTED_TIERS.has(ctx.tier) || isSqlReplica(db)) return [];
    const backup = blockOf(sqlSettings(db).backup_configuration);
    if (!isTrue(backup.enabled)) return [`settings.backup_configuration.enabled is ${shown(backup.enabled)} in ${ctx.tier}: no automated backups`];
    const problems: string[] = [];
    const pitr = pitrEnabled(db, backup);
    if (!pitr.on) problems.push(`backup_configuration.${pitr.attribute} is ${shown(backup[pitr.attribute])}: no point-in-time recovery`);
    const retention = blockOf(backup.backup_retention_settings);
    // Cloud SQL keeps 7 backups when retention is not set; the only unit is COUNT (one backup a day).
    const kept = Number(retention.retained_backups ?? 7);
    if (retention.retention_unit !== undefined && retention.retention_unit !== "COUNT") problems.push(`backup_retention_settings.retention_unit is ${shown(retention.retention_unit)}; use COUNT`);
    if (!(kept >= MIN_BACKUP_RETENTION_DAYS)) problems.push(`backup_retention_settings.retained_backups is ${shown(retention.retained_backups)}: ${ctx.tier} needs at least ${MIN_BACKUP_RETENTION_DAYS} daily backups`);
    return problems;
  },
});

export const serviceSpareCapacity = gcpRule({
  id: "MF-GCP-RUN-4",
  severity: "error",
  title: "Production Cloud Run services keep at least 2 instances running (minimum instances)",
  fix: "Set template.scaling.min_instance_count >= 2 (service.minCount in the production environment file).",
  mirrors: [],
  appliesTo: CLOUD_RUN_SERVICE_TYPES,
  check: (service, ctx) => {
    if (ctx.tier !== "production") return [];
    const min = runMinInstancesOf(service);
    return min.count >= 2 ? [] : [`${min.from} is ${min.count}: one instance failing or restarting leaves no warm capacity (and scale-from-zero adds cold starts)`];
  },
});

export function isSentinelNode(block: TfBlock): boolean {
  return block.config.labels?.[REDIS_SENTINEL_ROLE.key] === REDIS_SENTINEL_ROLE.value;
}

export const sentinelQuorumSpread = gcpRule({
  id: "MF-GCP-REDIS-1",
  severity: "error",
  title: `Production runs at least 3 Redis Sentinel nodes (label ${REDIS_SENTINEL_ROLE.key}=${REDIS_SENTINEL_ROLE.value}), each in its own zone`,
  fix: "Run 3 nodes with distinctZones true; GcpRedisSentinel places node i in the region's zone i.",
  mirrors: [],
  appliesTo: ["google_compute_instance"],
  check: (node, ctx) => {
    if (ctx.tier !== "production" || !isSentinelNode(node)) return [];
    const nodes = ctx.resources("google_compute_instance").filter(isSentinelNode);
    const problems: string[] = [];
    if (nodes.length < 3) problems.push(`the stack has ${nodes.length} Sentinel node(s); a quorum that survives one failure needs 3`);
    const zone = String(node.config.zone);
    const sharing = nodes.filter((other) => other !== node && String(other.config.zone) === zone);
    if (sharing.length > 0) problems.push(`shares its zone (${shown(node.config.zone)}) with ${sharing.map((n) => n.address).join(", ")}: one zone outage can take the quorum down`);
    return problems;
  },
});

export const availabilityRules = [sqlRegional, sqlBackups, serviceSpareCapacity, sentinelQuorumSpread];
