import { Construct } from "constructs";
import { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import { MonitorMetricAlert, type MonitorMetricAlertCriteria } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { ALERT_WINDOW_MINUTES } from "./limits";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** ISO 8601 duration of a window in minutes (PT5M, PT1H, P1D). */
export function isoMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `P${minutes / 1440}D`;
  if (minutes % 60 === 0) return `PT${minutes / 60}H`;
  return `PT${minutes}M`;
}

export interface AzureActionGroupProps {
  /** Action group name. */
  readonly name: string;
  /** Short name shown in e-mails and SMS (1-12 characters). */
  readonly shortName: string;
  readonly resourceGroupName: string;
  /** On-call e-mail addresses. */
  readonly emails: readonly string[];
}

/** The action group alerts notify: one e-mail receiver per address, in the common alert schema. */
export class AzureActionGroup extends Construct {
  readonly actionGroup: MonitorActionGroup;
  readonly actionGroupId: string;

  constructor(scope: Construct, id: string, props: AzureActionGroupProps) {
    super(scope, id);
    if (props.shortName.length < 1 || props.shortName.length > 12) {
      throw new Error(`AzureActionGroup "${props.name}": shortName "${props.shortName}" must be 1-12 characters.`);
    }
    for (const email of props.emails) {
      if (!EMAIL.test(email)) throw new Error(`AzureActionGroup "${props.name}": emails entry "${email}" is not an e-mail address.`);
    }
    this.actionGroup = new MonitorActionGroup(this, "action-group", {
      name: props.name,
      shortName: props.shortName,
      resourceGroupName: props.resourceGroupName,
      location: "global",
      enabled: true,
      emailReceiver: props.emails.map((emailAddress, i) => ({ name: `oncall-${i}`, emailAddress, useCommonAlertSchema: true })),
    });
    this.actionGroupId = this.actionGroup.id;
  }
}

/** What one metric alert watches. */
export interface MetricAlertDefinition {
  readonly name: string;
  readonly description: string;
  readonly scopes: readonly string[];
  readonly criteria: MonitorMetricAlertCriteria;
  /** 0 (critical) to 4 (verbose). */
  readonly severity: number;
  readonly windowMinutes: number;
}

/** A metric alert that notifies `actionGroupId` when it fires and when it resolves. */
export function metricAlert(scope: Construct, id: string, resourceGroupName: string, actionGroupId: string, d: MetricAlertDefinition): MonitorMetricAlert {
  if (!ALERT_WINDOW_MINUTES.includes(d.windowMinutes)) {
    throw new Error(`Metric alert "${d.name}": windowMinutes ${d.windowMinutes} is not an Azure Monitor window; use one of ${ALERT_WINDOW_MINUTES.join(", ")}.`);
  }
  return new MonitorMetricAlert(scope, id, {
    name: d.name,
    description: d.description,
    resourceGroupName,
    scopes: [...d.scopes],
    severity: d.severity,
    windowSize: isoMinutes(d.windowMinutes),
    frequency: "PT1M",
    // Resolves (and notifies) by itself once the metric is back under the threshold.
    autoMitigate: true,
    enabled: true,
    criteria: [d.criteria],
    action: [{ actionGroupId }],
  });
}
