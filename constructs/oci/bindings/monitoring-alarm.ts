import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_monitoring_alarm` arguments (website/docs/r/monitoring_alarm.html.markdown). */
export interface MonitoringAlarmConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment of the alarm. */
  readonly compartmentId: string;
  /** Topic OCIDs notified when the alarm fires. */
  readonly destinations: readonly string[];
  /** The alarm's name (also the notification title). */
  readonly displayName: string;
  /** Whether the alarm is enabled. */
  readonly isEnabled: boolean;
  /** The compartment of the metric. */
  readonly metricCompartmentId: string;
  /** The metric namespace, e.g. `oci_lbaas`. */
  readonly namespace: string;
  /** The MQL expression with its trigger rule, e.g. `CpuUtilization[5m].mean() > 80`. */
  readonly query: string;
  /** `CRITICAL`, `ERROR`, `WARNING` or `INFO`. */
  readonly severity: string;
  /**
   * Notification body: what happened and which runbook to follow.
   * @default none
   */
  readonly body?: string;
  /**
   * ISO 8601 duration the condition must persist before firing, `PT1M` to `PT1H`.
   * @default "PT1M"
   */
  readonly pendingDuration?: string;
  /**
   * ISO 8601 interval between repeated notifications while firing.
   * @default no repeats
   */
  readonly repeatNotificationDuration?: string;
}

/** A Monitoring alarm. */
export class MonitoringAlarm extends OciTaggableResource {
  static readonly tfResourceType = "oci_monitoring_alarm";

  constructor(scope: Construct, id: string, config: MonitoringAlarmConfig) {
    super(scope, id, MonitoringAlarm.tfResourceType, config);
  }
}
