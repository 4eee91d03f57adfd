import { Construct } from "constructs";
import type { MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { MonitorScheduledQueryRulesAlertV2 } from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import { AzureActionGroup, isoMinutes, metricAlert } from "./action-group";
import { ALERT_WINDOW_MINUTES } from "./limits";

/**
 * p95 of Front Door's request durations (ms) over the alert window, from the
 * access logs the profile's diagnostic setting sends to the workspace
 * (AzureDiagnostics; `timeTaken_s` is the request's total time in seconds).
 */
export const FRONT_DOOR_P95_QUERY = [
  "AzureDiagnostics",
  '| where Category == "FrontDoorAccessLog"',
  "| summarize p95_ms = percentile(todouble(timeTaken_s), 95) * 1000",
].join("\n");

export interface AzureEdgeAlarmsProps {
  /** Prefix of the alert names, e.g. `mockforge-prod-glb`. */
  readonly namePrefix: string;
  readonly environment: string;
  readonly resourceGroupName: string;
  /** Region of the log search alert (the workspace's region). */
  readonly location: string;
  /** The Front Door profile the metrics come from. */
  readonly profileId: string;
  /** The Log Analytics workspace that receives the profile's access logs (the p95 latency alert queries it). */
  readonly logAnalyticsWorkspaceId: string;
  /** Share of requests answered with 5xx that raises an alarm. */
  readonly http5xxPercent: number;
  /** The runbook's p95 latency threshold, in milliseconds. */
  readonly latencyP95Milliseconds: number;
  readonly periodMinutes: number;
  readonly emails: readonly string[];
}

/**
 * The runbook's client-facing alarms, measured at Front Door (where every
 * region's traffic is seen): the share of 5xx responses (metric alert), the
 * p95 latency (a log search alert over the access logs: metric alerts have no
 * percentiles), and, as a faster metric-based signal of severe slowness, the
 * window's average total latency above the same threshold.
 */
export class AzureEdgeAlarms extends Construct {
  readonly actionGroup: AzureActionGroup;
  readonly alerts: Readonly<Record<"http5xx" | "latency", MonitorMetricAlert>>;
  /** The p95 latency alert over Front Door's access logs. */
  readonly latencyP95: MonitorScheduledQueryRulesAlertV2;

  constructor(scope: Construct, id: string, props: AzureEdgeAlarmsProps) {
    super(scope, id);
    if (!(props.http5xxPercent > 0 && props.http5xxPercent <= 100)) {
      throw new Error(`AzureEdgeAlarms: http5xxPercent ${props.http5xxPercent} is invalid; use a percentage above 0 and at most 100.`);
    }
    if (!(props.latencyP95Milliseconds > 0)) throw new Error(`AzureEdgeAlarms: latencyP95Milliseconds ${props.latencyP95Milliseconds} is invalid; use a positive number.`);
    if (!ALERT_WINDOW_MINUTES.includes(props.periodMinutes)) {
      throw new Error(`AzureEdgeAlarms: periodMinutes ${props.periodMinutes} is not an Azure Monitor window; use one of ${ALERT_WINDOW_MINUTES.join(", ")}.`);
    }
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
        description: `Average total latency above the ${props.latencyP95Milliseconds} ms p95 threshold over ${props.periodMinutes} min (severe slowness; the p95 alert is the runbook's)`,
        criteria: { metricNamespace: "Microsoft.Cdn/profiles", metricName: "TotalLatency", aggregation: "Average", operator: "GreaterThan", threshold: props.latencyP95Milliseconds },
      }),
    };
    const window = isoMinutes(props.periodMinutes);
    this.latencyP95 = new MonitorScheduledQueryRulesAlertV2(this, "latency-p95", {
      name: `${props.namePrefix}-latency-p95`,
      description: `p95 request latency above ${props.latencyP95Milliseconds} ms over ${props.periodMinutes} min (Front Door access logs)`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      scopes: [props.logAnalyticsWorkspaceId],
      severity: 1,
      windowDuration: window,
      evaluationFrequency: window,
      enabled: true,
      autoMitigationEnabled: true,
      // The timeTaken_s column appears only once Front Door has logged a request: validating the query at creation would fail.
      skipQueryValidation: true,
      criteria: [
        {
          query: FRONT_DOOR_P95_QUERY,
          timeAggregationMethod: "Maximum",
          metricMeasureColumn: "p95_ms",
          operator: "GreaterThan",
          threshold: props.latencyP95Milliseconds,
          failingPeriods: { minimumFailingPeriodsToTriggerAlert: 1, numberOfEvaluationPeriods: 1 },
        },
      ],
      action: { actionGroups: [group] },
    });
  }
}
