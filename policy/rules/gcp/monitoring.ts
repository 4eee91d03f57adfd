/**
 * Alerts for the runbook thresholds: every Cloud Run service and Cloud SQL
 * instance of a stack has its Cloud Monitoring alert policies (5xx rate, p95
 * latency, CPU, memory, DB connections, replica lag), found by metric type
 * and the resource named in the condition (not by display name); in staging
 * and production every policy notifies someone.
 */
import type { StackContext, TfBlock } from "../../engine/types";
import { CLOUD_RUN_SERVICE_TYPES } from "./cloud-run";
import { blocksOf, gcpRule, isFalse, isSqlReplica, PROTECTED_TIERS } from "./helpers";

interface Condition {
  /** Filters and queries of the condition, joined. */
  readonly text: string;
  /** Aligners and reducers of its aggregations. */
  readonly aggregations: readonly string[];
}

function conditionsOf(policy: TfBlock): Condition[] {
  return blocksOf(policy.config.conditions).map((c) => {
    const parts: string[] = [];
    const aggregations: string[] = [];
    for (const key of ["condition_threshold", "condition_absent"]) {
      for (const body of blocksOf(c[key])) {
        parts.push(String(body.filter ?? ""), String(body.denominator_filter ?? ""));
        for (const a of [...blocksOf(body.aggregations), ...blocksOf(body.denominator_aggregations)]) aggregations.push(String(a.per_series_aligner ?? ""), String(a.cross_series_reducer ?? ""));
      }
    }
    for (const key of ["condition_monitoring_query_language", "condition_prometheus_query_language"]) {
      for (const body of blocksOf(c[key])) parts.push(String(body.query ?? ""));
    }
    return { text: parts.join("\n"), aggregations };
  });
}

/** `name` as a whole token of a filter (not the prefix of a longer name such as a replica's). */
function mentions(text: string, name: unknown): boolean {
  if (typeof name !== "string" || name === "") return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9_-])${escaped}($|[^A-Za-z0-9_-])`).test(text);
}

function conditionsAbout(block: TfBlock, ctx: StackContext): Condition[] {
  return ctx
    .resources("google_monitoring_alert_policy")
    .flatMap(conditionsOf)
    .filter((c) => mentions(c.text, block.config.name) || ctx.refersTo(c.text, block));
}

const has = (conditions: readonly Condition[], test: (c: Condition) => boolean) => conditions.some(test);
const HIGH_PERCENTILE = /PERCENTILE_9\d/;

export const runbookAlerts = gcpRule({
  id: "MF-GCP-MON-1",
  severity: "error",
  title: "The runbook thresholds have alert policies: Cloud Run 5xx rate, p95 latency, CPU and memory; Cloud SQL connections, and replica lag on replicas",
  fix: "Create the alert policies with the region's GcpAlarms construct (thresholds from the environment file's alarms and database sections).",
  mirrors: [],
  appliesTo: [...CLOUD_RUN_SERVICE_TYPES, "google_sql_database_instance"],
  check: (block, ctx) => {
    const about = conditionsAbout(block, ctx);
    const problems: string[] = [];
    if (CLOUD_RUN_SERVICE_TYPES.includes(block.type)) {
      if (!has(about, (c) => c.text.includes("run.googleapis.com/request_count") && c.text.includes("5xx"))) problems.push("no alert on its 5xx rate (run.googleapis.com/request_count, response_code_class 5xx)");
      if (!has(about, (c) => c.text.includes("run.googleapis.com/request_latencies") && (c.aggregations.some((a) => HIGH_PERCENTILE.test(a)) || /percentile|histogram_quantile\(0\.9/i.test(c.text)))) {
        problems.push("no alert on its p95 latency (run.googleapis.com/request_latencies with a 95th-percentile aggregation)");
      }
      if (!has(about, (c) => c.text.includes("run.googleapis.com/container/cpu/utilizations"))) problems.push("no alert on its CPU utilization");
      if (!has(about, (c) => c.text.includes("run.googleapis.com/container/memory/utilizations"))) problems.push("no alert on its memory utilization");
    } else {
      const connections = ["cloudsql.googleapis.com/database/postgresql/num_backends", "cloudsql.googleapis.com/database/network/connections"];
      if (!has(about, (c) => connections.some((m) => c.text.includes(m)))) problems.push("no alert on its connection count (database/postgresql/num_backends)");
      if (isSqlReplica(block) && !has(about, (c) => c.text.includes("cloudsql.googleapis.com/database/replication/replica_lag"))) problems.push("is a replica with no alert on its replica lag");
    }
    return problems;
  },
});

export const alertsNotify = gcpRule({
  id: "MF-GCP-MON-2",
  severity: "error",
  title: "In staging and production every alert policy is enabled and notifies at least one channel (development may have no on-call address)",
  fix: "Give the environment file's alarms.emails an on-call address; GcpAlarms creates one notification channel per address and attaches them to every policy.",
  mirrors: [],
  appliesTo: ["google_monitoring_alert_policy"],
  check: ({ config }, ctx) => {
    if (!PROTECTED_TIERS.has(ctx.tier)) return [];
    if (isFalse(config.enabled)) return ["enabled is false: the policy never opens an incident"];
    return Array.isArray(config.notification_channels) && config.notification_channels.length > 0 ? [] : ["has no notification_channels: nobody is told when it fires"];
  },
});

export const monitoringRules = [runbookAlerts, alertsNotify];
