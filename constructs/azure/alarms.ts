import { Construct } from "constructs";
import type { MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { validateAlarmSpec } from "../core/alarm-spec";
import type { AlarmSpec, DeploymentContext } from "../core/specs";
import { AzureActionGroup, metricAlert } from "./action-group";
import { azureName } from "./naming";

/** Availability of a VM is reported every minute; two missing minutes in a row are an outage. */
const VM_AVAILABILITY_WINDOW_MINUTES = 5;

export interface AzureAlarmsProps extends AlarmSpec {
  readonly context: DeploymentContext;
  readonly resourceGroupName: string;
  /** The server's Container App. */
  readonly containerAppId: string;
  /** Flexible Servers here, writer (or cross-region replica) first. */
  readonly postgresServerIds: readonly string[];
  /** Servers that replicate (in-region replicas, or the cross-region replica). */
  readonly postgresReplicaIds: readonly string[];
  /** max_connections of the servers' SKU; the connections alarm fires at `databaseConnectionsPercent` of it. */
  readonly databaseMaxConnections: number;
  /** The Redis Sentinel VMs. */
  readonly redisVmIds: readonly string[];
}

/**
 * The runbook's alarms for one region, as Azure Monitor metric alerts that
 * e-mail an action group when they fire and when they resolve: service CPU
 * and memory, database connections and replica lag, Redis node availability.
 * The 5xx rate and latency are measured where clients see them, on Front
 * Door (AzureEdgeAlarms in the edge stack).
 */
export class AzureAlarms extends Construct {
  readonly actionGroup: AzureActionGroup;
  /** Every alert, by a stable name (`serviceCpu`, `databaseConnections0`, `redisAvailability1`, ...). */
  readonly alerts: Readonly<Record<string, MonitorMetricAlert>>;

  constructor(scope: Construct, id: string, props: AzureAlarmsProps) {
    super(scope, id);
    validate(props);
    const { context } = props;
    this.actionGroup = new AzureActionGroup(this, "action-group", {
      name: azureName(context, "oncall", 260),
      shortName: `mf${context.environment}`.slice(0, 12),
      resourceGroupName: props.resourceGroupName,
      emails: props.emails,
    });
    const alerts: Record<string, MonitorMetricAlert> = {};
    const window = props.periodMinutes;
    const alert = (key: string, component: string, d: Omit<Parameters<typeof metricAlert>[4], "name">) => {
      alerts[key] = metricAlert(this, component, props.resourceGroupName, this.actionGroup.actionGroupId, { name: azureName(context, component, 260), ...d });
    };

    alert("serviceCpu", "service-cpu", {
      description: `Service average CPU above ${props.cpuPercent}% over ${window} min`,
      scopes: [props.containerAppId],
      severity: 2,
      windowMinutes: window,
      criteria: { metricNamespace: "Microsoft.App/containerApps", metricName: "CpuPercentage", aggregation: "Average", operator: "GreaterThan", threshold: props.cpuPercent },
    });
    alert("serviceMemory", "service-memory", {
      description: `Service average memory above ${props.memoryPercent}% over ${window} min`,
      scopes: [props.containerAppId],
      severity: 2,
      windowMinutes: window,
      criteria: { metricNamespace: "Microsoft.App/containerApps", metricName: "MemoryPercentage", aggregation: "Average", operator: "GreaterThan", threshold: props.memoryPercent },
    });

    const connectionLimit = Math.floor((props.databaseMaxConnections * props.databaseConnectionsPercent) / 100);
    props.postgresServerIds.forEach((serverId, i) => {
      alert(`databaseConnections${i}`, `db-connections-${i}`, {
        description: `Connections above ${props.databaseConnectionsPercent}% of max_connections (${connectionLimit} of ${props.databaseMaxConnections}) over ${window} min`,
        scopes: [serverId],
        severity: 2,
        windowMinutes: window,
        criteria: { metricNamespace: "Microsoft.DBforPostgreSQL/flexibleServers", metricName: "active_connections", aggregation: "Maximum", operator: "GreaterThan", threshold: connectionLimit },
      });
    });
    props.postgresReplicaIds.forEach((serverId, i) => {
      alert(`replicaLag${i}`, `db-replica-lag-${i}`, {
        description: `Replica lag above ${props.replicaLagSeconds} s over ${window} min`,
        scopes: [serverId],
        severity: 2,
        windowMinutes: window,
        criteria: {
          metricNamespace: "Microsoft.DBforPostgreSQL/flexibleServers",
          metricName: "physical_replication_delay_in_seconds",
          aggregation: "Maximum",
          operator: "GreaterThan",
          threshold: props.replicaLagSeconds,
        },
      });
    });
    props.redisVmIds.forEach((vmId, i) => {
      alert(`redisAvailability${i}`, `redis-availability-${i}`, {
        description: "Redis node unavailable (VM availability below 1)",
        scopes: [vmId],
        severity: 1,
        windowMinutes: VM_AVAILABILITY_WINDOW_MINUTES,
        criteria: { metricNamespace: "Microsoft.Compute/virtualMachines", metricName: "VmAvailabilityMetric", aggregation: "Average", operator: "LessThan", threshold: 1 },
      });
    });
    this.alerts = alerts;
  }
}

function validate(props: AzureAlarmsProps): void {
  // The 5xx rate and latency alarm on Front Door (AzureEdgeAlarms); the action
  // group and metricAlert check emails and the window in Azure's terms.
  validateAlarmSpec(props, "AzureAlarms", { fields: ["cpuPercent", "memoryPercent", "databaseConnectionsPercent", "replicaLagSeconds"] });
  if (!Number.isInteger(props.databaseMaxConnections) || props.databaseMaxConnections < 1) {
    throw new Error(`AzureAlarms: databaseMaxConnections ${props.databaseMaxConnections} is invalid; use the servers' max_connections (a positive whole number).`);
  }
}
