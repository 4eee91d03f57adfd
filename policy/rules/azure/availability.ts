/** Reliability: zone-redundant databases, services and storage, backups, and a zone-spread Sentinel quorum. */
import type { StackContext, TfBlock } from "../../engine/types";
import { azureRule, blocksOf, isReplicaServer, isSentinelNode, isTrue, PROTECTED_TIERS, REDIS_SENTINEL_ROLE, shown, VM_TYPES } from "./helpers";

/** Minimum backup retention (days) in staging and production: the point-in-time recovery window. */
export const MIN_BACKUP_RETENTION_DAYS = 7;
/** Flexible Server keeps 7 days when backup_retention_days is not set. */
const DEFAULT_BACKUP_RETENTION_DAYS = 7;

export const postgresZoneRedundant = azureRule({
  id: "MF-AZURE-PG-3",
  severity: "error",
  title: "Production Flexible Servers run zone-redundant high availability (a synchronous standby in another zone); read replicas are exempt",
  fix: 'Set high_availability { mode = "ZoneRedundant" } (database.highAvailability: true with a General Purpose or Memory Optimized SKU).',
  mirrors: [],
  appliesTo: ["azurerm_postgresql_flexible_server"],
  check: (server, ctx) => {
    if (ctx.tier !== "production" || isReplicaServer(server)) return [];
    const mode = blocksOf(server.config.high_availability)[0]?.mode;
    if (mode === "ZoneRedundant") return [];
    return [mode === undefined ? "has no high_availability in production: losing its zone takes the database down" : `high_availability.mode is ${mode}: standby and primary share one zone`];
  },
});

export const postgresBackups = azureRule({
  id: "MF-AZURE-PG-4",
  severity: "error",
  title: `Staging and production Flexible Servers keep at least ${MIN_BACKUP_RETENTION_DAYS} days of backups (point-in-time recovery); production backups are geo-redundant`,
  fix: `Set backup_retention_days >= ${MIN_BACKUP_RETENTION_DAYS} (database.backupRetentionDays) and, in production, geo_redundant_backup_enabled = true (azure.database.geoRedundantBackup; it can only be set at creation).`,
  mirrors: ["CKV_AZURE_136"],
  appliesTo: ["azurerm_postgresql_flexible_server"],
  check: (server, ctx) => {
    if (!PROTECTED_TIERS.has(ctx.tier) || isReplicaServer(server)) return [];
    const problems: string[] = [];
    const days = Number(server.config.backup_retention_days ?? DEFAULT_BACKUP_RETENTION_DAYS);
    if (!(days >= MIN_BACKUP_RETENTION_DAYS)) {
      problems.push(`backup_retention_days is ${shown(server.config.backup_retention_days)}: ${ctx.tier} needs at least ${MIN_BACKUP_RETENTION_DAYS} days of point-in-time recovery`);
    }
    if (ctx.tier === "production" && !isTrue(server.config.geo_redundant_backup_enabled)) {
      problems.push(`geo_redundant_backup_enabled is ${shown(server.config.geo_redundant_backup_enabled)} in production: a regional outage loses the backups with the server`);
    }
    return problems;
  },
});

export const serviceSpareCapacity = azureRule({
  id: "MF-AZURE-APP-6",
  severity: "error",
  title: "Production Container Apps keep at least 2 replicas running (template.min_replicas)",
  fix: "Set template.min_replicas >= 2 (service.minCount in the production environment file).",
  mirrors: [],
  appliesTo: ["azurerm_container_app"],
  check: ({ config }, ctx) => {
    if (ctx.tier !== "production") return [];
    const min = blocksOf(config.template)[0]?.min_replicas;
    return Number(min ?? 0) >= 2 ? [] : [`template.min_replicas is ${shown(min)} (the default is 0): one replica failing or deploying leaves no capacity`];
  },
});

export const serviceZoneRedundant = azureRule({
  id: "MF-AZURE-APP-7",
  severity: "error",
  title: "Production Container Apps environments are zone-redundant (replicas spread over the region's zones)",
  fix: "Set zone_redundancy_enabled = true on the azurerm_container_app_environment (azure.containerApps.zoneRedundant; needs an infrastructure subnet).",
  mirrors: [],
  appliesTo: ["azurerm_container_app_environment"],
  check: ({ config }, ctx) =>
    ctx.tier !== "production" || isTrue(config.zone_redundancy_enabled)
      ? []
      : [`zone_redundancy_enabled is ${shown(config.zone_redundancy_enabled)}: every replica may run in one zone`],
});

/** What places a node: its zone, else its scale set fault domain; undefined when nothing proves where it runs. */
function placementOf(node: TfBlock): string | undefined {
  if (node.config.zone !== undefined) return `zone ${node.config.zone}`;
  if (node.config.platform_fault_domain !== undefined && node.config.virtual_machine_scale_set_id !== undefined) {
    return `fault domain ${node.config.platform_fault_domain} of ${node.config.virtual_machine_scale_set_id}`;
  }
  return undefined;
}

function sentinelNodes(ctx: StackContext): TfBlock[] {
  return VM_TYPES.flatMap((t) => ctx.resources(t)).filter(isSentinelNode);
}

export const sentinelQuorumSpread = azureRule({
  id: "MF-AZURE-REDIS-1",
  severity: "error",
  title: `Production runs at least 3 Redis Sentinel nodes (tag ${REDIS_SENTINEL_ROLE.key}=${REDIS_SENTINEL_ROLE.value}), each in its own availability zone (or fault domain)`,
  fix: "Run 3 nodes with distinctZones true over the region's 3 zones (environment file: redis.nodeCount, redis.distinctZones).",
  mirrors: [],
  appliesTo: VM_TYPES,
  check: (node, ctx) => {
    if (ctx.tier !== "production" || !isSentinelNode(node)) return [];
    const nodes = sentinelNodes(ctx);
    const problems: string[] = [];
    if (nodes.length < 3) problems.push(`the stack has ${nodes.length} Sentinel node(s); a quorum that survives one failure needs 3`);
    const placement = placementOf(node);
    if (placement === undefined) {
      problems.push("has no zone (nor scale set fault domain): nothing keeps it apart from the other nodes");
    } else {
      const sharing = nodes.filter((other) => other !== node && placementOf(other) === placement);
      if (sharing.length > 0) problems.push(`shares ${placement} with ${sharing.map((n) => n.address).join(", ")}: one zone outage can take the quorum down`);
    }
    return problems;
  },
});

const ZONE_REDUNDANT_STORAGE = new Set(["ZRS", "GZRS", "RAGZRS"]);

export const storageZoneRedundant = azureRule({
  id: "MF-AZURE-ST-6",
  severity: "error",
  title: "Production storage accounts are zone-redundant (ZRS, GZRS or RA-GZRS)",
  fix: "Set account_replication_type to ZRS or GZRS (azure.storage.replication in the environment file).",
  mirrors: [],
  appliesTo: ["azurerm_storage_account"],
  check: ({ config }, ctx) =>
    ctx.tier !== "production" || ZONE_REDUNDANT_STORAGE.has(config.account_replication_type)
      ? []
      : [`account_replication_type is ${shown(config.account_replication_type)}: every copy lives in one zone`],
});

export const availabilityRules = [postgresZoneRedundant, postgresBackups, serviceSpareCapacity, serviceZoneRedundant, sentinelQuorumSpread, storageZoneRedundant];
