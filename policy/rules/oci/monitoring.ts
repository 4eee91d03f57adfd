/**
 * Alarms for the runbook thresholds in OCI Monitoring: every load balancer,
 * instance pool and database system has its alarms (5xx rate, p95 latency,
 * CPU, memory, connections, replica lag), and every alarm notifies someone.
 * Alarms are found by namespace, metric and dimension in their MQL query,
 * not by name.
 */
import type { StackContext, TfBlock } from "../../engine/types";
import { blocksOf, isFalse, LOAD_BALANCER, ociRule, stringsOf } from "./helpers";

interface QueryMetric {
  readonly name: string;
  /** The `{dimension = "value", ...}` text, references included. */
  readonly dimensions: string;
  readonly statistic: string;
  readonly argument: string;
}

/** `Metric[interval]{dimensions}.statistic(argument)`; dimension values may hold `${...}` references. */
const METRIC = /([A-Za-z][A-Za-z0-9_]*)\[[^\]]+\](\{(?:[^{}]|\$\{[^}]*\})*\})?(?:\.grouping\(\)|\.groupBy\([^)]*\))?\.([A-Za-z]+)\(([^)]*)\)/g;

export function metricsOfQuery(query: string): QueryMetric[] {
  return [...query.matchAll(METRIC)].map((m) => ({ name: m[1], dimensions: m[2] ?? "", statistic: m[3], argument: m[4] }));
}

/** The enabled alarms of `namespace` with a metric `names` whose dimension `dimension` references `target`. */
function hasAlarm(ctx: StackContext, namespace: string, names: readonly string[], dimension: string, target: TfBlock, statistic?: (m: QueryMetric) => boolean): boolean {
  return ctx
    .resources("oci_monitoring_alarm")
    .filter((a) => a.config.namespace === namespace && !isFalse(a.config.is_enabled) && typeof a.config.query === "string")
    .some((a) =>
      metricsOfQuery(a.config.query).some(
        (m) =>
          names.includes(m.name) &&
          new RegExp(`\\b${dimension}\\s*=`).test(m.dimensions) &&
          ctx.refersTo(m.dimensions, target) &&
          (!statistic || statistic(m)),
      ),
    );
}

/** p90 and above: the runbook's latency threshold is p95. */
const highPercentile = (m: QueryMetric) => m.statistic === "percentile" && Number(m.argument) >= 0.9 && Number(m.argument) < 1;

export const runbookAlarms = ociRule({
  id: "MF-OCI-MON-1",
  severity: "error",
  title: "The runbook thresholds have alarms: load balancer 5xx and p95 latency, instance pool CPU and memory, database connections and replica lag",
  fix: "Create the alarms with the region's OciAlarms construct (thresholds from the environment file's alarms and database sections).",
  mirrors: [],
  appliesTo: [LOAD_BALANCER, "oci_core_instance_pool", "oci_psql_db_system"],
  check: (block, ctx) => {
    const problems: string[] = [];
    if (block.type === LOAD_BALANCER) {
      if (!hasAlarm(ctx, "oci_lbaas", ["HttpResponses5xx"], "resourceId", block)) problems.push("no alarm on its 5xx responses (oci_lbaas HttpResponses5xx)");
      if (!hasAlarm(ctx, "oci_lbaas", ["ResponseTimeHttpHeader", "ResponseTimeFirstByte"], "resourceId", block, highPercentile)) {
        problems.push("no alarm on its p95 latency (oci_lbaas ResponseTimeHttpHeader .percentile(0.95))");
      }
    } else if (block.type === "oci_core_instance_pool") {
      if (!hasAlarm(ctx, "oci_computeagent", ["CpuUtilization"], "instancePoolId", block)) problems.push("no alarm on its CPU utilization (oci_computeagent CpuUtilization by instancePoolId)");
      if (!hasAlarm(ctx, "oci_computeagent", ["MemoryUtilization"], "instancePoolId", block)) problems.push("no alarm on its memory utilization (oci_computeagent MemoryUtilization by instancePoolId)");
    } else {
      if (!hasAlarm(ctx, "oci_postgresql", ["Connections"], "resourceId", block)) problems.push("no alarm on its connection count (oci_postgresql Connections)");
      const replicates = Number(block.config.instance_count ?? 1) > 1 || blocksOf(block.config.source).some((s) => s.source_type === "DB_SYSTEM");
      if (replicates && !hasAlarm(ctx, "oci_postgresql", ["ReplicaLag"], "resourceId", block)) problems.push("has replicas (or is a standby) with no alarm on ReplicaLag");
    }
    return problems;
  },
});

export const alarmsNotify = ociRule({
  id: "MF-OCI-MON-2",
  severity: "error",
  title: "Every alarm is enabled and notifies (destinations set)",
  fix: "Set is_enabled = true and destinations = [the region's alarm notification topic] (OciAlarms does).",
  mirrors: [],
  appliesTo: ["oci_monitoring_alarm"],
  check: ({ config }) => {
    if (isFalse(config.is_enabled)) return ["is_enabled is false: the alarm never fires"];
    return stringsOf(config.destinations).length > 0 ? [] : ["has no destinations: nobody is told when it fires"];
  },
});

export const monitoringRules = [runbookAlarms, alarmsNotify];
