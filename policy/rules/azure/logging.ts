/**
 * Access and audit logs, through diagnostic settings (found by target, not
 * name): Front Door (access and WAF logs, for the CDN, the entry point and
 * the WAF), storage (blob reads, writes, deletes), and the Key Vault,
 * database and application platform audit and console logs.
 */
import { azureRule, collectsLogs, diagnosticLogsOf } from "./helpers";

const FRONT_DOOR_LOGS = ["FrontDoorAccessLog", "FrontDoorWebApplicationFirewallLog"];

export const frontDoorLogs = azureRule({
  id: "MF-AZURE-LOG-1",
  severity: "error",
  title: "Front Door profiles send their access logs and WAF logs to a workspace (the CDN, entry point and WAF logs in one)",
  fix: "Add an azurerm_monitor_diagnostic_setting on the profile with enabled_log category_group allLogs (or FrontDoorAccessLog and FrontDoorWebApplicationFirewallLog) and a destination.",
  mirrors: [],
  appliesTo: ["azurerm_cdn_frontdoor_profile"],
  check: (profile, ctx) => {
    const settings = diagnosticLogsOf(ctx, profile);
    if (settings.length === 0) return ["has no diagnostic setting sending its logs anywhere: requests and WAF decisions are not recorded"];
    return collectsLogs(settings, FRONT_DOOR_LOGS) ? [] : [`its diagnostic settings collect neither allLogs nor all of ${FRONT_DOOR_LOGS.join(", ")}`];
  },
});

const BLOB_LOGS = ["StorageRead", "StorageWrite", "StorageDelete"];

export const storageAccessLogs = azureRule({
  id: "MF-AZURE-LOG-2",
  severity: "error",
  title: "Storage accounts log every blob read, write and delete (diagnostic setting on the blob service)",
  fix: "Add an azurerm_monitor_diagnostic_setting with target_resource_id = \"${account.id}/blobServices/default\", enabled_log category_group allLogs (or StorageRead, StorageWrite, StorageDelete) and a destination.",
  mirrors: ["CKV2_AZURE_21"],
  appliesTo: ["azurerm_storage_account"],
  check: (account, ctx) => {
    const settings = diagnosticLogsOf(ctx, account, "/blobServices/default");
    if (settings.length === 0) return ["has no diagnostic setting on its blob service (<account id>/blobServices/default): blob access is not logged"];
    return collectsLogs(settings, BLOB_LOGS) ? [] : [`its blob diagnostic settings collect neither allLogs nor all of ${BLOB_LOGS.join(", ")}`];
  },
});

export const platformLogs = azureRule({
  id: "MF-AZURE-LOG-3",
  severity: "error",
  title: "Key Vaults, Flexible Servers, Application Gateways and Container Apps environments send their audit, access and console logs to a workspace",
  fix: "Add an azurerm_monitor_diagnostic_setting for the resource with enabled_log category_group allLogs (or audit) and a destination; a Container Apps environment needs logs_destination azure-monitor plus such a setting, or log-analytics with a workspace.",
  mirrors: [],
  appliesTo: ["azurerm_key_vault", "azurerm_postgresql_flexible_server", "azurerm_application_gateway", "azurerm_container_app_environment"],
  check: (block, ctx) => {
    if (block.type === "azurerm_container_app_environment") {
      const destination = block.config.logs_destination;
      if (destination === "log-analytics") return block.config.log_analytics_workspace_id ? [] : ["logs_destination is log-analytics without log_analytics_workspace_id"];
      if (destination !== "azure-monitor") return [`logs_destination is ${destination === undefined ? "not set" : JSON.stringify(destination)}: console and system logs of the apps are kept nowhere`];
    }
    const settings = diagnosticLogsOf(ctx, block);
    if (settings.length === 0) return ["has no diagnostic setting sending its logs anywhere"];
    const collects = settings.some((s) => s.groups.has("alllogs") || s.groups.has("audit") || s.categories.size > 0);
    return collects ? [] : ["its diagnostic settings send metrics only, no logs"];
  },
});

export const loggingRules = [frontDoorLogs, storageAccessLogs, platformLogs];
