/**
 * Encryption at rest. Azure encrypts managed disks, Flexible Server storage
 * and backups, Log Analytics and Key Vault with platform keys (AES-256)
 * whatever Terraform says: nothing there can be turned off. What can be left
 * out is the second layer of storage accounts and the host-side encryption
 * of VM temp disks and disk caches, which these rules require.
 */
import { azureRule, isTrue, SCALE_SET_TYPES, shown, VM_TYPES } from "./helpers";

export const storageInfrastructureEncryption = azureRule({
  id: "MF-AZURE-ST-1",
  severity: "error",
  title: "Storage accounts encrypt twice at rest: service-level and infrastructure-level (double) encryption",
  fix: "Set infrastructure_encryption_enabled = true on the azurerm_storage_account (it can only be set when the account is created).",
  mirrors: ["AVD-AZU-0061"],
  appliesTo: ["azurerm_storage_account"],
  check: ({ config }) =>
    isTrue(config.infrastructure_encryption_enabled)
      ? []
      : [`infrastructure_encryption_enabled is ${shown(config.infrastructure_encryption_enabled)}: data is encrypted once, with one key and one algorithm`],
});

export const vmEncryptionAtHost = azureRule({
  id: "MF-AZURE-VM-1",
  severity: "error",
  title: "Virtual machines (Redis nodes) encrypt at host: temp disk and OS/data disk caches are encrypted too",
  fix: "Set encryption_at_host_enabled = true (AzureRedisSentinel encryptionAtHost; the subscription needs the Microsoft.Compute/EncryptionAtHost feature).",
  mirrors: ["CKV_AZURE_97"],
  appliesTo: [...VM_TYPES, ...SCALE_SET_TYPES],
  check: ({ config }) =>
    isTrue(config.encryption_at_host_enabled)
      ? []
      : [`encryption_at_host_enabled is ${shown(config.encryption_at_host_enabled)}: the temp disk and the host's disk caches (Redis pages, swap) are stored unencrypted`],
});

export const encryptionRules = [storageInfrastructureEncryption, vmEncryptionAtHost];
