import { Construct } from "constructs";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";

/** Name every MockForge diagnostic setting carries (one per target resource). */
export const DIAGNOSTIC_SETTING_NAME = "mockforge-to-log-analytics";

export interface AzureDiagnosticsProps {
  /** Resource ids to collect from, by a stable key (the key becomes part of the construct id). */
  readonly targets: Readonly<Record<string, string>>;
  /** Log Analytics workspace receiving the logs and metrics. */
  readonly logAnalyticsWorkspaceId: string;
  /**
   * Log category groups to send.
   * @default ["allLogs"] (every log category the resource has, including audit logs)
   */
  readonly categoryGroups?: readonly string[];
  /**
   * Send platform metrics as well.
   * @default true
   */
  readonly metrics?: boolean;
  /**
   * Metric categories to send (storage services call theirs `Transaction`).
   * @default ["AllMetrics"]
   */
  readonly metricCategories?: readonly string[];
}

/**
 * Diagnostic settings that send every log category (and the platform
 * metrics) of each target to a Log Analytics workspace. Resources without
 * platform metrics (NSGs) pass `metrics: false`.
 */
export class AzureDiagnostics extends Construct {
  readonly settings: Readonly<Record<string, MonitorDiagnosticSetting>>;

  constructor(scope: Construct, id: string, props: AzureDiagnosticsProps) {
    super(scope, id);
    const groups = props.categoryGroups ?? ["allLogs"];
    if (groups.length === 0 && props.metrics === false) {
      throw new Error("AzureDiagnostics: categoryGroups is empty and metrics is false; a diagnostic setting must send something.");
    }
    const settings: Record<string, MonitorDiagnosticSetting> = {};
    for (const [key, targetResourceId] of Object.entries(props.targets)) {
      settings[key] = new MonitorDiagnosticSetting(this, key, {
        name: DIAGNOSTIC_SETTING_NAME,
        targetResourceId,
        logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
        enabledLog: groups.map((categoryGroup) => ({ categoryGroup })),
        enabledMetric: props.metrics === false ? undefined : (props.metricCategories ?? ["AllMetrics"]).map((category) => ({ category })),
      });
    }
    this.settings = settings;
  }
}
