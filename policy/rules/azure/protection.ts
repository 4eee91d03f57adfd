/** Data protection: deletion locks on stateful resources in staging and production, recoverable vaults, versioned blobs. */
import { azureRule, blocksOf, deletionLockOf, isReplicaServer, isTrue, PROTECTED_TIERS, shown } from "./helpers";

export const stateLocked = azureRule({
  id: "MF-AZURE-LOCK-1",
  severity: "error",
  title: "Staging and production stateful resources (Flexible Servers, storage accounts, managed data disks, registries) carry a CanNotDelete lock",
  fix: "Add an azurerm_management_lock (lock_level CanNotDelete) whose scope is the resource (or its resource group); the constructs do when deletion protection is on.",
  mirrors: [],
  appliesTo: ["azurerm_postgresql_flexible_server", "azurerm_storage_account", "azurerm_managed_disk", "azurerm_container_registry"],
  check: (block, ctx) => {
    // A replica is a copy: its source holds the data and the lock.
    if (!PROTECTED_TIERS.has(ctx.tier) || (block.type === "azurerm_postgresql_flexible_server" && isReplicaServer(block))) return [];
    return deletionLockOf(ctx, block) ? [] : [`has no CanNotDelete or ReadOnly management lock (on itself or its resource group) in ${ctx.tier}: one delete call loses it`];
  },
});

export const keyVaultRecoverable = azureRule({
  id: "MF-AZURE-KV-2",
  severity: "error",
  title: "Key Vaults have purge protection: deleted vaults and secrets stay recoverable for the whole soft-delete period",
  fix: "Set purge_protection_enabled = true (and keep soft_delete_retention_days at 90, the default).",
  mirrors: ["CKV_AZURE_110", "CKV_AZURE_42", "AVD-AZU-0016"],
  appliesTo: ["azurerm_key_vault"],
  check: ({ config }) =>
    isTrue(config.purge_protection_enabled)
      ? []
      : [`purge_protection_enabled is ${shown(config.purge_protection_enabled)}: a deleted vault or secret can be purged at once, for good`],
});

export const blobsRecoverable = azureRule({
  id: "MF-AZURE-ST-7",
  severity: "error",
  title: "Storage accounts keep blob versions and soft-delete blobs and containers: overwritten or deleted data can be restored",
  fix: "Set blob_properties { versioning_enabled = true, delete_retention_policy { days }, container_delete_retention_policy { days } } (storage.versioning in the environment file).",
  mirrors: ["CKV2_AZURE_38"],
  appliesTo: ["azurerm_storage_account"],
  check: ({ config }) => {
    if (config.account_kind === "FileStorage") return [];
    const blob = blocksOf(config.blob_properties)[0];
    const problems: string[] = [];
    if (!isTrue(blob?.versioning_enabled)) problems.push("blob_properties.versioning_enabled is not true: an overwrite loses the previous content");
    if (blocksOf(blob?.delete_retention_policy).length === 0) problems.push("has no blob_properties.delete_retention_policy: deleted blobs are gone at once");
    if (blocksOf(blob?.container_delete_retention_policy).length === 0) problems.push("has no blob_properties.container_delete_retention_policy: a deleted container is gone at once");
    return problems;
  },
});

export const protectionRules = [stateLocked, keyVaultRecoverable, blobsRecoverable];
