/** Reliability: backups, multi-AZ databases, spare service capacity and a zone-spread Sentinel quorum. */
import type { StackContext, TfBlock } from "../../engine/types";
import { awsRule, PROTECTED_TIERS, shown } from "./helpers";
import { REDIS_SENTINEL_ROLE_TAG } from "../../../constructs/core/redis-sentinel/role-tag";

/** The Sentinel nodes' tag/label (constructs/core/redis-sentinel/role-tag.ts). */
export const REDIS_SENTINEL_ROLE = REDIS_SENTINEL_ROLE_TAG;

/** Minimum automated backup retention (days) in staging and production: the point-in-time recovery window. */
export const MIN_BACKUP_RETENTION_DAYS = 7;

/** An in-region read replica: its source is a DB instance of this stack (cross-region replicas name an ARN). */
function isInRegionReplica(db: TfBlock, ctx: StackContext): boolean {
  return db.config.replicate_source_db !== undefined && ctx.resolve(db.config.replicate_source_db, "aws_db_instance") !== undefined;
}

export const rdsMultiAz = awsRule({
  id: "MF-AWS-RDS-5",
  severity: "error",
  title: "Production databases run Multi-AZ (a synchronous standby in another zone); in-region read replicas are exempt",
  fix: "Set multi_az = true (database.highAvailability: true in the production environment file).",
  mirrors: ["CKV_AWS_157"],
  appliesTo: ["aws_db_instance"],
  check: (db, ctx) => {
    if (ctx.tier !== "production" || isInRegionReplica(db, ctx)) return [];
    return db.config.multi_az === true ? [] : [`multi_az is ${shown(db.config.multi_az)} in production: losing its zone takes the database down`];
  },
});

export const rdsBackups = awsRule({
  id: "MF-AWS-RDS-6",
  severity: "error",
  title: `Staging and production databases keep automated backups (and with them point-in-time recovery) for at least ${MIN_BACKUP_RETENTION_DAYS} days`,
  fix: `Set backup_retention_period >= ${MIN_BACKUP_RETENTION_DAYS} (database.backupRetentionDays in the environment file); cross-region replicas need PostgreSQL 14+ to keep backups.`,
  mirrors: ["CKV_AWS_133", "AVD-AWS-0077"],
  appliesTo: ["aws_db_instance"],
  check: (db, ctx) => {
    if (!PROTECTED_TIERS.has(ctx.tier) || isInRegionReplica(db, ctx)) return [];
    const days = Number(db.config.backup_retention_period ?? 0);
    return days >= MIN_BACKUP_RETENTION_DAYS
      ? []
      : [`backup_retention_period is ${shown(db.config.backup_retention_period)}: ${ctx.tier} needs at least ${MIN_BACKUP_RETENTION_DAYS} days of point-in-time recovery`];
  },
});

/** The scaling target of an ECS service, if any. */
function scalingTargetOf(service: TfBlock, ctx: StackContext): TfBlock | undefined {
  return ctx.resources("aws_appautoscaling_target").find((t) => t.config.service_namespace === "ecs" && ctx.refersTo(t.config.resource_id, service));
}

export const serviceSpareCapacity = awsRule({
  id: "MF-AWS-ECS-3",
  severity: "error",
  title: "Production services run at least 2 tasks (autoscaling min_capacity, or desired_count without autoscaling)",
  fix: "Set the service's aws_appautoscaling_target min_capacity >= 2 (service.minCount in the production environment file).",
  mirrors: [],
  appliesTo: ["aws_appautoscaling_target", "aws_ecs_service"],
  check: (block, ctx) => {
    if (ctx.tier !== "production") return [];
    if (block.type === "aws_appautoscaling_target") {
      if (block.config.service_namespace !== "ecs") return [];
      return Number(block.config.min_capacity) >= 2 ? [] : [`min_capacity is ${shown(block.config.min_capacity)}: one task failing or deploying leaves no capacity`];
    }
    if (block.config.scheduling_strategy === "DAEMON" || scalingTargetOf(block, ctx)) return [];
    return Number(block.config.desired_count) >= 2 ? [] : [`desired_count is ${shown(block.config.desired_count)} and no autoscaling target raises it`];
  },
});

function isSentinelNode(block: TfBlock): boolean {
  return block.config.tags?.[REDIS_SENTINEL_ROLE.key] === REDIS_SENTINEL_ROLE.value;
}

/** What identifies a node's zone: its subnet's availability_zone expression, else its own, else the subnet. */
function zoneOf(node: TfBlock, ctx: StackContext): string {
  const subnet = ctx.resolve(node.config.subnet_id, "aws_subnet");
  return String(subnet?.config.availability_zone ?? node.config.availability_zone ?? node.config.subnet_id);
}

export const sentinelQuorumSpread = awsRule({
  id: "MF-AWS-REDIS-1",
  severity: "error",
  title: `Production runs at least 3 Redis Sentinel nodes (tag ${REDIS_SENTINEL_ROLE.key}=${REDIS_SENTINEL_ROLE.value}), each in its own availability zone`,
  fix: "Run 3 nodes with distinctZones true in a network of 3 or more zones (environment file: redis.distinctZones, aws.regions[].azCount).",
  mirrors: [],
  appliesTo: ["aws_instance"],
  check: (node, ctx) => {
    if (ctx.tier !== "production" || !isSentinelNode(node)) return [];
    const nodes = ctx.resources("aws_instance").filter(isSentinelNode);
    const problems: string[] = [];
    if (nodes.length < 3) problems.push(`the stack has ${nodes.length} Sentinel node(s); a quorum that survives one failure needs 3`);
    const zone = zoneOf(node, ctx);
    const sharing = nodes.filter((other) => other !== node && zoneOf(other, ctx) === zone);
    if (sharing.length > 0) problems.push(`shares its availability zone with ${sharing.map((n) => n.address).join(", ")}: one zone outage can take the quorum down`);
    return problems;
  },
});

export const availabilityRules = [rdsMultiAz, rdsBackups, serviceSpareCapacity, sentinelQuorumSpread];
