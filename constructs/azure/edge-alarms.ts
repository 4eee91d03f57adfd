import { Construct } from "constructs";
import type { MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { AzureActionGroup, metricAlert } from "./action-group";

export interface AzureEdgeAlarmsProps {
  /** Prefix of the alert names, e.g. `mockforge-prod-glb`. */
  readonly namePrefix: string;
  readonly environment: string;
  readonly resourceGroupName: string;
  /** The Front Door profile the metrics come from. */
  readonly profileId: string;
  /** Share of requests answered with 5xx that raises an alarm. */
  readonly http5xxPercent: number;
  /** The runbook's p95 latency threshold, in milliseconds. */
  readonly latencyP95Milliseconds: number;
  readonly periodMinutes: number;
  readonly emails: readonly string[];
}

/**
 * The runbook's client-facing alarms, measured at Front Door (where every
 * region's traffic is seen): the share of 5xx responses, and latency.
 * Azure Monitor metric alerts have no percentiles: the latency alert fires
 * when the window's average total latency exceeds the runbook's p95
 * threshold. A true p95 needs a log-search alert over the access logs.
 */
export class AzureEdgeAlarms extends Construct {
  readonly actionGroup: AzureActionGroup;
  readonly alerts: Readonly<Record<"http5xx" | "latency", MonitorMetricAlert>>;

  constructor(scope: Construct, id: string, props: AzureEdgeAlarmsProps) {
    super(scope, id);
    if (!(props.http5xxPercent > 0 && props.http5xxPercent <= 100)) {
      throw new Error(`AzureEdgeAlarms: http5xxPercent ${props.http5xxPercent} is invalid; use a percentage above 0 and at most 100.`);
    }
    if (!(props.latencyP95Milliseconds > 0)) throw new Error(`AzureEdgeAlarms: latencyP95Milliseconds ${props.latencyP95Milliseconds} is invalid; use a positive number.`);
    this.actionGroup = new AzureActionGroup(this, "action-group", {
      name: `${props.namePrefix}-oncall`,
      shortName: `mf${props.environment}`.slice(0, 12),
      resourceGroupName: props.resourceGroupName,
      emails: props.emails,
    });
    const common = { scopes: [props.profileId], severity: 1, windowMinutes: props.periodMinutes };
    const group = this.actionGroup.actionGroupId;
    this.alerts = {
      http5xx: metricAlert(this, "http-5xx", props.resourceGroupName, group, {
        ...common,
        name: `${props.namePrefix}-http-5xx`,
        description: `5xx responses above ${props.http5xxPercent}% of requests over ${props.periodMinutes} min`,
        criteria: { metricNamespace: "Microsoft.Cdn/profiles", metricName: "Percentage5XX", aggregation: "Average", operator: "GreaterThan", threshold: props.http5xxPercent },
      }),
      latency: metricAlert(this, "latency", props.resourceGroupName, group, {
        ...common,
        name: `${props.namePrefix}-latency`,
        description: `Average total latency above the ${props.latencyP95Milliseconds} ms p95 threshold over ${props.periodMinutes} min`,
        criteria: { metricNamespace: "Microsoft.Cdn/profiles", metricName: "TotalLatency", aggregation: "Average", operator: "GreaterThan", threshold: props.latencyP95Milliseconds },
      }),
    };
  }
}
