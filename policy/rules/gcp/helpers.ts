/** Helpers the GCP rules share: reading blocks, Cloud SQL settings, load balancer schemes, bucket roles. */
import type { Rule, StackContext, TfBlock } from "../../engine/types";
import { ANYWHERE, blocksOf, PROTECTED_TIERS, shown, stringsOf } from "../shared/json";

export { ANYWHERE, blocksOf, PROTECTED_TIERS, shown, stringsOf };

/** A GCP rule (the cloud is implied). */
export function gcpRule(rule: Omit<Rule, "cloud">): Rule {
  return { cloud: "gcp", ...rule };
}

/** Booleans as GCP writes them, including database flags' upper-case TRUE/FALSE. */
export const isTrue = (value: unknown): boolean => value === true || value === "true" || value === "TRUE";
export const isFalse = (value: unknown): boolean => value === false || value === "false" || value === "FALSE";

/** The first nested block, or an empty object when there is none. */
export function blockOf(value: unknown): Record<string, any> {
  return blocksOf(value)[0] ?? {};
}

/** Sources that mean "the whole internet". */

/** Does `value` reference `target`, or equal its `attribute` (a literal name)? */
export function pointsAt(ctx: StackContext, value: unknown, target: TfBlock, attribute = "name"): boolean {
  if (ctx.refersTo(value, target)) return true;
  const name = target.config[attribute];
  return typeof name === "string" && stringsOf(value).includes(name);
}

/** The block `value` names: a reference to a resource of one of `types`, or a literal equal to one's `attribute`. */
export function findTarget(ctx: StackContext, value: unknown, types: readonly string[], attribute = "name"): TfBlock | undefined {
  for (const type of types) {
    const byReference = ctx.resolve(value, type);
    if (byReference) return byReference;
  }
  if (typeof value !== "string") return undefined;
  for (const type of types) {
    const byName = ctx.resources(type).find((b) => b.config[attribute] === value || b.config.id === value);
    if (byName) return byName;
  }
  return undefined;
}

// ---- Cloud SQL ------------------------------------------------------------------------------

export const SQL_INSTANCE = "google_sql_database_instance";

/** The instance's `settings` block. */
export function sqlSettings(db: TfBlock): Record<string, any> {
  return blockOf(db.config.settings);
}

/** A read replica (of an instance here or elsewhere): it has a master. */
export function isSqlReplica(db: TfBlock): boolean {
  const master = db.config.master_instance_name;
  return master !== undefined && master !== null && master !== "";
}

/** An in-region read replica: its master is an instance of this stack (cross-region replicas reference another stack). */
export function isInRegionReplica(db: TfBlock, ctx: StackContext): boolean {
  return isSqlReplica(db) && findTarget(ctx, db.config.master_instance_name, [SQL_INSTANCE]) !== undefined;
}

/** Engine family of an instance from `database_version` (`POSTGRES_16` -> `POSTGRES`). */
export function sqlEngine(db: TfBlock): string {
  return String(db.config.database_version ?? "").split("_")[0].toUpperCase();
}

// ---- load balancing --------------------------------------------------------------------------

export const BACKEND_SERVICE_TYPES = ["google_compute_backend_service", "google_compute_region_backend_service"];

/**
 * Does the backend service serve an external (internet-facing) load balancer?
 * Global backend services default to EXTERNAL; regional ones to INTERNAL.
 */
export function isExternalBackend(block: TfBlock): boolean {
  const scheme = block.config.load_balancing_scheme ?? (block.type === "google_compute_backend_service" ? "EXTERNAL" : "INTERNAL");
  return scheme === "EXTERNAL" || scheme === "EXTERNAL_MANAGED";
}

/** Is request logging on (log_config.enable) with a non-zero sample rate (default 1.0)? */
export function logsRequests(backend: TfBlock): boolean {
  const log = blockOf(backend.config.log_config);
  return isTrue(log.enable) && (log.sample_rate === undefined || Number(log.sample_rate) > 0);
}

// ---- Cloud Storage --------------------------------------------------------------------------

const logBucketCache = new WeakMap<StackContext, Map<string, string | undefined>>();

/**
 * Why `bucket` is a log bucket, or undefined when it is a data bucket: a log
 * bucket is the usage-log destination (`logging.log_bucket`) of another
 * bucket, or the destination of a Cloud Logging sink, in the same stack. Log
 * buckets need no usage logs of their own (that would log the logging).
 */
export function logBucketRole(ctx: StackContext, bucket: TfBlock): string | undefined {
  let cache = logBucketCache.get(ctx);
  if (!cache) logBucketCache.set(ctx, (cache = new Map()));
  if (cache.has(bucket.address)) return cache.get(bucket.address);
  let role: string | undefined;
  const writer = ctx
    .resources("google_storage_bucket")
    .find((other) => other !== bucket && blocksOf(other.config.logging).some((l) => pointsAt(ctx, l.log_bucket, bucket)));
  if (writer) role = `usage-log destination of ${writer.address}`;
  if (!role && typeof bucket.config.name === "string") {
    const destination = `storage.googleapis.com/${bucket.config.name}`;
    const sink = ["google_logging_project_sink", "google_logging_folder_sink", "google_logging_organization_sink"]
      .flatMap((t) => ctx.resources(t))
      .find((s) => ctx.refersTo(s.config.destination, bucket) || s.config.destination === destination);
    if (sink) role = `log sink destination of ${sink.address}`;
  }
  cache.set(bucket.address, role);
  return role;
}

// ---- Compute Engine -------------------------------------------------------------------------

/** Metadata value of an instance or template (`metadata` map), as written. */
export function metadataOf(block: TfBlock): Record<string, unknown> {
  const metadata = block.config.metadata;
  return metadata !== null && typeof metadata === "object" && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : {};
}

/** Seconds of a Google duration string (`7776000s`), or undefined. */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return m ? Number(m[1]) : undefined;
}
