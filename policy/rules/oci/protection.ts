/**
 * Data protection: versioned buckets, and deletion guards on stateful
 * resources in staging and production. OCI databases, buckets, volumes and
 * instances have no deletion-protection flag, so the guard is Terraform's
 * lifecycle.prevent_destroy (or an OCI resource lock); load balancers have one.
 */
import type { Rule } from "../../engine/types";
import { isDeletionGuarded, isTrue, LOAD_BALANCER, ociRule, PROTECTED_TIERS, shown } from "./helpers";

function deletionGuard(id: string, type: string, what: string, fix: string): Rule {
  return ociRule({
    id,
    severity: "error",
    title: `Staging and production ${what} cannot be destroyed by a plan (lifecycle.prevent_destroy or a DELETE/FULL resource lock)`,
    fix,
    mirrors: [],
    appliesTo: [type],
    check: (block, ctx) =>
      PROTECTED_TIERS.has(ctx.tier) && !isDeletionGuarded(block) ? [`has neither lifecycle.prevent_destroy nor a delete lock in ${ctx.tier}: a destroy or replacement loses the data`] : [],
  });
}

export const databaseDeletionGuard = deletionGuard(
  "MF-OCI-PSQL-5",
  "oci_psql_db_system",
  "database systems",
  "Set lifecycle.prevent_destroy = true (database.deletionProtection in the environment file; OciPostgres maps it).",
);

export const bucketDeletionGuard = deletionGuard(
  "MF-OCI-OS-5",
  "oci_objectstorage_bucket",
  "buckets",
  "Set lifecycle.prevent_destroy = true (storage.forceDestroy false in the environment file; OciObjectStorage preventDestroy).",
);

export const volumeDeletionGuard = deletionGuard(
  "MF-OCI-BV-2",
  "oci_core_volume",
  "block volumes (Redis data)",
  "Set lifecycle.prevent_destroy = true (OciRedisSentinel terminationProtection, on by default).",
);

export const instanceDeletionGuard = deletionGuard(
  "MF-OCI-COMPUTE-7",
  "oci_core_instance",
  "standalone instances (stateful Redis nodes)",
  "Set lifecycle.prevent_destroy = true (OciRedisSentinel terminationProtection, on by default); stateless service instances belong in an instance pool.",
);

export const loadBalancerDeletionProtection = ociRule({
  id: "MF-OCI-LB-4",
  severity: "error",
  title: "Staging and production load balancers have delete protection (their IP addresses are what DNS answers)",
  fix: "Set is_delete_protection_enabled = true (edge.loadBalancerDeletionProtection in the environment file).",
  mirrors: [],
  appliesTo: [LOAD_BALANCER],
  check: ({ config }, ctx) =>
    PROTECTED_TIERS.has(ctx.tier) && !isTrue(config.is_delete_protection_enabled) ? [`is_delete_protection_enabled is ${shown(config.is_delete_protection_enabled)} in ${ctx.tier}`] : [],
});

export const bucketVersioning = ociRule({
  id: "MF-OCI-OS-4",
  severity: "error",
  title: "Object Storage buckets are versioned: overwritten or deleted objects can be restored",
  fix: "Set versioning = Enabled on the oci_objectstorage_bucket (storage.versioning in the environment file).",
  mirrors: ["CKV_OCI_8"],
  appliesTo: ["oci_objectstorage_bucket"],
  check: ({ config }) => (config.versioning === "Enabled" ? [] : [`versioning is ${shown(config.versioning)}, not Enabled`]),
});

export const protectionRules = [databaseDeletionGuard, bucketDeletionGuard, volumeDeletionGuard, instanceDeletionGuard, loadBalancerDeletionProtection, bucketVersioning];
