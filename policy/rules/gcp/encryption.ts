/** Encryption at rest with customer-managed keys (CMEK): databases, disks, buckets, images, log buckets; key rotation. */
import type { StackContext, TfBlock } from "../../engine/types";
import { blockOf, blocksOf, durationSeconds, gcpRule, shown } from "./helpers";

export const sqlCmek = gcpRule({
  id: "MF-GCP-SQL-1",
  severity: "error",
  title: "Cloud SQL instances are encrypted with a customer-managed Cloud KMS key (CMEK)",
  fix: "Set encryption_key_name to a key in the instance's region that the Cloud SQL service agent may use (GcpPostgres does).",
  mirrors: [],
  appliesTo: ["google_sql_database_instance"],
  check: ({ config }) => (config.encryption_key_name ? [] : ["has no encryption_key_name: data, backups and replicas are encrypted with a Google-managed key outside our control"]),
});

/** Why a disk's `disk_encryption_key` is not a CMEK, or undefined when it is. */
function diskKeyProblem(key: Record<string, any>, cmekAttribute: string): string | undefined {
  if (key.raw_key !== undefined || key.rsa_encrypted_key !== undefined) return "uses a customer-supplied key (raw_key/rsa_encrypted_key), which sits in plain text in the configuration and the state";
  if (!key[cmekAttribute]) return `has no disk_encryption_key.${cmekAttribute}: it is encrypted with a Google-managed key`;
  return undefined;
}

const CMEK_ATTRIBUTE: Readonly<Record<string, string>> = { google_compute_disk: "kms_key_self_link", google_compute_region_disk: "kms_key_name" };

export const diskCmek = gcpRule({
  id: "MF-GCP-GCE-1",
  severity: "error",
  title: "Persistent disks (Redis data) are encrypted with a customer-managed Cloud KMS key, never a customer-supplied raw key",
  fix: "Set disk_encryption_key { kms_key_self_link = <key> } (kms_key_name on regional disks) with a grant for the Compute Engine service agent.",
  mirrors: ["CKV_GCP_37", "AVD-GCP-0034", "AVD-GCP-0037"],
  appliesTo: Object.keys(CMEK_ATTRIBUTE),
  check: (disk) => {
    const problem = diskKeyProblem(blockOf(disk.config.disk_encryption_key), CMEK_ATTRIBUTE[disk.type]);
    return problem ? [problem] : [];
  },
});

/** Why an instance's boot or attached disk is not CMEK-encrypted, or undefined when it is. */
function instanceDiskProblem(disk: Record<string, any>, label: string, ctx: StackContext): string | undefined {
  if (disk.disk_encryption_key_raw !== undefined || disk.disk_encryption_key_rsa !== undefined) {
    return `${label} uses a customer-supplied key (disk_encryption_key_raw/rsa), which sits in plain text in the configuration and the state`;
  }
  if (disk.kms_key_self_link) return undefined;
  if (disk.source !== undefined) {
    const source = ctx.resolve(disk.source, "google_compute_disk") ?? ctx.resolve(disk.source, "google_compute_region_disk");
    if (!source) return `${label} attaches ${shown(disk.source)}, a disk outside this stack, without kms_key_self_link: its encryption cannot be verified`;
    return diskKeyProblem(blockOf(source.config.disk_encryption_key), CMEK_ATTRIBUTE[source.type]) ? `${label} attaches ${source.address}, which is not CMEK-encrypted` : undefined;
  }
  return `${label} has no kms_key_self_link: it is encrypted with a Google-managed key`;
}

export const instanceDisksCmek = gcpRule({
  id: "MF-GCP-GCE-2",
  severity: "error",
  title: "Compute Engine boot and attached disks are encrypted with a customer-managed Cloud KMS key",
  fix: "Set boot_disk.kms_key_self_link, and attach only CMEK-encrypted google_compute_disk resources (or set attached_disk.kms_key_self_link).",
  mirrors: ["CKV_GCP_38", "AVD-GCP-0033"],
  appliesTo: ["google_compute_instance"],
  check: (instance: TfBlock, ctx) => {
    const problems: string[] = [];
    const boot = blocksOf(instance.config.boot_disk)[0];
    const bootProblem = boot ? instanceDiskProblem(boot, "boot_disk", ctx) : "has no boot_disk block";
    if (bootProblem) problems.push(bootProblem);
    blocksOf(instance.config.attached_disk).forEach((disk, i) => {
      const problem = instanceDiskProblem(disk, `attached_disk[${i}]${disk.device_name ? ` (${disk.device_name})` : ""}`, ctx);
      if (problem) problems.push(problem);
    });
    return problems;
  },
});

export const bucketCmek = gcpRule({
  id: "MF-GCP-GCS-1",
  severity: "error",
  title: "Cloud Storage buckets encrypt objects with a customer-managed Cloud KMS key by default",
  fix: "Set encryption { default_kms_key_name = <key> } with a key in the bucket's location that the Cloud Storage service agent may use (GcpObjectStorage does).",
  mirrors: ["AVD-GCP-0066"],
  appliesTo: ["google_storage_bucket"],
  check: ({ config }) => (blockOf(config.encryption).default_kms_key_name ? [] : ["has no encryption.default_kms_key_name: objects are encrypted with a Google-managed key"]),
});

export const registryCmek = gcpRule({
  id: "MF-GCP-AR-1",
  severity: "error",
  title: "Artifact Registry repositories encrypt images with a customer-managed Cloud KMS key",
  fix: "Set kms_key_name to a key in the repository's location that the Artifact Registry service agent may use (GcpArtifactRegistry does).",
  mirrors: ["CKV_GCP_84"],
  appliesTo: ["google_artifact_registry_repository"],
  check: ({ config }) => (config.kms_key_name ? [] : ["has no kms_key_name: images are encrypted with a Google-managed key"]),
});

export const logBucketCmek = gcpRule({
  id: "MF-GCP-LOG-1",
  severity: "error",
  title: "Cloud Logging buckets created here encrypt logs with a customer-managed Cloud KMS key",
  fix: "Set cmek_settings { kms_key_name = <key> } on the log bucket, with a grant for the Cloud Logging service account.",
  mirrors: [],
  appliesTo: ["google_logging_project_bucket_config", "google_logging_folder_bucket_config", "google_logging_organization_bucket_config", "google_logging_billing_account_bucket_config"],
  check: ({ config }) => (blockOf(config.cmek_settings).kms_key_name ? [] : ["has no cmek_settings.kms_key_name: logs (which can hold request data) are encrypted with a Google-managed key"]),
});

/** Cloud KMS's own recommendation and the CIS benchmark: a new key version at least every 90 days. */
export const MAX_ROTATION_DAYS = 90;

export const keyRotation = gcpRule({
  id: "MF-GCP-KMS-1",
  severity: "error",
  title: `Symmetric Cloud KMS keys rotate automatically at least every ${MAX_ROTATION_DAYS} days`,
  fix: `Set rotation_period to ${MAX_ROTATION_DAYS * 86400}s or less (GcpKmsKey rotates every 90 days by default).`,
  mirrors: ["CKV_GCP_43", "AVD-GCP-0065"],
  appliesTo: ["google_kms_crypto_key"],
  check: ({ config }) => {
    // Asymmetric and MAC keys cannot rotate automatically.
    if ((config.purpose ?? "ENCRYPT_DECRYPT") !== "ENCRYPT_DECRYPT") return [];
    const seconds = durationSeconds(config.rotation_period);
    if (seconds === undefined) return [`rotation_period is ${shown(config.rotation_period)}: the key material never rotates`];
    return seconds <= MAX_ROTATION_DAYS * 86400 ? [] : [`rotation_period is ${config.rotation_period} (${Math.round(seconds / 86400)} days), longer than ${MAX_ROTATION_DAYS} days`];
  },
});

export const encryptionRules = [sqlCmek, diskCmek, instanceDisksCmek, bucketCmek, registryCmek, logBucketCmek, keyRotation];
