import { AzureDiagnostics, DIAGNOSTIC_SETTING_NAME } from "../../../constructs/azure/diagnostics";
import { AzureLogAnalytics } from "../../../constructs/azure/log-analytics";
import { configsOf, onlyConfigOf, synthJson } from "../../support/synth";

describe("AzureLogAnalytics", () => {
  const json = synthJson((scope) => new AzureLogAnalytics(scope, "logs", { name: "mockforge-prod-eus-logs", location: "eastus", resourceGroupName: "rg", retentionDays: 365 }));

  it("keeps logs for the requested days, uncapped, with shared-key access off", () => {
    expect(onlyConfigOf(json, "azurerm_log_analytics_workspace")).toMatchObject({ sku: "PerGB2018", retention_in_days: 365, daily_quota_gb: -1, local_authentication_enabled: false });
  });

  it.each([7, 731, 90.5])("rejects a retention of %p days", (retentionDays) => {
    expect(() => synthJson((scope) => new AzureLogAnalytics(scope, "logs", { name: "l", location: "eastus", resourceGroupName: "rg", retentionDays }))).toThrow(
      `retentionDays ${retentionDays} is invalid; use a whole number from 30 to 730`,
    );
  });
});

describe("AzureDiagnostics", () => {
  const json = synthJson((scope) => new AzureDiagnostics(scope, "diag", { targets: { vault: "vault-id", vnet: "vnet-id" }, logAnalyticsWorkspaceId: "ws" }));

  it("sends every log category group and all metrics of each target to the workspace", () => {
    const settings = configsOf(json, "azurerm_monitor_diagnostic_setting");
    expect(settings.map((s) => s.target_resource_id).sort()).toEqual(["vault-id", "vnet-id"]);
    for (const s of settings) {
      expect(s).toMatchObject({ name: DIAGNOSTIC_SETTING_NAME, log_analytics_workspace_id: "ws", enabled_log: [{ category_group: "allLogs" }], enabled_metric: [{ category: "AllMetrics" }] });
    }
  });

  it("leaves metrics out for resources that have none, and refuses a setting that sends nothing", () => {
    const nsg = onlyConfigOf(synthJson((scope) => new AzureDiagnostics(scope, "d", { targets: { nsg: "nsg-id" }, logAnalyticsWorkspaceId: "ws", metrics: false })), "azurerm_monitor_diagnostic_setting");
    expect(nsg.enabled_metric).toBeUndefined();
    expect(nsg.enabled_log).toEqual([{ category_group: "allLogs" }]);
    expect(() => synthJson((scope) => new AzureDiagnostics(scope, "d", { targets: { x: "x" }, logAnalyticsWorkspaceId: "ws", metrics: false, categoryGroups: [] }))).toThrow(/must send something/);
    const blob = onlyConfigOf(synthJson((scope) => new AzureDiagnostics(scope, "d", { targets: { blob: "blob-id" }, logAnalyticsWorkspaceId: "ws", metricCategories: ["Transaction"] })), "azurerm_monitor_diagnostic_setting");
    expect(blob.enabled_metric).toEqual([{ category: "Transaction" }]);
  });
});
