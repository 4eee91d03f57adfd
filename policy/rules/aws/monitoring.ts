/**
 * Alarms for the runbook thresholds: every load balancer, service and
 * database of a stack has its alarms (5xx rate, p95 latency, CPU, memory,
 * DB connections, replica lag), and every alarm notifies someone.
 * Alarms are found by metric and dimension, not by name.
 */
import type { StackContext, TfBlock } from "../../engine/types";
import { awsRule, blocksOf, isApplicationLoadBalancer, LOAD_BALANCER_TYPES } from "./helpers";

interface AlarmMetric {
  readonly name?: string;
  readonly statistic?: string;
  readonly dimensions: Readonly<Record<string, unknown>>;
}

/** The metrics an alarm watches: its own, or those of its metric math queries. */
function metricsOf(alarm: TfBlock): AlarmMetric[] {
  const { config } = alarm;
  const own = config.metric_name ? [{ name: config.metric_name, statistic: config.extended_statistic ?? config.statistic, dimensions: config.dimensions ?? {} }] : [];
  const queried = blocksOf(config.metric_query).flatMap((q) => blocksOf(q.metric).map((m) => ({ name: m.metric_name, statistic: m.stat, dimensions: m.dimensions ?? {} })));
  return [...own, ...queried];
}

function hasAlarm(ctx: StackContext, names: readonly string[], dimension: string, matches: (value: unknown) => boolean, statistic?: RegExp): boolean {
  return ctx
    .resources("aws_cloudwatch_metric_alarm")
    .some((alarm) => metricsOf(alarm).some((m) => names.includes(String(m.name)) && matches(m.dimensions[dimension]) && (!statistic || statistic.test(String(m.statistic)))));
}

const HTTP_5XX = ["HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count"];
/** p90 and above: the runbook's latency threshold is p95. */
const HIGH_PERCENTILE = /^p9\d(\.\d+)?$/;

export const runbookAlarms = awsRule({
  id: "MF-AWS-CW-1",
  severity: "error",
  title: "The runbook thresholds have alarms: ALB 5xx rate and p95 latency, service CPU and memory, DB connections, replica lag",
  fix: "Create the alarms with the region's AwsAlarms construct (thresholds from the environment file's alarms and database sections).",
  mirrors: [],
  appliesTo: [...LOAD_BALANCER_TYPES, "aws_ecs_service", "aws_db_instance"],
  check: (block, ctx) => {
    const problems: string[] = [];
    const refers = (value: unknown) => ctx.refersTo(value, block);
    if (LOAD_BALANCER_TYPES.includes(block.type)) {
      if (!isApplicationLoadBalancer(block)) return [];
      if (!hasAlarm(ctx, HTTP_5XX, "LoadBalancer", refers)) problems.push(`no alarm on its 5xx rate (${HTTP_5XX.join(" / ")})`);
      if (!hasAlarm(ctx, ["TargetResponseTime"], "LoadBalancer", refers, HIGH_PERCENTILE)) problems.push("no alarm on its p95 latency (TargetResponseTime, extended statistic p95)");
    } else if (block.type === "aws_ecs_service") {
      const service = (value: unknown) => refers(value) || (block.config.name !== undefined && value === block.config.name);
      if (!hasAlarm(ctx, ["CPUUtilization"], "ServiceName", service)) problems.push("no alarm on its CPU utilization");
      if (!hasAlarm(ctx, ["MemoryUtilization"], "ServiceName", service)) problems.push("no alarm on its memory utilization");
    } else {
      const db = (value: unknown) => refers(value) || (block.config.identifier !== undefined && value === block.config.identifier);
      if (!hasAlarm(ctx, ["DatabaseConnections"], "DBInstanceIdentifier", db)) problems.push("no alarm on its connection count (DatabaseConnections)");
      if (block.config.replicate_source_db !== undefined && !hasAlarm(ctx, ["ReplicaLag"], "DBInstanceIdentifier", db)) problems.push("is a replica with no alarm on its ReplicaLag");
    }
    return problems;
  },
});

export const alarmsNotify = awsRule({
  id: "MF-AWS-CW-2",
  severity: "error",
  title: "Every alarm notifies (alarm_actions set and actions enabled)",
  fix: "Send alarm_actions (and ok_actions) to the region's alarm SNS topic.",
  mirrors: [],
  appliesTo: ["aws_cloudwatch_metric_alarm"],
  check: ({ config }) => {
    if (config.actions_enabled === false) return ["actions_enabled is false: the alarm changes state silently"];
    return Array.isArray(config.alarm_actions) && config.alarm_actions.length > 0 ? [] : ["has no alarm_actions: nobody is told when it fires"];
  },
});

export const monitoringRules = [runbookAlarms, alarmsNotify];
