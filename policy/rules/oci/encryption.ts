/**
 * Encryption at rest and between instances and their volumes: buckets, block
 * and boot volumes under Vault keys, paravirtualized in-transit encryption,
 * rotating keys. (OCI Database with PostgreSQL and OCI Logging always encrypt
 * with Oracle-managed keys and take no key of ours, so no rule asks for one.)
 */
import type { TfBlock } from "../../engine/types";
import { blockAt, blocksOf, isTrue, ociRule, PROTECTED_TIERS, shown } from "./helpers";

export const bucketCustomerKey = ociRule({
  id: "MF-OCI-OS-1",
  severity: "error",
  title: "Object Storage buckets are encrypted with a customer-managed Vault key",
  fix: "Set kms_key_id on the oci_objectstorage_bucket to a key of the region's Vault (OciObjectStorage kmsKeyId).",
  mirrors: ["CKV_OCI_9"],
  appliesTo: ["oci_objectstorage_bucket"],
  check: ({ config }) => (config.kms_key_id ? [] : ["has no kms_key_id: objects are encrypted only with an Oracle-managed key"]),
});

export const volumeCustomerKey = ociRule({
  id: "MF-OCI-BV-1",
  severity: "error",
  title: "Block volumes are encrypted with a customer-managed Vault key",
  fix: "Set kms_key_id on the oci_core_volume (OciRedisSentinel uses the compute key).",
  mirrors: ["CKV_OCI_3"],
  appliesTo: ["oci_core_volume"],
  check: ({ config }) => (config.kms_key_id ? [] : ["has no kms_key_id: the volume and its backups use an Oracle-managed key"]),
});

/** The boot source block of an instance or of an instance configuration's launch details. */
function bootSourceOf(block: TfBlock): { label: string; source: Record<string, any> | undefined } {
  if (block.type === "oci_core_instance") return { label: "source_details", source: blockAt(block.config, ["source_details"]) };
  return { label: "instance_details.launch_details.source_details", source: blockAt(block.config, ["instance_details", "launch_details", "source_details"]) };
}

export const bootVolumeCustomerKey = ociRule({
  id: "MF-OCI-COMPUTE-1",
  severity: "error",
  title: "Instance boot volumes (instances and instance configurations) are encrypted with a customer-managed Vault key",
  fix: "Set kms_key_id in source_details (instance) or instance_details.launch_details.source_details (instance configuration).",
  mirrors: [],
  appliesTo: ["oci_core_instance", "oci_core_instance_configuration"],
  check: (block) => {
    const { label, source } = bootSourceOf(block);
    if (block.type === "oci_core_instance_configuration" && !blockAt(block.config, ["instance_details", "launch_details"])) {
      return ["has no instance_details.launch_details, so the boot volume's key cannot be verified"];
    }
    return source?.kms_key_id ? [] : [`${label}.kms_key_id is not set: the boot volume (OS, logs, swap) uses an Oracle-managed key`];
  },
});

export const inTransitEncryption = ociRule({
  id: "MF-OCI-COMPUTE-2",
  severity: "error",
  title: "Traffic between instances and their boot and block volumes is encrypted (paravirtualized in-transit encryption)",
  fix: "Set is_pv_encryption_in_transit_enabled = true on the instance, the instance configuration's launch_details and every volume attachment.",
  mirrors: ["CKV_OCI_4"],
  appliesTo: ["oci_core_instance", "oci_core_instance_configuration", "oci_core_volume_attachment"],
  check: (block) => {
    const holder = block.type === "oci_core_instance_configuration" ? blockAt(block.config, ["instance_details", "launch_details"]) : block.config;
    const where = block.type === "oci_core_instance_configuration" ? "instance_details.launch_details." : "";
    return isTrue(holder?.is_pv_encryption_in_transit_enabled)
      ? []
      : [`${where}is_pv_encryption_in_transit_enabled is ${shown(holder?.is_pv_encryption_in_transit_enabled)}: volume traffic crosses the network in clear text`];
  },
});

export const keyRotation = ociRule({
  id: "MF-OCI-KMS-1",
  severity: "error",
  title: "Staging and production Vault keys rotate automatically (virtual private vault, HSM-protected)",
  fix: "Use a VIRTUAL_PRIVATE vault (oci.vaultType) so keys get is_auto_rotation_enabled = true with auto_key_rotation_details; keep protection_mode HSM.",
  mirrors: [],
  appliesTo: ["oci_kms_key"],
  check: ({ config }, ctx) => {
    if (!PROTECTED_TIERS.has(ctx.tier)) return [];
    const problems: string[] = [];
    if (!isTrue(config.is_auto_rotation_enabled)) problems.push(`is_auto_rotation_enabled is ${shown(config.is_auto_rotation_enabled)} in ${ctx.tier}: the key never rotates`);
    else if (blocksOf(config.auto_key_rotation_details).length === 0) problems.push("is_auto_rotation_enabled is true but auto_key_rotation_details sets no rotation interval");
    if (config.protection_mode !== undefined && config.protection_mode !== "HSM") problems.push(`protection_mode is ${shown(config.protection_mode)}: key material is not kept in an HSM`);
    return problems;
  },
});

export const encryptionRules = [bucketCustomerKey, volumeCustomerKey, bootVolumeCustomerKey, inTransitEncryption, keyRotation];
