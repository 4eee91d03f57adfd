/**
 * Access and audit logs: the load balancer (which also logs Cloud CDN and
 * Cloud Armor decisions), buckets, subnets and PostgreSQL.
 *
 * The external Application Load Balancer logs requests per backend service
 * (log_config); requests to backend buckets are always logged. Cloud Armor
 * writes its decisions into those same request logs, so a policy is logged
 * when it protects a logged backend.
 */
import { BACKEND_SERVICE_TYPES, blockOf, blocksOf, gcpRule, isExternalBackend, logBucketRole, logsRequests, pointsAt, shown, sqlEngine, sqlSettings } from "./helpers";

export const backendRequestLogs = gcpRule({
  id: "MF-GCP-LB-4",
  severity: "error",
  title: "External load balancer backend services log their requests (Cloud CDN and Cloud Armor decisions included)",
  fix: "Set log_config { enable = true, sample_rate = 1 } on every EXTERNAL/EXTERNAL_MANAGED backend service (GcpGlobalLoadBalancer does).",
  mirrors: [],
  appliesTo: BACKEND_SERVICE_TYPES,
  check: (backend) => {
    if (!isExternalBackend(backend)) return [];
    if (logsRequests(backend)) return [];
    const log = blockOf(backend.config.log_config);
    return [log.enable === undefined ? "has no log_config.enable (request logging is off by default)" : `log_config is ${shown(backend.config.log_config)}: no requests are logged`];
  },
});

export const wafLogged = gcpRule({
  id: "MF-GCP-ARMOR-2",
  severity: "error",
  title: "Every Cloud Armor policy's decisions are logged: it protects a backend service with request logging, or a backend bucket (always logged)",
  fix: "Attach the policy to the backend it is for, and enable log_config on that backend service (advanced_options_config.log_level VERBOSE adds the matched rule details).",
  mirrors: [],
  appliesTo: ["google_compute_security_policy", "google_compute_region_security_policy"],
  check: (policy, ctx) => {
    const services = BACKEND_SERVICE_TYPES.flatMap((t) => ctx.resources(t)).filter(
      (b) => pointsAt(ctx, b.config.security_policy, policy) || pointsAt(ctx, b.config.edge_security_policy, policy),
    );
    const buckets = ctx.resources("google_compute_backend_bucket").filter((b) => pointsAt(ctx, b.config.edge_security_policy, policy));
    if (buckets.length > 0 || services.some(logsRequests)) return [];
    if (services.length === 0) return ["protects no backend service or backend bucket of this stack, so none of its decisions reach a request log"];
    return [`protects only backend services without request logging (${services.map((s) => s.address).join(", ")}): its decisions are not logged`];
  },
});

export const bucketUsageLogs = gcpRule({
  id: "MF-GCP-GCS-3",
  severity: "error",
  title: "Data buckets write usage (access) logs to a separate log bucket; log buckets themselves are exempt",
  fix: "Set logging { log_bucket = <log bucket>, log_object_prefix } to a private log bucket (not the bucket itself) that cloud-storage-analytics@google.com may write to.",
  mirrors: ["CKV_GCP_62", "CKV_GCP_63", "AVD-GCP-0077"],
  appliesTo: ["google_storage_bucket"],
  check: (bucket, ctx) => {
    if (logBucketRole(ctx, bucket)) return [];
    const logging = blocksOf(bucket.config.logging)[0];
    if (!logging?.log_bucket) return ["has no logging.log_bucket: reads and writes of its objects leave no usage log"];
    const self = ctx.refersTo(logging.log_bucket, bucket) || logging.log_bucket === bucket.config.name;
    return self ? ["logs to itself: every log object written would itself be logged"] : [];
  },
});

/** Subnet purposes that carry proxies, not VMs, and cannot have flow logs. */
const PROXY_SUBNET_PURPOSES = ["REGIONAL_MANAGED_PROXY", "GLOBAL_MANAGED_PROXY", "INTERNAL_HTTPS_LOAD_BALANCER", "PRIVATE_SERVICE_CONNECT"];

export const subnetFlowLogs = gcpRule({
  id: "MF-GCP-VPC-1",
  severity: "error",
  title: "Every subnet writes VPC flow logs",
  fix: "Add log_config { aggregation_interval, flow_sampling, metadata = INCLUDE_ALL_METADATA } to the google_compute_subnetwork (GcpNetwork does).",
  mirrors: ["CKV_GCP_26", "AVD-GCP-0029", "AVD-GCP-0076"],
  appliesTo: ["google_compute_subnetwork"],
  check: ({ config }) => {
    if (PROXY_SUBNET_PURPOSES.includes(config.purpose)) return [];
    const log = blocksOf(config.log_config)[0];
    if (!log) return ["has no log_config: flows to and from its VMs and Cloud Run instances are not logged"];
    return log.flow_sampling !== undefined && Number(log.flow_sampling) <= 0 ? [`log_config.flow_sampling is ${log.flow_sampling}: no flow is sampled`] : [];
  },
});

/** PostgreSQL flags that log what an incident review needs: who connected, lock waits, checkpoints, temp files. */
export const REQUIRED_PG_FLAGS: Readonly<Record<string, string>> = {
  log_connections: "on",
  log_disconnections: "on",
  log_lock_waits: "on",
  log_checkpoints: "on",
  log_temp_files: "0",
};

export const postgresLogFlags = gcpRule({
  id: "MF-GCP-SQL-4",
  severity: "error",
  title: "Cloud SQL for PostgreSQL logs connections, disconnections, lock waits, checkpoints and every temporary file",
  fix: `Set database_flags ${Object.entries(REQUIRED_PG_FLAGS)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ")} (GcpPostgres does).`,
  mirrors: ["CKV_GCP_51", "CKV_GCP_52", "CKV_GCP_53", "CKV_GCP_54", "CKV_GCP_56", "AVD-GCP-0014", "AVD-GCP-0016", "AVD-GCP-0020", "AVD-GCP-0022", "AVD-GCP-0025"],
  appliesTo: ["google_sql_database_instance"],
  check: (db) => {
    if (sqlEngine(db) !== "POSTGRES") return [];
    const flags = new Map(blocksOf(sqlSettings(db).database_flags).map((f) => [String(f.name), String(f.value)]));
    return Object.entries(REQUIRED_PG_FLAGS)
      .filter(([name, value]) => flags.get(name)?.toLowerCase() !== value)
      .map(([name, value]) => `database flag ${name} is ${shown(flags.get(name))}, not ${value}`);
  },
});

export const loggingRules = [backendRequestLogs, wafLogged, bucketUsageLogs, subnetFlowLogs, postgresLogFlags];
