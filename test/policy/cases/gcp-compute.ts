/** GCP compute and network: Compute Engine (Redis nodes), disks, firewalls, subnets, Cloud Run. */
import type { Construct } from "constructs";
import { Password } from "@cdktf/provider-random/lib/password";
import { CloudRunService } from "@cdktf/provider-google/lib/cloud-run-service";
import { CloudRunV2Job } from "@cdktf/provider-google/lib/cloud-run-v2-job";
import {
  CloudRunV2Service,
  type CloudRunV2ServiceConfig,
  type CloudRunV2ServiceTemplateContainers,
  type CloudRunV2ServiceTemplateContainersEnv,
} from "@cdktf/provider-google/lib/cloud-run-v2-service";
import { ComputeDisk, type ComputeDiskConfig } from "@cdktf/provider-google/lib/compute-disk";
import { ComputeFirewall, type ComputeFirewallConfig } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeInstance, type ComputeInstanceConfig } from "@cdktf/provider-google/lib/compute-instance";
import { ComputeNetworkFirewallPolicyRule } from "@cdktf/provider-google/lib/compute-network-firewall-policy-rule";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { REDIS_SENTINEL_ROLE_TAG } from "../../../constructs/gcp/redis-sentinel";
import { KEY, OWN_IMAGE, SUBNET, VPC } from "./gcp-support";
import type { RuleCase } from "./types";

const INSTANCE: ComputeInstanceConfig = {
  name: "mockforge-test-redis-1",
  machineType: "e2-small",
  zone: "us-central1-a",
  bootDisk: { kmsKeySelfLink: KEY, initializeParams: { image: "ubuntu-os-cloud/ubuntu-2404-lts-amd64" } },
  networkInterface: [{ subnetwork: SUBNET }],
  serviceAccount: { email: "redis@mockforge-test.iam.gserviceaccount.com", scopes: ["cloud-platform"] },
  shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
  metadata: { "block-project-ssh-keys": "true", "enable-oslogin": "TRUE", "serial-port-enable": "FALSE" },
  deletionProtection: true,
};
const instance = (overrides: Partial<ComputeInstanceConfig> = {}) => (scope: Construct) => new ComputeInstance(scope, "node", { ...INSTANCE, ...overrides });
const withMetadata = (extra: Record<string, string>) => instance({ metadata: { ...INSTANCE.metadata, ...extra } });

const DISK: ComputeDiskConfig = { name: "mockforge-test-redis-1-data", zone: "us-central1-a", size: 10, diskEncryptionKey: { kmsKeySelfLink: KEY }, createSnapshotBeforeDestroy: true };
const disk = (overrides: Partial<ComputeDiskConfig> = {}) => (scope: Construct) => new ComputeDisk(scope, "disk", { ...DISK, ...overrides });
/** An instance attaching a disk of this stack. */
const attaching = (diskOverrides: Partial<ComputeDiskConfig>) => (scope: Construct) => {
  const data = new ComputeDisk(scope, "disk", { ...DISK, ...diskOverrides });
  new ComputeInstance(scope, "node", { ...INSTANCE, attachedDisk: [{ source: data.id, deviceName: "redis-data" }] });
};

/** Sentinel nodes (labelled as the construct does) in the given zones. */
const sentinels = (zones: string[]) => (scope: Construct) =>
  zones.forEach((zone, i) => new ComputeInstance(scope, `node-${i + 1}`, { ...INSTANCE, name: `redis-${i + 1}`, zone, labels: { [REDIS_SENTINEL_ROLE_TAG.key]: REDIS_SENTINEL_ROLE_TAG.value } }));

const FIREWALL: ComputeFirewallConfig = { name: "fw", network: VPC, direction: "INGRESS", sourceRanges: ["10.40.0.0/20"], allow: [{ protocol: "tcp", ports: ["6379", "26379"] }] };
const firewall = (overrides: Partial<ComputeFirewallConfig> = {}) => (scope: Construct) => new ComputeFirewall(scope, "fw", { ...FIREWALL, ...overrides });
/** Google's load balancer and health-check ranges: what backends of the external load balancer admit. */
const LB_RANGES = ["35.191.0.0/16", "130.211.0.0/22"];

const SECRET_ENV: CloudRunV2ServiceTemplateContainersEnv = { name: "DATABASE_PASSWORD", valueSource: { secretKeyRef: { secret: "mockforge-test-postgres-password", version: "latest" } } };
const CONTAINER: CloudRunV2ServiceTemplateContainers = { name: "mockforge", image: OWN_IMAGE, env: [{ name: "LOG_LEVEL", value: "info" }, SECRET_ENV] };
const RUN: CloudRunV2ServiceConfig = {
  name: "mockforge-test-server",
  location: "us-central1",
  ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
  template: { containers: [CONTAINER], scaling: { minInstanceCount: 2, maxInstanceCount: 10 } },
};
type RunChange = { ingress?: string | null; image?: string; env?: CloudRunV2ServiceTemplateContainersEnv[]; minInstances?: number };
const run =
  (change: RunChange = {}) =>
  (scope: Construct) => {
    const container: CloudRunV2ServiceTemplateContainers = { ...CONTAINER, image: change.image ?? CONTAINER.image, env: change.env ?? CONTAINER.env };
    new CloudRunV2Service(scope, "service", {
      ...RUN,
      ingress: change.ingress === null ? undefined : (change.ingress ?? RUN.ingress),
      template: { ...RUN.template, containers: [container], scaling: { minInstanceCount: change.minInstances ?? 2, maxInstanceCount: 10 } },
    });
  };
/** A Cloud Run v1 service with the given service and revision annotations. */
const runV1 = (annotations: Record<string, string>, revisionAnnotations: Record<string, string> = {}) => (scope: Construct) =>
  new CloudRunService(scope, "service", {
    name: "mockforge-test-server-v1",
    location: "us-central1",
    metadata: { annotations },
    template: { metadata: { annotations: revisionAnnotations }, spec: { containers: [{ image: OWN_IMAGE }] } },
  });

export const gcpComputeCases: RuleCase[] = [
  // Disks and instances
  { rule: "MF-GCP-GCE-1", variant: "Google-managed key", bad: disk({ diskEncryptionKey: undefined }), message: /has no disk_encryption_key.kms_key_self_link/, good: disk() },
  { rule: "MF-GCP-GCE-1", variant: "raw customer-supplied key", bad: disk({ diskEncryptionKey: { rawKey: "SGVsbG8gZnJvbSBHb29nbGUgQ2xvdWQgUGxhdGZvcm0=" } }), message: /customer-supplied key .* plain text/, good: disk() },
  { rule: "MF-GCP-GCE-2", variant: "boot disk", bad: instance({ bootDisk: { initializeParams: { image: "debian-cloud/debian-12" } } }), message: /boot_disk has no kms_key_self_link/, good: instance() },
  { rule: "MF-GCP-GCE-2", variant: "attached disk of this stack", bad: attaching({ diskEncryptionKey: undefined }), message: /attached_disk\[0\] \(redis-data\) attaches google_compute_disk\.disk, which is not CMEK-encrypted/, good: attaching({}) },
  {
    rule: "MF-GCP-GCE-2",
    variant: "disk outside the stack",
    bad: instance({ attachedDisk: [{ source: "projects/p/zones/us-central1-a/disks/old" }] }),
    message: /a disk outside this stack, without kms_key_self_link/,
    good: instance({ attachedDisk: [{ source: "projects/p/zones/us-central1-a/disks/old", kmsKeySelfLink: KEY }] }),
  },
  { rule: "MF-GCP-GCE-3", bad: instance({ networkInterface: [{ subnetwork: SUBNET, accessConfig: [{}] }] }), message: /network_interface\[0\] has an access_config/, good: instance() },
  {
    rule: "MF-GCP-GCE-4",
    variant: "no secure boot",
    bad: instance({ shieldedInstanceConfig: { enableSecureBoot: false, enableVtpm: true, enableIntegrityMonitoring: true } }),
    message: /enable_secure_boot is false/,
    good: instance(),
  },
  { rule: "MF-GCP-GCE-4", variant: "project-wide SSH keys", bad: instance({ metadata: { "enable-oslogin": "TRUE" } }), message: /block-project-ssh-keys is not set/, good: instance() },
  { rule: "MF-GCP-GCE-4", variant: "serial port and OS Login off", bad: withMetadata({ "serial-port-enable": "TRUE", "enable-oslogin": "FALSE" }), message: /serial-port-enable is on/, good: instance() },
  { rule: "MF-GCP-GCE-4", variant: "IP forwarding", bad: instance({ canIpForward: true }), message: /can_ip_forward is true/, good: instance({ canIpForward: false }) },
  {
    rule: "MF-GCP-GCE-5",
    bad: instance({ serviceAccount: { email: "123456789012-compute@developer.gserviceaccount.com", scopes: ["cloud-platform"] } }),
    message: /default service account holds Editor on the whole project, here with the cloud-platform scope/,
    good: instance(),
  },
  { rule: "MF-GCP-GCE-6", variant: "password in a URL", bad: withMetadata({ "startup-script": "export DB=postgres://app:hunter2@10.0.0.5/db" }), message: /metadata startup-script holds a URL with a password/, good: withMetadata({ "startup-script": "systemctl start redis" }) },
  {
    rule: "MF-GCP-GCE-6",
    variant: "generated password",
    bad: (s) => {
      const password = new Password(s, "password", { length: 32 });
      new ComputeInstance(s, "node", { ...INSTANCE, metadata: { ...INSTANCE.metadata, "redis-password": password.result } });
    },
    message: /metadata redis-password takes its value from random_password\.password\.result/,
    good: instance(),
  },
  { rule: "MF-GCP-GCE-7", tier: "staging", bad: instance({ deletionProtection: false }), message: /deletion_protection is false in staging/, good: instance() },
  { rule: "MF-GCP-GCE-8", tier: "staging", bad: disk({ createSnapshotBeforeDestroy: false }), message: /create_snapshot_before_destroy is false in staging/, good: disk() },

  // Firewalls and subnets
  { rule: "MF-GCP-FW-1", variant: "SSH from anywhere", bad: firewall({ sourceRanges: ["0.0.0.0/0"], allow: [{ protocol: "tcp", ports: ["22"] }] }), message: /allows tcp:22 from 0\.0\.0\.0\/0/, good: firewall() },
  {
    rule: "MF-GCP-FW-1",
    variant: "HTTPS from anywhere (the edge is Google's front end); load balancer ranges pass",
    bad: firewall({ sourceRanges: ["0.0.0.0/0", "::/0"], allow: [{ protocol: "tcp", ports: ["80", "443"] }] }),
    message: /allows tcp:80,443 from 0\.0\.0\.0\/0 and ::\/0/,
    good: firewall({ sourceRanges: LB_RANGES, allow: [{ protocol: "tcp", ports: ["80", "443"] }] }),
  },
  {
    rule: "MF-GCP-FW-1",
    variant: "no source means every source; deny-all passes",
    bad: firewall({ sourceRanges: undefined, allow: [{ protocol: "all" }] }),
    message: /allows all protocols from 0\.0\.0\.0\/0 \(no source given\)/,
    good: firewall({ sourceRanges: ["0.0.0.0/0"], allow: undefined, deny: [{ protocol: "all" }], priority: 65534 }),
  },
  {
    rule: "MF-GCP-FW-1",
    variant: "network firewall policy rule",
    bad: (s) => new ComputeNetworkFirewallPolicyRule(s, "rule", { firewallPolicy: "policy", priority: 1000, direction: "INGRESS", action: "allow", match: { srcIpRanges: ["0.0.0.0/0"], layer4Configs: [{ ipProtocol: "tcp", ports: ["3389"] }] } }),
    message: /allows tcp:3389 from 0\.0\.0\.0\/0/,
    good: (s) => new ComputeNetworkFirewallPolicyRule(s, "rule", { firewallPolicy: "policy", priority: 1000, direction: "INGRESS", action: "deny", match: { srcIpRanges: ["0.0.0.0/0"], layer4Configs: [{ ipProtocol: "all" }] } }),
  },
  {
    rule: "MF-GCP-VPC-1",
    variant: "no flow logs; proxy-only subnets exempt",
    bad: (s) => new ComputeSubnetwork(s, "subnet", { name: "subnet", network: VPC, ipCidrRange: "10.40.0.0/20" }),
    message: /has no log_config/,
    good: (s) => {
      new ComputeSubnetwork(s, "subnet", { name: "subnet", network: VPC, ipCidrRange: "10.40.0.0/20", logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" } });
      new ComputeSubnetwork(s, "proxy", { name: "proxy", network: VPC, ipCidrRange: "10.40.16.0/23", purpose: "REGIONAL_MANAGED_PROXY", role: "ACTIVE" });
    },
  },

  // Redis Sentinel quorum
  { rule: "MF-GCP-REDIS-1", variant: "two nodes", bad: sentinels(["us-central1-a", "us-central1-b"]), message: /the stack has 2 Sentinel node\(s\)/, good: sentinels(["us-central1-a", "us-central1-b", "us-central1-c"]) },
  { rule: "MF-GCP-REDIS-1", variant: "two nodes in one zone", bad: sentinels(["us-central1-a", "us-central1-a", "us-central1-c"]), message: /shares its zone \("us-central1-a"\) with google_compute_instance\.node-/, good: sentinels(["us-central1-a", "us-central1-b", "us-central1-c"]) },

  // Cloud Run
  { rule: "MF-GCP-RUN-1", variant: "all traffic", bad: run({ ingress: "INGRESS_TRAFFIC_ALL" }), message: /ingress is INGRESS_TRAFFIC_ALL: the run.app URL bypasses the load balancer/, good: run() },
  { rule: "MF-GCP-RUN-1", variant: "the default", bad: run({ ingress: null }), message: /ingress is INGRESS_TRAFFIC_ALL \(the default\)/, good: run({ ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY" }) },
  { rule: "MF-GCP-RUN-1", variant: "v1 annotation", bad: runV1({}), message: /ingress is INGRESS_TRAFFIC_ALL/, good: runV1({ "run.googleapis.com/ingress": "internal-and-cloud-load-balancing" }) },
  {
    rule: "MF-GCP-RUN-2",
    variant: "secret by name",
    bad: run({ env: [{ name: "DATABASE_PASSWORD", value: "hunter2" }] }),
    message: /container mockforge: plain environment variable DATABASE_PASSWORD looks like a secret/,
    good: run(),
  },
  {
    rule: "MF-GCP-RUN-2",
    variant: "secret by value, in a job",
    bad: (s) => {
      const password = new Password(s, "password", { length: 32 });
      new CloudRunV2Job(s, "job", { name: "migrate", location: "us-central1", template: { template: { containers: [{ image: OWN_IMAGE, env: [{ name: "MIGRATE_TARGET", value: `postgres://app:${password.result}@db/app` }] }] } } });
    },
    message: /plain environment variable MIGRATE_TARGET takes its value from random_password\.password\.result/,
    good: (s) => new CloudRunV2Job(s, "job", { name: "migrate", location: "us-central1", template: { template: { containers: [{ image: OWN_IMAGE, env: [{ name: "DATABASE_PASSWORD", valueSource: { secretKeyRef: { secret: "mockforge-test-postgres-password", version: "latest" } } }] }] } } }),
  },
  { rule: "MF-GCP-RUN-3", variant: ":latest", bad: run({ image: "us-central1-docker.pkg.dev/mockforge-test/mockforge-test-images/server:latest" }), message: /:latest is mutable/, good: run() },
  { rule: "MF-GCP-RUN-3", variant: "public registry", bad: run({ image: "docker.io/library/nginx:1.27" }), message: /runs "docker.io\/library\/nginx:1.27", which is not a tagged image of the project's Artifact Registry/, good: run() },
  {
    rule: "MF-GCP-RUN-3",
    variant: "untagged; digest passes",
    bad: run({ image: "us-central1-docker.pkg.dev/mockforge-test/mockforge-test-images/server" }),
    message: /which is not a tagged image/,
    good: run({ image: `us-central1-docker.pkg.dev/mockforge-test/mockforge-test-images/server@sha256:${"a".repeat(64)}` }),
  },
  { rule: "MF-GCP-RUN-3", variant: "another team's repository", bad: run({ image: "us-central1-docker.pkg.dev/mockforge-test/other-images/server:1.0" }), message: /not a tagged image of the project's Artifact Registry \(mockforge-\*\)/, good: run() },
  { rule: "MF-GCP-RUN-4", variant: "one instance", bad: run({ minInstances: 1 }), message: /template.scaling.min_instance_count is 1/, good: run() },
  {
    rule: "MF-GCP-RUN-4",
    variant: "v1 minScale annotation",
    bad: runV1({ "run.googleapis.com/ingress": "internal" }),
    message: /autoscaling.knative.dev\/minScale\] is 0/,
    good: runV1({ "run.googleapis.com/ingress": "internal" }, { "autoscaling.knative.dev/minScale": "3" }),
  },
];
