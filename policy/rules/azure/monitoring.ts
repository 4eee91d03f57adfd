/**
 * Alarms for the runbook thresholds: Front Door (5xx rate and p95 latency,
 * where clients see them), every Container App (CPU and memory) and every
 * Flexible Server (connections, replica lag) has its alerts, and every alert
 * notifies someone. Alerts are found by metric (or query) and scope, not name.
 */
import type { StackContext, TfBlock } from "../../engine/types";
import { azureRule, blocksOf, isFalse, isReplicaServer, sameTarget, stringsOf } from "./helpers";

/** Metric alerts of this stack on one of `metrics`, scoped to `target` (an id expression or literal). */
function hasMetricAlert(ctx: StackContext, target: unknown, metrics: readonly string[]): boolean {
  return ctx
    .resources("azurerm_monitor_metric_alert")
    .some(
      (alert) =>
        stringsOf(alert.config.scopes).some((scope) => sameTarget(ctx, scope, target)) &&
        [...blocksOf(alert.config.criteria), ...blocksOf(alert.config.dynamic_criteria)].some((c) => metrics.includes(String(c.metric_name))),
    );
}

/** A p9x percentile in a KQL query (`percentile(x, 95)`, `percentiles(x, 50, 95)`). */
const HIGH_PERCENTILE = /percentiles?\s*\(.*?,\s*9\d(\.\d+)?\s*[,)]/s;

/** Is there a log search alert computing a p9x of Front Door request durations? */
function hasFrontDoorLatencyPercentileAlert(ctx: StackContext): boolean {
  return ctx
    .resources("azurerm_monitor_scheduled_query_rules_alert_v2")
    .some((alert) => blocksOf(alert.config.criteria).some((c) => typeof c.query === "string" && /FrontDoorAccessLog/.test(c.query) && HIGH_PERCENTILE.test(c.query)));
}

const CPU = ["CpuPercentage", "UsageNanoCores"];
const MEMORY = ["MemoryPercentage", "WorkingSetBytes"];
const REPLICA_LAG = ["physical_replication_delay_in_seconds", "physical_replication_delay_in_bytes"];

export const runbookAlarms = azureRule({
  id: "MF-AZURE-MON-1",
  severity: "error",
  title: "The runbook thresholds have alerts: Front Door 5xx rate and p95 latency, Container App CPU and memory, Flexible Server connections and replica lag",
  fix: "Create them with AzureEdgeAlarms (Front Door: Percentage5XX metric alert, p95 log search alert over FrontDoorAccessLog) and AzureAlarms (region), thresholds from the environment file.",
  mirrors: [],
  appliesTo: ["azurerm_cdn_frontdoor_endpoint", "azurerm_container_app", "azurerm_postgresql_flexible_server"],
  check: (block, ctx) => {
    const problems: string[] = [];
    if (block.type === "azurerm_cdn_frontdoor_endpoint") {
      if (!hasMetricAlert(ctx, block.config.cdn_frontdoor_profile_id, ["Percentage5XX"])) problems.push("no alert on its profile's 5xx rate (Percentage5XX)");
      if (!hasFrontDoorLatencyPercentileAlert(ctx)) {
        problems.push("no p95 latency alert: metric alerts have no percentiles, so add a log search alert computing percentile(..., 95) over FrontDoorAccessLog");
      }
      return problems;
    }
    const id = `\${${block.address}.id}`;
    if (block.type === "azurerm_container_app") {
      if (!hasMetricAlert(ctx, id, CPU)) problems.push(`no alert on its CPU (${CPU.join(" / ")})`);
      if (!hasMetricAlert(ctx, id, MEMORY)) problems.push(`no alert on its memory (${MEMORY.join(" / ")})`);
      return problems;
    }
    if (!hasMetricAlert(ctx, id, ["active_connections"])) problems.push("no alert on its connection count (active_connections)");
    if (isReplicaServer(block) && !hasMetricAlert(ctx, id, REPLICA_LAG)) problems.push("is a replica with no alert on its replication lag (physical_replication_delay_in_seconds)");
    return problems;
  },
});

function actionGroupsOf(alert: TfBlock): string[] {
  if (alert.type === "azurerm_monitor_metric_alert") return blocksOf(alert.config.action).flatMap((a) => stringsOf(a.action_group_id));
  return blocksOf(alert.config.action).flatMap((a) => stringsOf(a.action_groups));
}

export const alertsNotify = azureRule({
  id: "MF-AZURE-MON-2",
  severity: "error",
  title: "Every alert is enabled and notifies an action group",
  fix: "Leave enabled true and send the alert to the on-call action group (action { action_group_id } / action { action_groups }).",
  mirrors: [],
  appliesTo: ["azurerm_monitor_metric_alert", "azurerm_monitor_scheduled_query_rules_alert_v2"],
  check: (alert) => {
    if (isFalse(alert.config.enabled)) return ["enabled is false: the alert never fires"];
    return actionGroupsOf(alert).length > 0 ? [] : ["has no action group: nobody is told when it fires"];
  },
});

export const monitoringRules = [runbookAlarms, alertsNotify];
