/** Data protection: versioned buckets, and deletion guards on stateful resources in staging and production. */
import { blockOf, gcpRule, isFalse, isTrue, PROTECTED_TIERS, shown, sqlSettings } from "./helpers";

export const sqlDeletionProtection = gcpRule({
  id: "MF-GCP-SQL-7",
  severity: "error",
  title: "Staging and production Cloud SQL instances are protected from deletion in both Terraform and the Cloud SQL API",
  fix: "Keep deletion_protection true and set settings.deletion_protection_enabled = true (database.deletionProtection in the environment file).",
  mirrors: [],
  appliesTo: ["google_sql_database_instance"],
  check: (db, ctx) => {
    if (!PROTECTED_TIERS.has(ctx.tier)) return [];
    const problems: string[] = [];
    if (isFalse(db.config.deletion_protection)) problems.push(`deletion_protection is false in ${ctx.tier}: terraform destroy deletes the instance`);
    const api = sqlSettings(db).deletion_protection_enabled;
    if (!isTrue(api)) problems.push(`settings.deletion_protection_enabled is ${shown(api)} in ${ctx.tier}: the console, gcloud and the API can delete the instance`);
    return problems;
  },
});

export const instanceDeletionProtection = gcpRule({
  id: "MF-GCP-GCE-7",
  severity: "error",
  title: "Staging and production Compute Engine instances (stateful Redis nodes) have deletion protection",
  fix: "Set deletion_protection = true (GcpRedisSentinel deletionProtection, on unless the environment turns it off).",
  mirrors: [],
  appliesTo: ["google_compute_instance"],
  check: ({ config }, ctx) => (PROTECTED_TIERS.has(ctx.tier) && !isTrue(config.deletion_protection) ? [`deletion_protection is ${shown(config.deletion_protection)} in ${ctx.tier}`] : []),
});

export const diskSnapshotOnDestroy = gcpRule({
  id: "MF-GCP-GCE-8",
  severity: "error",
  title: "Staging and production persistent disks are snapshotted before they are destroyed",
  fix: "Set create_snapshot_before_destroy = true on the google_compute_disk.",
  mirrors: [],
  appliesTo: ["google_compute_disk", "google_compute_region_disk"],
  check: ({ config }, ctx) =>
    PROTECTED_TIERS.has(ctx.tier) && !isTrue(config.create_snapshot_before_destroy) ? [`create_snapshot_before_destroy is ${shown(config.create_snapshot_before_destroy)} in ${ctx.tier}: a destroy loses the data`] : [],
});

export const bucketVersioning = gcpRule({
  id: "MF-GCP-GCS-4",
  severity: "error",
  title: "Cloud Storage buckets are versioned: overwritten or deleted objects can be restored",
  fix: "Set versioning { enabled = true } with a lifecycle rule expiring noncurrent versions (storage.versioning in the environment file).",
  mirrors: ["CKV_GCP_78", "AVD-GCP-0078"],
  appliesTo: ["google_storage_bucket"],
  check: ({ config }) => (isTrue(blockOf(config.versioning).enabled) ? [] : [`versioning.enabled is ${shown(blockOf(config.versioning).enabled)}`]),
});

export const bucketNoForceDestroy = gcpRule({
  id: "MF-GCP-GCS-5",
  severity: "error",
  title: "Staging and production buckets cannot be destroyed while they hold objects",
  fix: "Leave force_destroy false (storage.forceDestroy is for development only).",
  mirrors: [],
  appliesTo: ["google_storage_bucket"],
  check: ({ config }, ctx) => (PROTECTED_TIERS.has(ctx.tier) && isTrue(config.force_destroy) ? [`force_destroy is true in ${ctx.tier}: a destroy deletes every object`] : []),
});

export const keyPreventDestroy = gcpRule({
  id: "MF-GCP-KMS-2",
  severity: "error",
  title: "Staging and production Cloud KMS keys cannot be destroyed by Terraform (lifecycle prevent_destroy): destroying a key makes everything it encrypted, backups included, unreadable",
  fix: "Set lifecycle { prevent_destroy = true } on the google_kms_crypto_key (GcpKmsKey deletionProtection).",
  mirrors: ["CKV_GCP_82"],
  appliesTo: ["google_kms_crypto_key"],
  check: ({ config }, ctx) => (PROTECTED_TIERS.has(ctx.tier) && !isTrue(blockOf(config.lifecycle).prevent_destroy) ? [`lifecycle.prevent_destroy is ${shown(blockOf(config.lifecycle).prevent_destroy)} in ${ctx.tier}`] : []),
});

export const secretDeletionProtection = gcpRule({
  id: "MF-GCP-SM-1",
  severity: "error",
  title: "Staging and production Secret Manager secrets (generated passwords, signing keys) have deletion protection",
  fix: "Set deletion_protection = true on the google_secret_manager_secret (GcpGeneratedSecret deletionProtection).",
  mirrors: [],
  appliesTo: ["google_secret_manager_secret"],
  check: ({ config }, ctx) => (PROTECTED_TIERS.has(ctx.tier) && !isTrue(config.deletion_protection) ? [`deletion_protection is ${shown(config.deletion_protection)} in ${ctx.tier}`] : []),
});

export const protectionRules = [
  sqlDeletionProtection,
  instanceDeletionProtection,
  diskSnapshotOnDestroy,
  bucketVersioning,
  bucketNoForceDestroy,
  keyPreventDestroy,
  secretDeletionProtection,
];
