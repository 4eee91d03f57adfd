import { Construct } from "constructs";
import { Token } from "cdktf";
import {
  MonitoringAlertPolicy,
  type MonitoringAlertPolicyConditions,
} from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import { validateAlarmSpec } from "../core/alarm-spec";
import type { AlarmSpec, DeploymentContext } from "../core/specs";

/** Cloud Monitoring aligns over at most a day here (the runbook's windows are minutes). */
const MAX_PERIOD_MINUTES = 24 * 60;
/** A Redis node that reports no uptime for this long is down (Compute Engine restarts it on host failure). */
const NODE_ABSENT_SECONDS = 300;

export interface GcpAlarmsProps extends AlarmSpec {
  readonly context: DeploymentContext;
  /** Project the monitored resources live in (Cloud SQL database ids are `<project>:<instance>`). */
  readonly projectId: string;
  /** Cloud Run service of this region. */
  readonly serviceName: string;
  /** Cloud SQL instance names in this region, writer (or cross-region replica) first. */
  readonly databaseInstanceNames: readonly string[];
  /** Cloud SQL instances that replicate (replica lag applies to them). */
  readonly replicaInstanceNames: readonly string[];
  /** `max_connections` of the instances; the connection alert fires at `databaseConnectionsPercent` of it. */
  readonly databaseMaxConnections: number;
  /** Compute Engine instance names of the Redis Sentinel nodes. */
  readonly redisInstanceNames: readonly string[];
}

/**
 * The runbook's alerts for one region, with the same thresholds as on AWS,
 * each an alert policy notifying one e-mail channel per on-call address
 * (Cloud Monitoring notifies when an incident opens and when it closes):
 * Cloud Run 5xx rate and p95 latency, CPU and memory, Cloud SQL connections
 * and replica lag, and a Redis node that stops reporting.
 */
export class GcpAlarms extends Construct {
  readonly channels: readonly MonitoringNotificationChannel[];
  /** Every alert policy, by a stable name (`http5xx`, `databaseConnections0`, `redisNode1`, ...). */
  readonly policies: Readonly<Record<string, MonitoringAlertPolicy>>;

  constructor(scope: Construct, id: string, props: GcpAlarmsProps) {
    super(scope, id);
    validate(props);
    const { context } = props;
    const where = `MockForge ${context.environment} ${context.region}`;

    this.channels = props.emails.map(
      (email, i) =>
        new MonitoringNotificationChannel(this, `email-${i}`, {
          displayName: `${where} on-call ${email}`,
          type: "email",
          // The channel's labels are its settings, not tags: a token keeps the stack's labelling aspect out of them.
          labels: Token.asAny({ email_address: email }) as unknown as Record<string, string>,
          forceDelete: false,
        }),
    );
    const notificationChannels = this.channels.map((c) => c.id);
    const policies: Record<string, MonitoringAlertPolicy> = {};
    const period = `${props.periodMinutes * 60}s`;
    const window = `${props.periodMinutes} min`;
    const policy = (key: string, title: string, severity: "CRITICAL" | "ERROR" | "WARNING", runbook: string, condition: Omit<MonitoringAlertPolicyConditions, "displayName">) => {
      policies[key] = new MonitoringAlertPolicy(this, key, {
        displayName: `${where}: ${title}`,
        combiner: "OR",
        severity,
        notificationChannels,
        conditions: [{ displayName: title, ...condition }],
        documentation: { subject: `${where}: ${title}`, content: runbook, mimeType: "text/markdown" },
        alertStrategy: { autoClose: "1800s" },
      });
    };

    const run = `resource.type = "cloud_run_revision" AND resource.labels.service_name = "${props.serviceName}" AND resource.labels.location = "${context.region}"`;
    const requests = `${run} AND metric.type = "run.googleapis.com/request_count"`;
    const sum = { alignmentPeriod: period, perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.service_name"] };
    policy("http5xx", "5xx rate", "CRITICAL", `5xx responses above ${props.http5xxPercent}% of requests over ${window}.`, {
      conditionThreshold: {
        filter: `${requests} AND metric.labels.response_code_class = "5xx"`,
        aggregations: [sum],
        denominatorFilter: requests,
        denominatorAggregations: [sum],
        comparison: "COMPARISON_GT",
        thresholdValue: props.http5xxPercent / 100,
        duration: "0s",
        // No traffic is not an outage: the load balancer's outlier detection covers a dead region.
        evaluationMissingData: "EVALUATION_MISSING_DATA_INACTIVE",
      },
    });
    policy("latencyP95", "p95 latency", "WARNING", `Request latency p95 above ${props.latencyP95Milliseconds} ms over ${window}.`, {
      conditionThreshold: {
        filter: `${run} AND metric.type = "run.googleapis.com/request_latencies"`,
        aggregations: [{ alignmentPeriod: period, perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_PERCENTILE_95", groupByFields: ["resource.label.service_name"] }],
        comparison: "COMPARISON_GT",
        thresholdValue: props.latencyP95Milliseconds,
        duration: "0s",
        evaluationMissingData: "EVALUATION_MISSING_DATA_INACTIVE",
      },
    });
    const utilization = (metric: string, percent: number): Omit<MonitoringAlertPolicyConditions, "displayName"> => ({
      conditionThreshold: {
        filter: `${run} AND metric.type = "run.googleapis.com/container/${metric}/utilizations"`,
        aggregations: [{ alignmentPeriod: period, perSeriesAligner: "ALIGN_MEAN", crossSeriesReducer: "REDUCE_MEAN", groupByFields: ["resource.label.service_name"] }],
        comparison: "COMPARISON_GT",
        thresholdValue: percent / 100,
        duration: "0s",
      },
    });
    policy("serviceCpu", "service CPU", "WARNING", `Average instance CPU above ${props.cpuPercent}% over ${window}.`, utilization("cpu", props.cpuPercent));
    policy("serviceMemory", "service memory", "WARNING", `Average instance memory above ${props.memoryPercent}% over ${window}.`, utilization("memory", props.memoryPercent));

    const connectionLimit = Math.floor((props.databaseMaxConnections * props.databaseConnectionsPercent) / 100);
    const database = (name: string, metric: string) =>
      `resource.type = "cloudsql_database" AND resource.labels.database_id = "${props.projectId}:${name}" AND metric.type = "cloudsql.googleapis.com/${metric}"`;
    props.databaseInstanceNames.forEach((name, i) => {
      policy(
        `databaseConnections${i}`,
        `Postgres connections (${name})`,
        "ERROR",
        `Connections above ${props.databaseConnectionsPercent}% of max_connections (${connectionLimit} of ${props.databaseMaxConnections}) over ${window}.`,
        {
          conditionThreshold: {
            filter: database(name, "database/postgresql/num_backends"),
            aggregations: [{ alignmentPeriod: period, perSeriesAligner: "ALIGN_MAX", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.database_id"] }],
            comparison: "COMPARISON_GT",
            thresholdValue: connectionLimit,
            duration: "0s",
          },
        },
      );
    });
    props.replicaInstanceNames.forEach((name, i) => {
      policy(`replicaLag${i}`, `Postgres replica lag (${name})`, "ERROR", `Replica lag above ${props.replicaLagSeconds} s over ${window}.`, {
        conditionThreshold: {
          filter: database(name, "database/replication/replica_lag"),
          aggregations: [{ alignmentPeriod: period, perSeriesAligner: "ALIGN_MAX" }],
          comparison: "COMPARISON_GT",
          thresholdValue: props.replicaLagSeconds,
          duration: "0s",
        },
      });
    });
    props.redisInstanceNames.forEach((name, i) => {
      policy(`redisNode${i}`, `Redis node down (${name})`, "CRITICAL", `Redis node ${name} reported no uptime for ${NODE_ABSENT_SECONDS / 60} min; Sentinel fails over, Compute Engine restarts the VM on host failure.`, {
        conditionAbsent: {
          filter: `resource.type = "gce_instance" AND metric.type = "compute.googleapis.com/instance/uptime" AND metric.labels.instance_name = "${name}"`,
          aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_RATE" }],
          duration: `${NODE_ABSENT_SECONDS}s`,
          trigger: { count: 1 },
        },
      });
    });
    this.policies = policies;
  }
}

function validate(props: GcpAlarmsProps): void {
  validateAlarmSpec(props, "GcpAlarms", { maxPeriodMinutes: MAX_PERIOD_MINUTES });
  if (!Number.isInteger(props.databaseMaxConnections) || props.databaseMaxConnections < 1) {
    throw new Error(`GcpAlarms: databaseMaxConnections ${props.databaseMaxConnections} is invalid; use the instances' max_connections (a positive whole number).`);
  }
}
