/** Helpers the Azure rules share: reading nested blocks, references, diagnostic settings, locks. */
import type { Rule, StackContext, TfBlock, TfReference } from "../../engine/types";
import { isSensitiveReference } from "../shared/secret-names";
import { REDIS_SENTINEL_ROLE_TAG } from "../../../constructs/core/redis-sentinel/role-tag";
import { blocksOf, isFalse, isTrue, PROTECTED_TIERS, shown, stringsOf } from "../shared/json";

export { blocksOf, isFalse, isTrue, PROTECTED_TIERS, shown, stringsOf };

/** The Sentinel nodes' tag/label (constructs/core/redis-sentinel/role-tag.ts). */
export const REDIS_SENTINEL_ROLE = REDIS_SENTINEL_ROLE_TAG;

/** An Azure rule (the cloud is implied). */
export function azureRule(rule: Omit<Rule, "cloud">): Rule {
  return { cloud: "azure", ...rule };
}


/**
 * The blocks named `name` inside `parent`, static ones and the `content` of
 * `dynamic` ones (cdktf writes iterator-built blocks that way); dynamic
 * contents are marked so a rule can say "for each ...".
 */
export function nestedBlocks(parent: Record<string, any> | undefined, name: string): Array<{ block: Record<string, any>; dynamic: boolean }> {
  if (!parent) return [];
  const found = blocksOf(parent[name]).map((block) => ({ block, dynamic: false }));
  for (const d of blocksOf(parent.dynamic)) {
    for (const content of blocksOf(d[name]).flatMap((x) => blocksOf(x.content))) found.push({ block: content, dynamic: true });
  }
  return found;
}

/**
 * True when `value` (an expression) and `target` name the same thing: the
 * same literal text, or references to the same block of this stack.
 */
export function sameTarget(ctx: StackContext, value: unknown, target: unknown): boolean {
  if (typeof value === "string" && typeof target === "string" && value === target) return true;
  const resolved = ctx.resolve(target);
  return resolved !== undefined && ctx.refersTo(value, resolved);
}

/** A Flexible Server that copies another (its source holds the data and the protection). */
export function isReplicaServer(server: TfBlock): boolean {
  return server.config.create_mode === "Replica";
}

// ---- secrets ------------------------------------------------------------------------------

/** Attributes of Azure resources that hold secret values (beyond the shared list). */
const AZURE_SENSITIVE_ATTRIBUTES = new Set([
  "administrator_password",
  "admin_password",
  "primary_key",
  "secondary_key",
  "primary_blob_connection_string",
  "secondary_blob_connection_string",
  "primary_shared_key",
  "secondary_shared_key",
  "instrumentation_key",
  "connection_string",
]);

/** True when a reference reads a secret value: the shared list, Azure key attributes, or a Key Vault secret's `value`. */
export function isAzureSensitiveReference(ref: TfReference): boolean {
  if (isSensitiveReference(ref)) return true;
  if (ref.attribute === undefined) return false;
  if (AZURE_SENSITIVE_ATTRIBUTES.has(ref.attribute)) return true;
  return /^(data\.)?azurerm_key_vault_secret\./.test(ref.address) && ref.attribute === "value";
}

// ---- diagnostic settings ------------------------------------------------------------------

/** Where a diagnostic setting sends what it collects (any destination counts). */
const DIAGNOSTIC_DESTINATIONS = ["log_analytics_workspace_id", "storage_account_id", "eventhub_authorization_rule_id", "eventhub_name", "partner_solution_id"];

export interface DiagnosticLogs {
  readonly setting: TfBlock;
  readonly categories: ReadonlySet<string>;
  readonly groups: ReadonlySet<string>;
}

/**
 * The diagnostic settings of this stack that collect logs from `target` (or
 * from the sub-resource `target.id` + `suffix`, e.g. `/blobServices/default`)
 * and send them somewhere, with the log categories and category groups each
 * one enables.
 */
export function diagnosticLogsOf(ctx: StackContext, target: TfBlock, suffix = ""): DiagnosticLogs[] {
  const expected = `\${${target.address}.id}${suffix}`;
  return ctx
    .resources("azurerm_monitor_diagnostic_setting")
    .filter((s) => s.config.target_resource_id === expected && DIAGNOSTIC_DESTINATIONS.some((key) => typeof s.config[key] === "string" && s.config[key] !== ""))
    .map((setting) => {
      const enabled = [...blocksOf(setting.config.enabled_log), ...blocksOf(setting.config.log).filter((l) => l.enabled !== false)];
      return {
        setting,
        categories: new Set(enabled.map((l) => l.category).filter((c): c is string => typeof c === "string")),
        groups: new Set(enabled.map((l) => String(l.category_group ?? "")).filter(Boolean).map((g) => g.toLowerCase())),
      };
    });
}

/** Do the settings together collect every one of `categories` (or all logs)? */
export function collectsLogs(settings: readonly DiagnosticLogs[], categories: readonly string[]): boolean {
  return (
    settings.some((s) => s.groups.has("alllogs")) ||
    categories.every((category) => settings.some((s) => s.categories.has(category)))
  );
}

// ---- locks --------------------------------------------------------------------------------

const LOCK_LEVELS = new Set(["CanNotDelete", "ReadOnly"]);

/**
 * The management lock that keeps `block` from being deleted: one on the
 * resource itself, or on the resource group of this stack it lives in.
 */
export function deletionLockOf(ctx: StackContext, block: TfBlock): TfBlock | undefined {
  const group = ctx.resolve(block.config.resource_group_name, "azurerm_resource_group");
  return ctx
    .resources("azurerm_management_lock")
    .find((lock) => LOCK_LEVELS.has(lock.config.lock_level) && (ctx.refersTo(lock.config.scope, block) || (group !== undefined && ctx.refersTo(lock.config.scope, group))));
}

// ---- Redis Sentinel nodes -----------------------------------------------------------------

export const VM_TYPES = ["azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine"];
export const SCALE_SET_TYPES = ["azurerm_linux_virtual_machine_scale_set", "azurerm_windows_virtual_machine_scale_set", "azurerm_orchestrated_virtual_machine_scale_set"];

export function isSentinelNode(block: TfBlock): boolean {
  return block.config.tags?.[REDIS_SENTINEL_ROLE.key] === REDIS_SENTINEL_ROLE.value;
}
