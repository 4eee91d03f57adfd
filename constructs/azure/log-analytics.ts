import { Construct } from "constructs";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";

import { LOG_ANALYTICS_MAX_RETENTION_DAYS, LOG_ANALYTICS_MIN_RETENTION_DAYS } from "./limits";

export interface AzureLogAnalyticsProps {
  /** Workspace name (4-63 letters, digits and dashes). */
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** Days logs stay queryable: 30 to 730. */
  readonly retentionDays: number;
  /**
   * Daily ingestion cap in GB; ingestion stops for the day beyond it.
   * @default no cap (-1): losing logs during an incident costs more than the data
   */
  readonly dailyQuotaGb?: number;
}

/**
 * The Log Analytics workspace every diagnostic setting and the Container
 * Apps environment write to. Local (shared key) authentication is off:
 * agents and readers use Entra ID.
 */
export class AzureLogAnalytics extends Construct {
  readonly workspace: LogAnalyticsWorkspace;
  /** Resource id (what diagnostic settings and alerts point at). */
  readonly workspaceId: string;

  constructor(scope: Construct, id: string, props: AzureLogAnalyticsProps) {
    super(scope, id);
    const days = props.retentionDays;
    if (!Number.isInteger(days) || days < LOG_ANALYTICS_MIN_RETENTION_DAYS || days > LOG_ANALYTICS_MAX_RETENTION_DAYS) {
      throw new Error(
        `AzureLogAnalytics "${props.name}": retentionDays ${days} is invalid; use a whole number from ${LOG_ANALYTICS_MIN_RETENTION_DAYS} to ${LOG_ANALYTICS_MAX_RETENTION_DAYS}.`,
      );
    }
    if (props.dailyQuotaGb !== undefined && !(props.dailyQuotaGb === -1 || props.dailyQuotaGb >= 0.023)) {
      throw new Error(`AzureLogAnalytics "${props.name}": dailyQuotaGb ${props.dailyQuotaGb} is invalid; use -1 (no cap) or at least 0.023.`);
    }
    this.workspace = new LogAnalyticsWorkspace(this, "workspace", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      sku: "PerGB2018",
      retentionInDays: days,
      dailyQuotaGb: props.dailyQuotaGb ?? -1,
      localAuthenticationEnabled: false,
    });
    this.workspaceId = this.workspace.id;
  }
}
