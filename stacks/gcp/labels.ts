import { Token, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import { addStackVisitor, TaggingAspect } from "../../constructs/core/tagging";

/**
 * Resources whose labels live outside `labels`, out of the TaggingAspect's
 * reach: Cloud SQL in `settings.user_labels`, Cloud Monitoring in
 * `user_labels` (a notification channel's `labels` are its settings).
 */
class UserLabelsAspect implements IAspect {
  constructor(private readonly labels: Readonly<Record<string, string>>) {}

  visit(node: IConstruct): void {
    if (node instanceof SqlDatabaseInstance) {
      node.addOverride("settings.user_labels", { ...this.labels });
    } else if (node instanceof MonitoringAlertPolicy || node instanceof MonitoringNotificationChannel) {
      const own = node.userLabelsInput;
      if (own !== undefined && Token.isUnresolved(own)) return;
      // A resource's own user label wins, as with the TaggingAspect.
      node.userLabels = { ...this.labels, ...(own ?? {}) };
    }
  }
}

/** Puts the standard labels on every labelled resource of a GCP stack, Cloud SQL and Cloud Monitoring included. */
export function applyGcpLabels(scope: IConstruct, labels: Readonly<Record<string, string>>): void {
  TaggingAspect.apply(scope, labels, "labels");
  addStackVisitor(scope, new UserLabelsAspect(labels));
}
