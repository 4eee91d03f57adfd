import { Construct } from "constructs";
import { resourceName } from "../core/naming";
import { validateAlarmSpec } from "../core/alarm-spec";
import type { AlarmSpec, DeploymentContext } from "../core/specs";
import { MonitoringAlarm } from "./bindings/monitoring-alarm";
import { OnsNotificationTopic } from "./bindings/ons-notification-topic";
import { OnsSubscription } from "./bindings/ons-subscription";

/** Metric namespaces of the services alarmed on. */
export const METRIC_NAMESPACES = {
  loadBalancer: "oci_lbaas",
  compute: "oci_computeagent",
  postgres: "oci_postgresql",
} as const;

export interface OciAlarmsProps extends AlarmSpec {
  readonly context: DeploymentContext;
  readonly compartmentId: string;
  readonly loadBalancerId: string;
  readonly instancePoolId: string;
  readonly dbSystemId: string;
  /** max_connections of the database (the connections alarm fires at a share of it). */
  readonly databaseMaxConnections: number;
  /** Whether the database has replicas that can lag (read replica nodes or a standby). */
  readonly databaseReplicates: boolean;
  readonly redisInstanceIds: readonly string[];
  /**
   * Re-send notifications while an alarm keeps firing.
   * @default "PT4H"
   */
  readonly repeatNotificationDuration?: string;
}

/**
 * The runbook's alarms in OCI Monitoring, all notifying one Notifications
 * topic with an e-mail subscription per address: 5xx share and p95 latency
 * at the load balancer, service CPU and memory over the instance pool,
 * database connections and replication lag, and Redis nodes that stop
 * reporting metrics.
 */
export class OciAlarms extends Construct {
  readonly topic: OnsNotificationTopic;
  readonly subscriptions: readonly OnsSubscription[];
  readonly alarms: Readonly<Record<string, MonitoringAlarm>>;

  constructor(scope: Construct, id: string, props: OciAlarmsProps) {
    super(scope, id);
    validate(props);
    const { context, compartmentId } = props;
    const p = `${props.periodMinutes}m`;

    this.topic = new OnsNotificationTopic(this, "topic", {
      compartmentId,
      name: resourceName(context, "alarms", 256),
      description: `MockForge alarms (${context.environment}, ${context.region})`,
    });
    this.subscriptions = props.emails.map(
      (email, i) => new OnsSubscription(this, `email-${i}`, { compartmentId, topicId: this.topic.id, protocol: "EMAIL", endpoint: email }),
    );

    const alarms: Record<string, MonitoringAlarm> = {};
    const alarm = (key: string, namespace: string, query: string, severity: string, body: string) => {
      alarms[key] = new MonitoringAlarm(this, key, {
        compartmentId,
        metricCompartmentId: compartmentId,
        displayName: resourceName(context, key),
        namespace,
        query,
        severity,
        body,
        isEnabled: true,
        destinations: [this.topic.id],
        pendingDuration: `PT${props.periodMinutes}M`,
        repeatNotificationDuration: props.repeatNotificationDuration ?? "PT4H",
      });
    };
    const lb = `{resourceId = "${props.loadBalancerId}"}`;
    const pool = `{instancePoolId = "${props.instancePoolId}"}`;
    const db = `{resourceId = "${props.dbSystemId}"}`;

    alarm(
      "http-5xx",
      METRIC_NAMESPACES.loadBalancer,
      `(HttpResponses5xx[${p}]${lb}.sum() / HttpRequests[${p}]${lb}.sum()) * 100 > ${props.http5xxPercent}`,
      "CRITICAL",
      `More than ${props.http5xxPercent}% of requests failed with 5xx. Runbook: check the backend set health and the service logs.`,
    );
    alarm(
      "latency-p95",
      METRIC_NAMESPACES.loadBalancer,
      `ResponseTimeHttpHeader[${p}]${lb}.percentile(0.95) > ${props.latencyP95Milliseconds}`,
      "WARNING",
      `p95 latency is above ${props.latencyP95Milliseconds} ms. Runbook: check scaling, database and Redis latency.`,
    );
    alarm(
      "service-cpu",
      METRIC_NAMESPACES.compute,
      `CpuUtilization[${p}]${pool}.mean() > ${props.cpuPercent}`,
      "WARNING",
      `Service CPU is above ${props.cpuPercent}% although autoscaling targets less. Runbook: check the pool's maximum size.`,
    );
    alarm(
      "service-memory",
      METRIC_NAMESPACES.compute,
      `MemoryUtilization[${p}]${pool}.mean() > ${props.memoryPercent}`,
      "WARNING",
      `Service memory is above ${props.memoryPercent}%. Runbook: check for leaks and the pool's maximum size.`,
    );
    const connections = Math.floor((props.databaseMaxConnections * props.databaseConnectionsPercent) / 100);
    alarm(
      "database-connections",
      METRIC_NAMESPACES.postgres,
      `Connections[${p}]${db}.max() > ${connections}`,
      "WARNING",
      `Database connections are above ${props.databaseConnectionsPercent}% of max_connections (${props.databaseMaxConnections}).`,
    );
    if (props.databaseReplicates) {
      alarm(
        "database-replica-lag",
        METRIC_NAMESPACES.postgres,
        `ReplicaLag[${p}]${db}.max() > ${props.replicaLagSeconds}`,
        "WARNING",
        `A database replica lags more than ${props.replicaLagSeconds} s behind the primary.`,
      );
    }
    props.redisInstanceIds.forEach((instanceId, i) => {
      alarm(
        `redis-node-${i + 1}-down`,
        METRIC_NAMESPACES.compute,
        `CpuUtilization[${p}]{resourceId = "${instanceId}"}.absent()`,
        "CRITICAL",
        `Redis node ${i + 1} stopped reporting. Runbook: Sentinel fails over; replace the node with terraform apply -replace.`,
      );
    });
    this.alarms = alarms;
  }
}

function validate(props: OciAlarmsProps): void {
  const fail = (message: string): never => {
    throw new Error(`OciAlarms (${props.context.environment}, ${props.context.region}): ${message}`);
  };
  if (!Number.isInteger(props.periodMinutes) || props.periodMinutes < 1 || props.periodMinutes > 60) {
    fail(`periodMinutes is ${props.periodMinutes}; OCI alarms evaluate 1 to 60 minute windows.`);
  }
  for (const [name, value] of [
    ["http5xxPercent", props.http5xxPercent],
    ["cpuPercent", props.cpuPercent],
    ["memoryPercent", props.memoryPercent],
    ["databaseConnectionsPercent", props.databaseConnectionsPercent],
  ] as const) {
    if (!(value > 0 && value <= 100)) fail(`${name} is ${value}; use a percentage above 0 and at most 100.`);
  }
  // Period and percentages above keep OCI's wording; the address check is the shared one.
  validateAlarmSpec(props, `OciAlarms (${props.context.environment}, ${props.context.region})`, { fields: ["emails"] });
}
