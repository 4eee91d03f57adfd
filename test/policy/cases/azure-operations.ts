import type { Construct } from "constructs";
import { ContainerAppEnvironment } from "@cdktf/provider-azurerm/lib/container-app-environment";
import { ContainerRegistry, type ContainerRegistryConfig } from "@cdktf/provider-azurerm/lib/container-registry";
import { ManagedDisk } from "@cdktf/provider-azurerm/lib/managed-disk";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { MonitorMetricAlert, type MonitorMetricAlertConfig } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { MonitorScheduledQueryRulesAlertV2 } from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { REDIS_SENTINEL_ROLE_TAG } from "../../../constructs/azure/redis-sentinel";
import { REQUIRED_TAG_KEYS } from "../../../constructs/core/naming";
import { containerApp, frontDoor, IDENTITY_ID, placed, postgresServer, PROFILE_ID, REGISTRY, storageAccount, WORKSPACE_ID } from "./azure-support";
import { vm } from "./azure-encryption-transit";
import { vault } from "./azure-network";
import type { RuleCase } from "./types";

const REPOSITORY: ContainerRegistryConfig = { ...placed, name: "mfprodglbacr1a2b3c", sku: "Premium", adminEnabled: false, anonymousPullEnabled: false };
const registry = (overrides: Partial<ContainerRegistryConfig> = {}) => (scope: Construct) => new ContainerRegistry(scope, "registry", { ...REPOSITORY, ...overrides });

/** An app running `image`, pulled from `server` with its identity. */
const appWithImage = (image: string, server = REGISTRY) => (scope: Construct) =>
  containerApp(scope, "app", {
    registry: [{ server, identity: IDENTITY_ID }],
    template: { minReplicas: 3, container: [{ name: "mockforge", image, cpu: 1, memory: "2Gi" }] },
  });

/** Sentinel nodes in the given zones (undefined: no zone). */
const sentinels = (zones: Array<string | undefined>) => (scope: Construct) =>
  zones.forEach((zone, i) => vm({ zone, tags: { [REDIS_SENTINEL_ROLE_TAG.key]: REDIS_SENTINEL_ROLE_TAG.value } }, `node-${i + 1}`)(scope));

const ACTION_GROUP = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/oncall";
const metricAlert = (scope: Construct, id: string, target: string, metricName: string, overrides: Partial<MonitorMetricAlertConfig> = {}) =>
  new MonitorMetricAlert(scope, id, {
    name: id,
    resourceGroupName: "rg",
    scopes: [target],
    criteria: [{ metricNamespace: "ns", metricName, aggregation: "Average", operator: "GreaterThan", threshold: 1 }],
    action: [{ actionGroupId: ACTION_GROUP }],
    ...overrides,
  });
const p95Alert = (scope: Construct, query: string) =>
  new MonitorScheduledQueryRulesAlertV2(scope, "latency-p95", {
    ...placed,
    name: "latency-p95",
    scopes: [WORKSPACE_ID],
    severity: 1,
    windowDuration: "PT5M",
    evaluationFrequency: "PT5M",
    criteria: [{ query, timeAggregationMethod: "Maximum", metricMeasureColumn: "p95_ms", operator: "GreaterThan", threshold: 500 }],
    action: { actionGroups: [ACTION_GROUP] },
  });
const P95_QUERY = 'AzureDiagnostics\n| where Category == "FrontDoorAccessLog"\n| summarize p95_ms = percentile(todouble(timeTaken_s), 95) * 1000';

/** Front Door with its alerts: "5xx" (Percentage5XX on the profile) and/or "p95" (log search alert) or "average" (TotalLatency metric). */
const frontDoorWithAlerts = (alerts: Array<"5xx" | "p95" | "average">) => (scope: Construct) => {
  frontDoor(scope);
  if (alerts.includes("5xx")) metricAlert(scope, "http-5xx", PROFILE_ID, "Percentage5XX");
  if (alerts.includes("average")) metricAlert(scope, "latency", PROFILE_ID, "TotalLatency");
  if (alerts.includes("p95")) p95Alert(scope, P95_QUERY);
};

const appWithAlerts = (metrics: string[]) => (scope: Construct) => {
  const app = containerApp(scope);
  for (const metric of metrics) metricAlert(scope, metric, app.id, metric);
};

/** A primary and an in-region replica, each with the alerts on `metrics`. */
const databasesWithAlerts = (metrics: string[]) => (scope: Construct) => {
  const primary = postgresServer(scope, "primary");
  const replica = postgresServer(scope, "replica", { createMode: "Replica", sourceServerId: primary.id, highAvailability: undefined });
  for (const server of [primary, replica]) for (const metric of metrics) metricAlert(scope, `${metric}-${server.node.id}`, server.id, metric);
};

const allTags = Object.fromEntries(REQUIRED_TAG_KEYS.map((key) => [key, `${key}-value`]));

export const azureContainerCases: RuleCase[] = [
  {
    rule: "MF-AZURE-ACR-1",
    variant: "admin user",
    bad: registry({ adminEnabled: true }),
    message: /admin_enabled is true: a shared username and password can push and pull every image/,
    good: registry({ adminEnabled: undefined }),
  },
  {
    rule: "MF-AZURE-ACR-1",
    variant: "anonymous pull",
    bad: registry({ anonymousPullEnabled: true }),
    message: /anonymous_pull_enabled is true/,
    good: registry(),
  },
  {
    rule: "MF-AZURE-APP-5",
    variant: "public image",
    bad: appWithImage("docker.io/library/nginx:1.27", "docker.io"),
    message: /container mockforge runs docker.io\/library\/nginx:1.27, which is not a tagged image of the project's ACR/,
    // The login server read from the global stack, as the real region stacks do.
    good: appWithImage(
      "${data.terraform_remote_state.global.outputs.cross-stack-output-azurerm_container_registryregistry_71CE07F6login_server}/mockforge-prod-server:0123abc",
      "${data.terraform_remote_state.global.outputs.cross-stack-output-azurerm_container_registryregistry_71CE07F6login_server}",
    ),
  },
  {
    rule: "MF-AZURE-APP-5",
    variant: "another team's repository",
    bad: appWithImage(`${REGISTRY}/payments-api:1.0.0`),
    message: /runs mfprodglbacr1a2b3c.azurecr.io\/payments-api:1.0.0, which is not a tagged image/,
    good: appWithImage(`${REGISTRY}/mockforge-prod-server@sha256:${"a".repeat(64)}`),
  },
  {
    rule: "MF-AZURE-APP-5",
    variant: ":latest",
    bad: appWithImage(`${REGISTRY}/mockforge-prod-server:latest`),
    message: /:latest is mutable/,
    good: appWithImage(`${REGISTRY}/mockforge-prod-server:1.2.3`),
  },
  {
    rule: "MF-AZURE-APP-5",
    variant: "registry not pulled with the identity",
    bad: appWithImage(`${REGISTRY}/mockforge-prod-server:1.2.3`, "mfotherregistry1.azurecr.io"),
    message: /pulls from mfprodglbacr1a2b3c.azurecr.io, which no registry block of the app covers with a managed identity/,
    // A registry of the same stack, by reference.
    good: (s) => {
      const acr = registry()(s);
      appWithImage(`${acr.loginServer}/mockforge-prod-server:1.2.3`, acr.loginServer)(s);
    },
  },
];

export const azureAvailabilityCases: RuleCase[] = [
  {
    rule: "MF-AZURE-PG-3",
    variant: "no standby",
    bad: (s) => postgresServer(s, "server", { highAvailability: undefined }),
    message: /has no high_availability in production: losing its zone takes the database down/,
    // Replicas are exempt: they cannot have a standby.
    good: (s) => postgresServer(s, "replica", { createMode: "Replica", sourceServerId: "primary-id", highAvailability: undefined }),
  },
  {
    rule: "MF-AZURE-PG-3",
    variant: "standby in the same zone",
    bad: (s) => postgresServer(s, "server", { highAvailability: { mode: "SameZone" } }),
    message: /high_availability.mode is SameZone/,
    good: (s) => postgresServer(s),
  },
  {
    rule: "MF-AZURE-PG-4",
    variant: "short retention in staging",
    tier: "staging",
    bad: (s) => postgresServer(s, "server", { backupRetentionDays: 3, geoRedundantBackupEnabled: false }),
    message: /backup_retention_days is 3: staging needs at least 7 days of point-in-time recovery/,
    // Flexible Server's default (7 days) is enough; staging needs no geo-redundancy.
    good: (s) => postgresServer(s, "server", { backupRetentionDays: undefined, geoRedundantBackupEnabled: false }),
  },
  {
    rule: "MF-AZURE-PG-4",
    variant: "production backups in one region",
    bad: (s) => postgresServer(s, "server", { geoRedundantBackupEnabled: false }),
    message: /geo_redundant_backup_enabled is false in production/,
    good: (s) => postgresServer(s),
  },
  {
    rule: "MF-AZURE-APP-6",
    bad: (s) => containerApp(s, "app", { template: { minReplicas: 1, container: [{ name: "mockforge", image: `${REGISTRY}/mockforge-prod-server:1.2.3`, cpu: 1, memory: "2Gi" }] } }),
    message: /template.min_replicas is 1/,
    good: (s) => containerApp(s),
  },
  {
    rule: "MF-AZURE-APP-7",
    bad: (s) => new ContainerAppEnvironment(s, "environment", { ...placed, name: "cae", infrastructureSubnetId: "apps-subnet" }),
    message: /zone_redundancy_enabled is not set: every replica may run in one zone/,
    good: (s) => new ContainerAppEnvironment(s, "environment", { ...placed, name: "cae", infrastructureSubnetId: "apps-subnet", zoneRedundancyEnabled: true }),
  },
  {
    rule: "MF-AZURE-REDIS-1",
    variant: "two nodes share a zone",
    bad: sentinels(["1", "2", "1"]),
    message: /shares zone 1 with azurerm_linux_virtual_machine.node-(1|3)/,
    good: sentinels(["1", "2", "3"]),
  },
  {
    rule: "MF-AZURE-REDIS-1",
    variant: "too few nodes",
    bad: sentinels(["1", "2"]),
    message: /the stack has 2 Sentinel node\(s\); a quorum that survives one failure needs 3/,
    good: sentinels(["1", "2", "3"]),
  },
  {
    rule: "MF-AZURE-REDIS-1",
    variant: "node without a zone",
    bad: sentinels(["1", "2", undefined]),
    message: /has no zone \(nor scale set fault domain\)/,
    // Untagged VMs are not Sentinel nodes.
    good: (s) => {
      sentinels(["1", "2", "3"])(s);
      vm({ zone: undefined }, "bastion")(s);
    },
  },
  {
    rule: "MF-AZURE-ST-6",
    bad: (s) => storageAccount(s, "account", { accountReplicationType: "LRS" }),
    message: /account_replication_type is "LRS": every copy lives in one zone/,
    good: (s) => storageAccount(s, "account", { accountReplicationType: "GZRS" }),
  },
];

export const azureProtectionCases: RuleCase[] = [
  {
    rule: "MF-AZURE-LOCK-1",
    variant: "storage account without a lock",
    tier: "staging",
    bad: (s) => storageAccount(s),
    message: /has no CanNotDelete or ReadOnly management lock \(on itself or its resource group\) in staging/,
    good: (s) => new ManagementLock(s, "lock", { name: "do-not-delete", scope: storageAccount(s).id, lockLevel: "CanNotDelete" }),
  },
  {
    rule: "MF-AZURE-LOCK-1",
    variant: "data disk, locked through its resource group",
    bad: (s) => new ManagedDisk(s, "disk", { ...placed, name: "data", storageAccountType: "Premium_LRS", createOption: "Empty", diskSizeGb: 50 }),
    message: /has no CanNotDelete or ReadOnly management lock/,
    good: (s) => {
      const group = new ResourceGroup(s, "rg", { name: "rg", location: "eastus" });
      new ManagedDisk(s, "disk", { location: "eastus", resourceGroupName: group.name, name: "data", storageAccountType: "Premium_LRS", createOption: "Empty", diskSizeGb: 50 });
      new ManagementLock(s, "lock", { name: "do-not-delete", scope: group.id, lockLevel: "CanNotDelete" });
    },
  },
  {
    rule: "MF-AZURE-LOCK-1",
    variant: "database, replicas exempt",
    bad: (s) => postgresServer(s),
    message: /has no CanNotDelete or ReadOnly management lock/,
    good: (s) => {
      const primary = postgresServer(s, "primary");
      new ManagementLock(s, "lock", { name: "do-not-delete", scope: primary.id, lockLevel: "ReadOnly" });
      postgresServer(s, "replica", { createMode: "Replica", sourceServerId: primary.id });
    },
  },
  {
    rule: "MF-AZURE-LOCK-1",
    variant: "a lock that does not prevent deletion",
    bad: (s) => new ManagementLock(s, "lock", { name: "note", scope: registry()(s).id, lockLevel: "NotSpecified" }),
    message: /has no CanNotDelete or ReadOnly management lock/,
    good: (s) => new ManagementLock(s, "lock", { name: "do-not-delete", scope: registry()(s).id, lockLevel: "CanNotDelete" }),
  },
  {
    rule: "MF-AZURE-KV-2",
    bad: vault({ purgeProtectionEnabled: false }),
    message: /purge_protection_enabled is false: a deleted vault or secret can be purged at once/,
    good: vault(),
  },
  {
    rule: "MF-AZURE-ST-7",
    variant: "versioning off",
    bad: (s) => storageAccount(s, "account", { blobProperties: { versioningEnabled: false, deleteRetentionPolicy: { days: 14 }, containerDeleteRetentionPolicy: { days: 14 } } }),
    message: /blob_properties.versioning_enabled is not true: an overwrite loses the previous content/,
    good: (s) => storageAccount(s),
  },
  {
    rule: "MF-AZURE-ST-7",
    variant: "no soft delete",
    bad: (s) => storageAccount(s, "account", { blobProperties: { versioningEnabled: true } }),
    message: /has no blob_properties.container_delete_retention_policy/,
    good: (s) => storageAccount(s),
  },
];

export const azureMonitoringCases: RuleCase[] = [
  {
    rule: "MF-AZURE-MON-1",
    variant: "Front Door 5xx",
    bad: frontDoorWithAlerts(["p95"]),
    message: /no alert on its profile's 5xx rate \(Percentage5XX\)/,
    good: frontDoorWithAlerts(["5xx", "p95"]),
  },
  {
    rule: "MF-AZURE-MON-1",
    variant: "Front Door p95 latency (an average metric does not count)",
    bad: frontDoorWithAlerts(["5xx", "average"]),
    message: /no p95 latency alert: metric alerts have no percentiles/,
    good: frontDoorWithAlerts(["5xx", "p95", "average"]),
  },
  {
    rule: "MF-AZURE-MON-1",
    variant: "Container App CPU and memory",
    bad: appWithAlerts(["CpuPercentage"]),
    message: /no alert on its memory \(MemoryPercentage \/ WorkingSetBytes\)/,
    good: appWithAlerts(["CpuPercentage", "WorkingSetBytes"]),
  },
  {
    rule: "MF-AZURE-MON-1",
    variant: "database connections and replica lag",
    bad: databasesWithAlerts(["active_connections"]),
    message: /is a replica with no alert on its replication lag/,
    good: databasesWithAlerts(["active_connections", "physical_replication_delay_in_seconds"]),
  },
  {
    rule: "MF-AZURE-MON-2",
    variant: "metric alert without action group",
    bad: (s) => metricAlert(s, "cpu", "app-id", "CpuPercentage", { action: [] }),
    message: /has no action group: nobody is told when it fires/,
    good: (s) => metricAlert(s, "cpu", "app-id", "CpuPercentage"),
  },
  {
    rule: "MF-AZURE-MON-2",
    variant: "disabled log search alert",
    bad: (s) => {
      p95Alert(s, P95_QUERY).addOverride("enabled", false);
    },
    message: /enabled is false: the alert never fires/,
    good: (s) => p95Alert(s, P95_QUERY),
  },
];

export const azureTaggingCases: RuleCase[] = [
  {
    rule: "MF-AZURE-TAG-1",
    variant: "missing keys",
    bad: (s) => storageAccount(s, "account", { tags: { env: "test", Name: "assets" } }),
    message: /lacks tag\(s\) region, service, owner, cost-center/,
    good: (s) => storageAccount(s, "account", { tags: allTags }),
  },
  {
    rule: "MF-AZURE-TAG-1",
    variant: "taggable resource with no tags at all",
    bad: registry(),
    message: /lacks tag\(s\) env, region, service, owner, cost-center/,
    // Resources that take no tags (a role assignment) are not asked for them.
    good: (s) => {
      registry({ tags: allTags })(s);
      new RoleAssignment(s, "assignment", { scope: "registry-id", roleDefinitionName: "AcrPull", principalId: "principal-id" });
    },
  },
];
