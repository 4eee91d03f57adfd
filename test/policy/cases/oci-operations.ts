/** OCI cases for operations and governance: alarms, IAM statements, outputs, tags. */
import { TerraformOutput, TerraformResource } from "cdktf";
import type { Construct } from "constructs";
import { Password } from "@cdktf/provider-random/lib/password";
import { REQUIRED_TAG_KEYS } from "../../../constructs/core/naming";
import { CoreInstancePool } from "../../../constructs/oci/bindings/core-instance-pool";
import { IdentityPolicy } from "../../../constructs/oci/bindings/identity-policy";
import { LoadBalancerListener } from "../../../constructs/oci/bindings/load-balancer-listener";
import { MonitoringAlarm, type MonitoringAlarmConfig } from "../../../constructs/oci/bindings/monitoring-alarm";
import { ObjectstorageBucket } from "../../../constructs/oci/bindings/objectstorage-bucket";
import { PsqlDbSystem } from "../../../constructs/oci/bindings/psql-db-system";
import { loadBalancer } from "./oci-edge";
import { AD, COMPARTMENT, SUBNET_OCID } from "./oci-support";
import type { RuleCase } from "./types";

const ALARM: Omit<MonitoringAlarmConfig, "displayName" | "namespace" | "query"> = {
  compartmentId: COMPARTMENT,
  metricCompartmentId: COMPARTMENT,
  destinations: ["ocid1.onstopic.oc1.iad.alarms"],
  isEnabled: true,
  severity: "WARNING",
};
const alarm = (s: Construct, id: string, namespace: string, query: string, overrides: Partial<MonitoringAlarmConfig> = {}) =>
  new MonitoringAlarm(s, id, { ...ALARM, displayName: id, namespace, query, ...overrides });

/** A load balancer with the alarms chosen: "5xx" and/or "p95" latency (or "mean" latency, which does not count). */
const lbWithAlarms = (which: Array<"5xx" | "p95" | "mean">) => (s: Construct) => {
  const lb = loadBalancer(s);
  const dim = `{resourceId = "${lb.id}"}`;
  if (which.includes("5xx")) alarm(s, "http-5xx", "oci_lbaas", `(HttpResponses5xx[5m]${dim}.sum() / HttpRequests[5m]${dim}.sum()) * 100 > 1`);
  if (which.includes("p95")) alarm(s, "latency", "oci_lbaas", `ResponseTimeHttpHeader[5m]${dim}.percentile(0.95) > 500`);
  if (which.includes("mean")) alarm(s, "latency", "oci_lbaas", `ResponseTimeHttpHeader[5m]${dim}.mean() > 500`);
};

const poolWithAlarms = (metrics: string[]) => (s: Construct) => {
  const pool = new CoreInstancePool(s, "pool", { compartmentId: COMPARTMENT, instanceConfigurationId: "c", size: 2, placementConfigurations: [{ availabilityDomain: AD, primaryVnicSubnets: { subnetId: SUBNET_OCID } }] });
  for (const metric of metrics) alarm(s, metric, "oci_computeagent", `${metric}[5m]{instancePoolId = "${pool.id}"}.mean() > 80`);
};

const dbWithAlarms = (metrics: string[], instanceCount = 2) => (s: Construct) => {
  const db = new PsqlDbSystem(s, "db", {
    compartmentId: COMPARTMENT,
    dbVersion: "16",
    displayName: "db",
    shape: "PostgreSQL.VM.Standard.E5.Flex",
    instanceCount,
    networkDetails: { subnetId: SUBNET_OCID },
    storageDetails: { systemType: "OCI_OPTIMIZED_STORAGE", isRegionallyDurable: true },
  });
  for (const metric of metrics) alarm(s, metric, "oci_postgresql", `${metric}[5m]{resourceId = "${db.id}"}.max() > 10`);
};

const policy = (statements: string[]) => (s: Construct) => new IdentityPolicy(s, "policy", { compartmentId: COMPARTMENT, name: "p", description: "p", statements });
const allTags = Object.fromEntries(REQUIRED_TAG_KEYS.map((key) => [key, `${key}-value`]));
const bucket = (freeformTags?: Record<string, string>) => (s: Construct) =>
  new ObjectstorageBucket(s, "bucket", { compartmentId: COMPARTMENT, namespace: "ns", name: "b", freeformTags });

export const ociMonitoringCases: RuleCase[] = [
  { rule: "MF-OCI-MON-1", variant: "load balancer 5xx", bad: lbWithAlarms(["p95"]), message: /no alarm on its 5xx responses \(oci_lbaas HttpResponses5xx\)/, good: lbWithAlarms(["5xx", "p95"]) },
  { rule: "MF-OCI-MON-1", variant: "p95 latency (a mean does not count)", bad: lbWithAlarms(["5xx", "mean"]), message: /no alarm on its p95 latency/, good: lbWithAlarms(["5xx", "p95"]) },
  {
    rule: "MF-OCI-MON-1",
    variant: "instance pool CPU and memory",
    bad: poolWithAlarms(["CpuUtilization"]),
    message: /no alarm on its memory utilization \(oci_computeagent MemoryUtilization by instancePoolId\)/,
    good: poolWithAlarms(["CpuUtilization", "MemoryUtilization"]),
  },
  {
    rule: "MF-OCI-MON-1",
    variant: "database connections and replica lag",
    bad: dbWithAlarms(["Connections"]),
    message: /has replicas \(or is a standby\) with no alarm on ReplicaLag/,
    // A single-node database has no replica to lag.
    good: (s) => dbWithAlarms(["Connections"], 1)(s),
  },
  { rule: "MF-OCI-MON-1", variant: "database connections", bad: dbWithAlarms(["ReplicaLag"]), message: /no alarm on its connection count/, good: dbWithAlarms(["Connections", "ReplicaLag"]) },
  {
    rule: "MF-OCI-MON-2",
    variant: "no destinations",
    bad: (s) => alarm(s, "cpu", "oci_computeagent", "CpuUtilization[5m].mean() > 80", { destinations: [] }),
    message: /has no destinations: nobody is told when it fires/,
    good: (s) => alarm(s, "cpu", "oci_computeagent", "CpuUtilization[5m].mean() > 80"),
  },
  {
    rule: "MF-OCI-MON-2",
    variant: "disabled",
    bad: (s) => alarm(s, "cpu", "oci_computeagent", "CpuUtilization[5m].mean() > 80", { isEnabled: false }),
    message: /is_enabled is false: the alarm never fires/,
    good: (s) => alarm(s, "cpu", "oci_computeagent", "CpuUtilization[5m].mean() > 80"),
  },
];

export const ociIamCases: RuleCase[] = [
  {
    rule: "MF-OCI-IAM-1",
    variant: "tenancy administrator",
    bad: policy(["Allow group Deployers to manage all-resources in tenancy"]),
    message: /grants manage on all-resources in tenancy \(the whole tenancy: administrator rights\)/,
    good: policy(["Allow dynamic-group mockforge-test-instances to read repos in compartment id ocid1.compartment.oc1..x", "Allow group Auditors to read all-resources in tenancy"]),
  },
  {
    rule: "MF-OCI-IAM-1",
    variant: "compartment-wide use",
    bad: policy(["allow dynamic-group mockforge-test-instances to use all-resources in compartment mockforge where request.region = 'iad'"]),
    message: /grants use on all-resources in compartment mockforge/,
    good: policy(["Allow service objectstorage-us-ashburn-1 to manage object-family in compartment mockforge"]),
  },
  {
    rule: "MF-OCI-IAM-2",
    bad: policy(["Allow any-user to read secret-bundles in compartment id ocid1.compartment.oc1..x"]),
    message: /grants any-user read secret-bundles with no where clause: every principal of the tenancy gets it/,
    good: policy(["Allow any-user to read secret-bundles in compartment id ocid1.compartment.oc1..x where ALL {request.principal.type = 'postgresqldbsystem'}"]),
  },
];

export const ociSecretOutputCases: RuleCase[] = [
  {
    rule: "MF-OCI-OUT-1",
    variant: "named like a secret",
    bad: (s) => new TerraformOutput(s, "admin_password", { value: "x" }),
    message: /output admin_password is named like a secret but is not sensitive/,
    good: (s) => new TerraformOutput(s, "admin_password_secret_id", { value: "ocid1.vaultsecret.oc1.iad.x" }),
  },
  {
    rule: "MF-OCI-OUT-1",
    variant: "holds a generated password",
    bad: (s) => new TerraformOutput(s, "bootstrap", { value: new Password(s, "pw", { length: 32 }).result }),
    message: /output bootstrap takes its value from random_password.pw.result but is not sensitive/,
    good: (s) => new TerraformOutput(s, "bootstrap", { value: new Password(s, "pw", { length: 32 }).result, sensitive: true }),
  },
];

export const ociTaggingCases: RuleCase[] = [
  {
    rule: "MF-OCI-TAG-1",
    variant: "missing keys",
    bad: bucket({ env: "test", Name: "b" }),
    message: /lacks freeform tag\(s\) region, service, owner, cost-center/,
    // Types without freeform_tags (listeners) are not asked for them.
    good: (s) => {
      bucket(allTags)(s);
      new LoadBalancerListener(s, "listener", { loadBalancerId: "lb", name: "https", port: 443, protocol: "HTTP", defaultBackendSetName: "b" });
    },
  },
  { rule: "MF-OCI-TAG-1", variant: "no tags at all", bad: bucket(), message: /lacks freeform tag\(s\) env, region, service, owner, cost-center/, good: bucket(allTags) },
  {
    rule: "MF-OCI-TAG-1",
    variant: "a type the pack has never seen is checked by default",
    bad: (s) => new TerraformResource(s, "thing", { terraformResourceType: "oci_brand_new_thing" }),
    message: /lacks freeform tag\(s\) env, region, service, owner, cost-center/,
    good: (s) => new TerraformResource(s, "thing", { terraformResourceType: "oci_brand_new_thing" }).addOverride("freeform_tags", allTags),
  },
];
