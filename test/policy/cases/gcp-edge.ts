/** GCP edge and operations: load balancer TLS and logs, Cloud Armor, IAM, outputs, alerting, labels. */
import type { Construct } from "constructs";
import { TerraformOutput, Token } from "cdktf";
import { Password } from "@cdktf/provider-random/lib/password";
import { CloudRunV2Service } from "@cdktf/provider-google/lib/cloud-run-v2-service";
import { CloudRunV2ServiceIamMember } from "@cdktf/provider-google/lib/cloud-run-v2-service-iam-member";
import { ComputeBackendBucket } from "@cdktf/provider-google/lib/compute-backend-bucket";
import { ComputeBackendService, type ComputeBackendServiceConfig } from "@cdktf/provider-google/lib/compute-backend-service";
import { ComputeSecurityPolicy, type ComputeSecurityPolicyRule } from "@cdktf/provider-google/lib/compute-security-policy";
import { ComputeSecurityPolicyRuleA } from "@cdktf/provider-google/lib/compute-security-policy-rule";
import { ComputeSslPolicy, type ComputeSslPolicyConfig } from "@cdktf/provider-google/lib/compute-ssl-policy";
import { ComputeTargetHttpProxy } from "@cdktf/provider-google/lib/compute-target-http-proxy";
import { ComputeTargetHttpsProxy } from "@cdktf/provider-google/lib/compute-target-https-proxy";
import { ComputeUrlMap, type ComputeUrlMapConfig } from "@cdktf/provider-google/lib/compute-url-map";
import { DataGoogleIamPolicy } from "@cdktf/provider-google/lib/data-google-iam-policy";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { MonitoringAlertPolicy, type MonitoringAlertPolicyConditions } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ProjectIamPolicy } from "@cdktf/provider-google/lib/project-iam-policy";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { REQUIRED_TAG_KEYS } from "../../../constructs/core/naming";
import { GcpAlarms } from "../../../constructs/gcp/alarms";
import { OWN_IMAGE, PROJECT } from "./gcp-support";
import type { RuleCase } from "./types";

// ---- load balancer -------------------------------------------------------------------------

const SSL: ComputeSslPolicyConfig = { name: "tls", minTlsVersion: "TLS_1_2", profile: "MODERN" };
const sslPolicy = (overrides: Partial<ComputeSslPolicyConfig> = {}) => (scope: Construct) => new ComputeSslPolicy(scope, "tls", { ...SSL, ...overrides });
const httpsProxy = (policy?: Partial<ComputeSslPolicyConfig>) => (scope: Construct) => {
  const tls = policy ? new ComputeSslPolicy(scope, "tls", { ...SSL, ...policy }) : undefined;
  new ComputeTargetHttpsProxy(scope, "https", { name: "https", urlMap: "api-urls", sslCertificates: ["api-cert"], sslPolicy: tls?.id });
};
const httpProxy = (urlMap: Omit<ComputeUrlMapConfig, "name">) => (scope: Construct) => {
  const map = new ComputeUrlMap(scope, "redirect", { name: "http-redirect", ...urlMap });
  new ComputeTargetHttpProxy(scope, "http", { name: "http", urlMap: map.id });
};

const BACKEND: ComputeBackendServiceConfig = { name: "api", loadBalancingScheme: "EXTERNAL_MANAGED", securityPolicy: "api-armor", logConfig: { enable: true, sampleRate: 1 } };
const backend = (overrides: Partial<ComputeBackendServiceConfig> = {}) => (scope: Construct) => new ComputeBackendService(scope, "api", { ...BACKEND, ...overrides });

const ALL_IPS = { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } };
const DEFAULT_RULE: ComputeSecurityPolicyRule = { priority: 2147483647, action: "allow", match: ALL_IPS };
const waf = (set: string, priority: number): ComputeSecurityPolicyRule => ({ priority, action: "deny(403)", match: { expr: { expression: `evaluatePreconfiguredWaf('${set}-v33-stable', {'sensitivity': 1})` } } });
const armor = (rules: ComputeSecurityPolicyRule[]) => (scope: Construct) => new ComputeSecurityPolicy(scope, "armor", { name: "api-armor", rule: [...rules, DEFAULT_RULE] });
/** A Cloud Armor policy protecting a backend service (logging as chosen) or a backend bucket. */
const armorOn = (target: "logged backend" | "unlogged backend" | "backend bucket" | "nothing") => (scope: Construct) => {
  const policy = new ComputeSecurityPolicy(scope, "armor", { name: "api-armor", rule: [waf("sqli", 1000), waf("xss", 1001), DEFAULT_RULE] });
  if (target === "logged backend") new ComputeBackendService(scope, "api", { ...BACKEND, securityPolicy: policy.id });
  if (target === "unlogged backend") new ComputeBackendService(scope, "api", { ...BACKEND, securityPolicy: policy.id, logConfig: undefined });
  if (target === "backend bucket") new ComputeBackendBucket(scope, "assets", { name: "assets", bucketName: "mockforge-test-assets", edgeSecurityPolicy: policy.id });
};

// ---- alerting -----------------------------------------------------------------------------

const SERVICE = "mockforge-test-server";
const run = (scope: Construct) =>
  new CloudRunV2Service(scope, "service", { name: SERVICE, location: "us-central1", ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER", template: { containers: [{ image: OWN_IMAGE }] } });
const runFilter = (metric: string) => `resource.type = "cloud_run_revision" AND resource.labels.service_name = "${SERVICE}" AND metric.type = "run.googleapis.com/${metric}"`;
const alert = (scope: Construct, id: string, condition: Omit<MonitoringAlertPolicyConditions, "displayName">, channels = ["projects/mockforge-test/notificationChannels/1"]) =>
  new MonitoringAlertPolicy(scope, id, { displayName: id, combiner: "OR", notificationChannels: channels, conditions: [{ displayName: id, ...condition }] });
const threshold = (filter: string, aggregation: Record<string, unknown> = { alignmentPeriod: "300s", perSeriesAligner: "ALIGN_MEAN" }) => ({
  conditionThreshold: { filter, comparison: "COMPARISON_GT", duration: "0s", thresholdValue: 1, aggregations: [aggregation] },
});
/** The Cloud Run service with the chosen runbook alerts. */
const runWithAlerts = (alerts: Array<"5xx" | "p95" | "p50" | "cpu" | "memory">) => (scope: Construct) => {
  run(scope);
  if (alerts.includes("5xx")) alert(scope, "http5xx", threshold(`${runFilter("request_count")} AND metric.labels.response_code_class = "5xx"`));
  if (alerts.includes("p95")) alert(scope, "p95", threshold(runFilter("request_latencies"), { alignmentPeriod: "300s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_PERCENTILE_95" }));
  if (alerts.includes("p50")) alert(scope, "p50", threshold(runFilter("request_latencies"), { alignmentPeriod: "300s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_PERCENTILE_50" }));
  if (alerts.includes("cpu")) alert(scope, "cpu", threshold(runFilter("container/cpu/utilizations")));
  if (alerts.includes("memory")) alert(scope, "memory", threshold(runFilter("container/memory/utilizations")));
};
const DB = "mockforge-test-postgres";
const dbFilter = (name: string, metric: string) => `resource.type = "cloudsql_database" AND resource.labels.database_id = "${PROJECT}:${name}" AND metric.type = "cloudsql.googleapis.com/${metric}"`;
/** A primary and a replica, with connection alerts on the named instances and lag alerts on the named replicas. */
const databasesWithAlerts = (connections: string[], lag: string[]) => (scope: Construct) => {
  const primary = new SqlDatabaseInstance(scope, "db", { name: DB, databaseVersion: "POSTGRES_16", settings: { tier: "db-custom-2-7680" } });
  new SqlDatabaseInstance(scope, "replica", { name: `${DB}-replica-1`, databaseVersion: "POSTGRES_16", masterInstanceName: primary.name, settings: { tier: "db-custom-2-7680" } });
  connections.forEach((name, i) => alert(scope, `connections-${i}`, threshold(dbFilter(name, "database/postgresql/num_backends"))));
  lag.forEach((name, i) => alert(scope, `lag-${i}`, threshold(dbFilter(name, "database/replication/replica_lag"))));
};
/** The whole runbook through the construct the stacks use. */
const alarmsConstruct = (scope: Construct) => {
  run(scope);
  new SqlDatabaseInstance(scope, "db", { name: DB, databaseVersion: "POSTGRES_16", settings: { tier: "db-custom-2-7680" } });
  new GcpAlarms(scope, "alarms", {
    context: { cloud: "gcp", environment: "test", region: "us-central1", primary: true },
    projectId: PROJECT,
    serviceName: SERVICE,
    databaseInstanceNames: [DB],
    replicaInstanceNames: [],
    databaseMaxConnections: 100,
    redisInstanceNames: [],
    emails: ["oncall@mockforge.cloud"],
    http5xxPercent: 1,
    latencyP95Milliseconds: 500,
    cpuPercent: 80,
    memoryPercent: 85,
    databaseConnectionsPercent: 80,
    replicaLagSeconds: 30,
    periodMinutes: 5,
  });
};

// ---- labels -------------------------------------------------------------------------------

const STANDARD = Object.fromEntries(REQUIRED_TAG_KEYS.map((k) => [k, k === "env" ? "test" : `test-${k}`]));
const labelledBucket = (labels?: Record<string, string>) => (scope: Construct) => new StorageBucket(scope, "data", { name: "mockforge-test-data", location: "US", labels });

export const gcpEdgeCases: RuleCase[] = [
  // Load balancer TLS and logs
  { rule: "MF-GCP-LB-1", variant: "TLS 1.0", bad: sslPolicy({ minTlsVersion: "TLS_1_0" }), message: /min_tls_version is "TLS_1_0": TLS 1.0 and 1.1 clients are accepted/, good: sslPolicy() },
  { rule: "MF-GCP-LB-1", variant: "COMPATIBLE ciphers by default", bad: sslPolicy({ profile: undefined }), message: /profile is not set \(COMPATIBLE by default\)/, good: sslPolicy({ profile: "RESTRICTED" }) },
  { rule: "MF-GCP-LB-2", variant: "Google's default policy", bad: httpsProxy(), message: /has no ssl_policy: Google's default policy \(COMPATIBLE\) accepts TLS 1.0/, good: httpsProxy({}) },
  { rule: "MF-GCP-LB-2", variant: "weak policy", bad: httpsProxy({ minTlsVersion: "TLS_1_1" }), message: /uses google_compute_ssl_policy\.tls, which accepts TLS older than 1.2/, good: httpsProxy({}) },
  {
    rule: "MF-GCP-LB-3",
    bad: httpProxy({ defaultService: "api-backend" }),
    message: /routes plain-HTTP requests to backends \(default_service\)/,
    good: httpProxy({ defaultUrlRedirect: { httpsRedirect: true, redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT", stripQuery: false } }),
  },
  { rule: "MF-GCP-LB-3", variant: "redirect without HTTPS", bad: httpProxy({ defaultUrlRedirect: { hostRedirect: "example.com", stripQuery: false } }), message: /has no default_url_redirect with https_redirect = true/, good: httpProxy({ defaultUrlRedirect: { httpsRedirect: true, stripQuery: false } }) },
  { rule: "MF-GCP-LB-4", variant: "no request logs; internal backends exempt", bad: backend({ logConfig: undefined }), message: /has no log_config.enable/, good: backend({ loadBalancingScheme: "INTERNAL_MANAGED", logConfig: undefined }) },
  { rule: "MF-GCP-LB-4", variant: "zero sample rate", bad: backend({ logConfig: { enable: true, sampleRate: 0 } }), message: /no requests are logged/, good: backend() },

  // Cloud Armor
  { rule: "MF-GCP-ARMOR-1", variant: "external backend service", bad: backend({ securityPolicy: undefined }), message: /serves an external load balancer \(EXTERNAL_MANAGED\) without a Cloud Armor security_policy/, good: backend() },
  { rule: "MF-GCP-ARMOR-1", variant: "EXTERNAL by default", bad: backend({ loadBalancingScheme: undefined, securityPolicy: undefined }), message: /\(EXTERNAL by default\)/, good: backend({ loadBalancingScheme: "INTERNAL_SELF_MANAGED", securityPolicy: undefined }) },
  {
    rule: "MF-GCP-ARMOR-1",
    variant: "backend bucket",
    bad: (s) => new ComputeBackendBucket(s, "assets", { name: "assets", bucketName: "mockforge-test-assets", enableCdn: true }),
    message: /has no edge_security_policy/,
    good: (s) => new ComputeBackendBucket(s, "assets", { name: "assets", bucketName: "mockforge-test-assets", enableCdn: true, edgeSecurityPolicy: "assets-edge-armor" }),
  },
  { rule: "MF-GCP-ARMOR-2", variant: "protects nothing", bad: armorOn("nothing"), message: /protects no backend service or backend bucket of this stack/, good: armorOn("logged backend") },
  { rule: "MF-GCP-ARMOR-2", variant: "unlogged backend; backend buckets always log", bad: armorOn("unlogged backend"), message: /protects only backend services without request logging \(google_compute_backend_service\.api\)/, good: armorOn("backend bucket") },
  { rule: "MF-GCP-ARMOR-3", variant: "no OWASP rules", bad: armor([]), message: /no deny rule evaluates the preconfigured sqli rule set/, good: armor([waf("sqli", 1000), waf("xss", 1001)]) },
  {
    rule: "MF-GCP-ARMOR-3",
    variant: "only previewed XSS as allow; rules as separate resources pass; edge policies exempt",
    bad: armor([waf("sqli", 1000), { ...waf("xss", 1001), action: "allow" }]),
    message: /no deny rule evaluates the preconfigured xss rule set/,
    good: (s) => {
      const policy = new ComputeSecurityPolicy(s, "armor", { name: "api-armor", rule: [DEFAULT_RULE] });
      for (const [i, set] of ["sqli", "xss"].entries()) {
        new ComputeSecurityPolicyRuleA(s, `rule-${set}`, { securityPolicy: policy.name, priority: 1000 + i, action: "deny(403)", preview: true, match: { expr: { expression: `evaluatePreconfiguredWaf('${set}-v33-stable')` } } });
      }
      new ComputeSecurityPolicy(s, "edge", { name: "edge", type: "CLOUD_ARMOR_EDGE", rule: [DEFAULT_RULE] });
    },
  },

  // IAM
  { rule: "MF-GCP-IAM-1", variant: "member", bad: (s) => new ProjectIamMember(s, "editor", { project: PROJECT, role: "roles/editor", member: "serviceAccount:ci@mockforge-test.iam.gserviceaccount.com" }), message: /grants the basic role roles\/editor to serviceAccount:ci@/, good: (s) => new ProjectIamMember(s, "editor", { project: PROJECT, role: "roles/run.developer", member: "serviceAccount:ci@mockforge-test.iam.gserviceaccount.com" }) },
  {
    rule: "MF-GCP-IAM-1",
    variant: "policy document",
    bad: (s) => {
      const doc = new DataGoogleIamPolicy(s, "doc", { binding: [{ role: "roles/owner", members: ["group:admins@mockforge.cloud"] }] });
      new ProjectIamPolicy(s, "policy", { project: PROJECT, policyData: doc.policyData });
    },
    message: /grants the basic role roles\/owner to group:admins@mockforge.cloud/,
    good: (s) => new ProjectIamPolicy(s, "policy", { project: PROJECT, policyData: JSON.stringify({ bindings: [{ role: "roles/logging.viewer", members: ["group:admins@mockforge.cloud"] }] }) }),
  },
  {
    rule: "MF-GCP-IAM-2",
    variant: "public bucket",
    bad: (s) => new StorageBucketIamMember(s, "public", { bucket: "mockforge-test-assets", role: "roles/storage.objectViewer", member: "allUsers" }),
    message: /grants roles\/storage.objectViewer to allUsers: anyone gets it/,
    good: (s) => new StorageBucketIamMember(s, "public", { bucket: "mockforge-test-assets", role: "roles/storage.objectViewer", member: "serviceAccount:service-123@cloud-cdn-fill.iam.gserviceaccount.com" }),
  },
  {
    rule: "MF-GCP-IAM-2",
    variant: "public Cloud Run invoker",
    bad: (s) => new CloudRunV2ServiceIamMember(s, "invoker", { name: SERVICE, location: "us-central1", role: "roles/run.invoker", member: "allAuthenticatedUsers" }),
    message: /to allAuthenticatedUsers: anyone with a Google account gets it/,
    good: (s) => new CloudRunV2ServiceIamMember(s, "invoker", { name: SERVICE, location: "us-central1", role: "roles/run.invoker", member: "serviceAccount:lb@mockforge-test.iam.gserviceaccount.com" }),
  },
  {
    rule: "MF-GCP-IAM-3",
    variant: "project-wide impersonation; one service account passes",
    bad: (s) => new ProjectIamMember(s, "token", { project: PROJECT, role: "roles/iam.serviceAccountTokenCreator", member: "user:dev@mockforge.cloud" }),
    message: /grants roles\/iam.serviceAccountTokenCreator at the project to user:dev@mockforge.cloud: they may act as every service account there/,
    good: (s) => new ServiceAccountIamMember(s, "token", { serviceAccountId: "projects/mockforge-test/serviceAccounts/ci@mockforge-test.iam.gserviceaccount.com", role: "roles/iam.serviceAccountTokenCreator", member: "user:dev@mockforge.cloud" }),
  },
  {
    rule: "MF-GCP-IAM-3",
    variant: "admin role to a service account",
    bad: (s) => new ProjectIamMember(s, "admin", { project: PROJECT, role: "roles/cloudsql.admin", member: "serviceAccount:run@mockforge-test.iam.gserviceaccount.com" }),
    message: /grants the admin role roles\/cloudsql.admin at the project to service account\(s\) serviceAccount:run@/,
    good: (s) => new ProjectIamMember(s, "admin", { project: PROJECT, role: "roles/cloudsql.client", member: "serviceAccount:run@mockforge-test.iam.gserviceaccount.com" }),
  },

  // Outputs
  { rule: "MF-GCP-OUT-1", variant: "by name", bad: (s) => new TerraformOutput(s, "database_password", { value: "x" }), message: /output database_password is named like a secret but is not sensitive/, good: (s) => new TerraformOutput(s, "database_password", { value: "x", sensitive: true }) },
  {
    rule: "MF-GCP-OUT-1",
    variant: "by value",
    bad: (s) => new TerraformOutput(s, "bootstrap", { value: new Password(s, "password", { length: 32 }).result }),
    message: /output bootstrap takes its value from random_password\.password\.result but is not sensitive/,
    good: (s) => new TerraformOutput(s, "bootstrap_secret_id", { value: "projects/mockforge-test/secrets/bootstrap" }),
  },

  // Alerting
  { rule: "MF-GCP-MON-1", variant: "Cloud Run without alerts", bad: runWithAlerts([]), message: /no alert on its 5xx rate/, good: runWithAlerts(["5xx", "p95", "cpu", "memory"]) },
  { rule: "MF-GCP-MON-1", variant: "median latency is not p95", bad: runWithAlerts(["5xx", "p50", "cpu", "memory"]), message: /no alert on its p95 latency/, good: alarmsConstruct },
  {
    rule: "MF-GCP-MON-1",
    variant: "a replica's alerts do not cover its primary; replicas need lag alerts",
    bad: databasesWithAlerts([`${DB}-replica-1`], []),
    message: /no alert on its connection count/,
    good: databasesWithAlerts([DB, `${DB}-replica-1`], [`${DB}-replica-1`]),
  },
  { rule: "MF-GCP-MON-1", variant: "replica lag", bad: databasesWithAlerts([DB, `${DB}-replica-1`], []), message: /is a replica with no alert on its replica lag/, good: databasesWithAlerts([DB, `${DB}-replica-1`], [`${DB}-replica-1`]) },
  {
    rule: "MF-GCP-MON-2",
    variant: "no channel",
    tier: "staging",
    bad: (s) => alert(s, "cpu", threshold(runFilter("container/cpu/utilizations")), []),
    message: /has no notification_channels: nobody is told when it fires/,
    good: (s) => alert(s, "cpu", threshold(runFilter("container/cpu/utilizations"))),
  },
  {
    rule: "MF-GCP-MON-2",
    variant: "disabled",
    bad: (s) => new MonitoringAlertPolicy(s, "cpu", { displayName: "cpu", combiner: "OR", enabled: false, notificationChannels: ["c"], conditions: [{ displayName: "cpu", ...threshold(runFilter("container/cpu/utilizations")) }] }),
    message: /enabled is false/,
    good: (s) => alert(s, "cpu", threshold(runFilter("container/cpu/utilizations"))),
  },

  // Labels
  { rule: "MF-GCP-LABEL-1", variant: "labels", bad: labelledBucket({ env: "test" }), message: /lacks label\(s\) region, service, owner, cost-center$/, good: labelledBucket(STANDARD) },
  { rule: "MF-GCP-LABEL-1", variant: "no labels; unlabelled types are skipped", bad: labelledBucket(), message: /lacks label\(s\) env, region, service, owner, cost-center$/, good: (s) => new KmsKeyRing(s, "ring", { name: "ring", location: "us-central1" }) },
  {
    rule: "MF-GCP-LABEL-1",
    variant: "provider default_labels count, as Terraform reads them",
    // cdktf snake-cases the keys of provider maps: defaultLabels' "cost-center" reaches Terraform as "cost_center".
    bad: (s) => {
      new GoogleProvider(s, "google", { project: PROJECT, defaultLabels: STANDARD });
      labelledBucket()(s);
    },
    message: /lacks label\(s\) cost-center$/,
    good: (s) => {
      new GoogleProvider(s, "google", { project: PROJECT }).addOverride("default_labels", STANDARD);
      labelledBucket()(s);
    },
  },
  {
    rule: "MF-GCP-LABEL-1",
    variant: "Cloud SQL user_labels",
    bad: (s) => new SqlDatabaseInstance(s, "db", { name: DB, databaseVersion: "POSTGRES_16", settings: { tier: "db-custom-2-7680" } }),
    message: /lacks label\(s\) env, region, service, owner, cost-center in settings.user_labels/,
    good: (s) => new SqlDatabaseInstance(s, "db", { name: DB, databaseVersion: "POSTGRES_16", settings: { tier: "db-custom-2-7680", userLabels: STANDARD } }),
  },
  {
    rule: "MF-GCP-LABEL-1",
    variant: "a notification channel's labels are its settings",
    bad: (s) => new MonitoringNotificationChannel(s, "email", { displayName: "on-call", type: "email", labels: { ...STANDARD, email_address: "oncall@mockforge.cloud" } }),
    message: /in user_labels/,
    good: (s) => new MonitoringNotificationChannel(s, "email", { displayName: "on-call", type: "email", labels: { email_address: "oncall@mockforge.cloud" }, userLabels: STANDARD }),
  },
  {
    rule: "MF-GCP-LABEL-1",
    variant: "labels hidden behind an expression",
    bad: (s) => new StorageBucket(s, "data", { name: "mockforge-test-data", location: "US", labels: Token.asAny("${local.labels}") as unknown as Record<string, string> }),
    message: /labels is an expression \(\$\{local.labels\}\)/,
    good: labelledBucket(STANDARD),
  },
];
