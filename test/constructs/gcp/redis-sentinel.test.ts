import { parse as parseYaml } from "yaml";
import {
  DATA_DISK_DEVICE_NAME,
  DATA_DISK_PATH,
  fetchSecretCommand,
  GcpRedisSentinel,
  imageFamilyFor,
  REDIS_SENTINEL_ROLE_TAG,
  machineArchitecture,
  UBUNTU_IMAGE_PROJECT,
  type GcpRedisSentinelProps,
} from "../../../constructs/gcp/redis-sentinel";
import { TIER_RULE_PRIORITY } from "../../../constructs/gcp/network";
import { renderRedisCloudInit } from "../../../constructs/core/redis-sentinel/cloud-init";
import { REDIS_MASTER_NAME } from "../../../constructs/core/runtime-contract";
import { configsOf, dataOf, onlyConfigOf, resourcesOf, synthJson, type SynthJson } from "../../support/synth";
import { network, PROJECT_ID, primaryContext, ref } from "./fixtures";
import { REDIS_SENTINEL_SPEC } from "../../support/specs";

const baseProps: GcpRedisSentinelProps = {
  context: primaryContext,
  network,
  projectId: PROJECT_ID,
  machineType: "n2-highmem-2",
  ...REDIS_SENTINEL_SPEC,
};
function synth(overrides: Partial<GcpRedisSentinelProps> = {}): { json: SynthJson; redis: GcpRedisSentinel } {
  let redis!: GcpRedisSentinel;
  const json = synthJson((scope) => {
    redis = new GcpRedisSentinel(scope, "redis", { ...baseProps, ...overrides });
  });
  return { json, redis };
}
/** Terraform's `$${` escape back to the literal text the VM receives. */
const unescape = (text: string) => text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");

describe("GcpRedisSentinel", () => {
  const { json, redis } = synth();
  const nodes = configsOf(json, "google_compute_instance");
  const disks = configsOf(json, "google_compute_disk");
  const key = ref(json, "google_kms_crypto_key", "redis_kms_key", "id");
  const serviceAccount = ref(json, "google_service_account", "", "email");
  const zonesId = Object.keys(json.data!.google_compute_zones)[0];

  it("labels every node as a Sentinel node (how the policy pack finds the quorum)", () => {
    expect(REDIS_SENTINEL_ROLE_TAG).toEqual({ key: "mockforge-role", value: "redis-sentinel" });
    for (const node of nodes) expect(node.labels).toEqual({ "mockforge-role": "redis-sentinel" });
  });

  it("runs three VMs in three zones of the region", () => {
    expect(nodes).toHaveLength(3);
    expect(nodes.map((n) => n.zone)).toEqual([0, 1, 2].map((i) => `\${element(data.google_compute_zones.${zonesId}.names, ${i})}`));
    expect(dataOf(json, "google_compute_zones")).toEqual([expect.objectContaining({ region: "us-central1" })]);
    for (const [i, disk] of disks.entries()) expect(disk.zone).toBe(nodes[i].zone);
  });

  it("has no external IP: one interface on the region's subnet with a static internal address", () => {
    const addresses = configsOf(json, "google_compute_address");
    expect(addresses.map((a) => a.address)).toEqual(["10.50.0.10", "10.50.0.11", "10.50.0.12"]);
    for (const address of addresses) expect(address).toMatchObject({ address_type: "INTERNAL", subnetwork: network.subnetworkId, region: "us-central1" });
    nodes.forEach((node, i) => {
      expect(node.network_interface).toEqual([{ subnetwork: network.subnetworkId, network_ip: ref(json, "google_compute_address", `redis_address-${i + 1}`, "address") }]);
      expect(node.network_interface[0].access_config).toBeUndefined();
    });
    expect(redis.addresses).toEqual(["10.50.0.10", "10.50.0.11", "10.50.0.12"]);
  });

  it("encrypts boot and data disks with its CMEK key, usable by the Compute Engine agent only", () => {
    for (const node of nodes) expect(node.boot_disk).toMatchObject({ kms_key_self_link: key, auto_delete: true });
    for (const disk of disks) expect(disk.disk_encryption_key).toEqual({ kms_key_self_link: key });
    const grant = onlyConfigOf(json, "google_kms_crypto_key_iam_member");
    expect(grant.member).toMatch(/^serviceAccount:service-\$\{data\.google_project\.[^}]+\.number\}@compute-system\.iam\.gserviceaccount\.com$/);
  });

  it("keeps data on a separate disk that outlives the VM, snapshotted on destroy", () => {
    expect(disks.map((d) => d.size)).toEqual([50, 50, 50]);
    for (const disk of disks) expect(disk).toMatchObject({ type: "pd-balanced", create_snapshot_before_destroy: true });
    nodes.forEach((node, i) => {
      expect(node.attached_disk).toEqual([{ source: ref(json, "google_compute_disk", `redis_disk-${i + 1}`, "id"), device_name: DATA_DISK_DEVICE_NAME, mode: "READ_WRITE" }]);
    });
  });

  it("is a shielded VM with OS Login, no project SSH keys and no serial port", () => {
    for (const node of nodes) {
      expect(node.shielded_instance_config).toEqual({ enable_secure_boot: true, enable_vtpm: true, enable_integrity_monitoring: true });
      expect(node.metadata).toMatchObject({ "block-project-ssh-keys": "true", "enable-oslogin": "TRUE", "serial-port-enable": "FALSE" });
    }
  });

  it("protects stateful nodes: deletion protection, restart on failure, live migration, no silent replacement", () => {
    for (const node of nodes) {
      expect(node.deletion_protection).toBe(true);
      expect(node.scheduling).toMatchObject({ automatic_restart: true, on_host_maintenance: "MIGRATE", preemptible: false });
      expect(node.lifecycle.ignore_changes).toEqual(['metadata["user-data"]', "boot_disk[0].initialize_params[0].image"]);
    }
    const dev = synth({ deletionProtection: false }).json;
    expect(configsOf(dev, "google_compute_instance").every((n) => n.deletion_protection === false)).toBe(true);
    expect(configsOf(dev, "google_compute_disk").every((d) => d.create_snapshot_before_destroy === false)).toBe(true);
  });

  it("keeps its disks' key from terraform destroy while the nodes are protected (their snapshots stay readable)", () => {
    expect(onlyConfigOf(json, "google_kms_crypto_key").lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyConfigOf(synth({ deletionProtection: false }).json, "google_kms_crypto_key").lifecycle).toEqual({ prevent_destroy: false });
  });

  it("boots Ubuntu 24.04 LTS for the machine type's architecture (cloud-init reads user-data)", () => {
    expect(dataOf(json, "google_compute_image")).toEqual([expect.objectContaining({ family: "ubuntu-2404-lts-amd64", project: UBUNTU_IMAGE_PROJECT })]);
    for (const node of nodes) expect(node.boot_disk.initialize_params.image).toBe(`\${data.google_compute_image.${Object.keys(json.data!.google_compute_image)[0]}.self_link}`);
    expect(machineArchitecture("t2a-standard-1")).toBe("arm64");
    expect(machineArchitecture("c4a-highmem-2")).toBe("arm64");
    expect(machineArchitecture("e2-small")).toBe("amd64");
    expect(imageFamilyFor("t2a-standard-1")).toBe("ubuntu-2404-lts-arm64");
  });

  it("runs the core's cloud-init unchanged, with the data disk's by-id path and the same topology on every node", () => {
    nodes.forEach((node, i) => {
      const userData = unescape(node.metadata["user-data"]);
      expect(userData).toBe(
        renderRedisCloudInit({
          nodeIndex: i,
          nodeAddresses: redis.addresses,
          quorum: 2,
          downAfterMilliseconds: 5000,
          failoverTimeoutMilliseconds: 60000,
          maxMemoryPercent: 75,
          dataDevice: DATA_DISK_PATH,
          fetchPasswordCommand: fetchSecretCommand(PROJECT_ID, "mockforge-prod-usc1-redis-password"),
          extraPackages: ["python3"],
        }),
      );
      const doc = parseYaml(userData);
      expect(doc.runcmd).toEqual([["/usr/local/sbin/mockforge-redis-boot"]]);
    });
    expect(DATA_DISK_PATH).toBe("/dev/disk/by-id/google-redis-data");
  });

  it("escapes the script's own ${...} from Terraform", () => {
    const raw = nodes[0].metadata["user-data"] as string;
    expect(raw).toContain("$${NODE_ADDRESSES[$NODE_INDEX]}");
    expect(raw.replace(/\$\$\{/g, "")).not.toContain("${");
  });

  it("fetches the AUTH password from Secret Manager at boot: it never appears in metadata", () => {
    const command = fetchSecretCommand(PROJECT_ID, "mockforge-prod-usc1-redis-password");
    expect(command).toContain("https://secretmanager.googleapis.com/v1/projects/mockforge-prod/secrets/mockforge-prod-usc1-redis-password/versions/latest:access");
    expect(command).toContain("computeMetadata/v1/instance/service-accounts/default/token");
    expect(nodes[0].metadata["user-data"]).toContain("/secrets/mockforge-prod-usc1-redis-password/versions/latest:access");
    expect(JSON.stringify(nodes)).not.toContain("random_password");
    expect(onlyConfigOf(json, "google_secret_manager_secret").secret_id).toBe("mockforge-prod-usc1-redis-password");
  });

  it("runs as its own service account that may read only its password", () => {
    expect(onlyConfigOf(json, "google_service_account").account_id).toBe("mockforge-prod-usc1-redis");
    for (const node of nodes) expect(node.service_account).toEqual({ email: serviceAccount, scopes: ["cloud-platform"] });
    expect(onlyConfigOf(json, "google_secret_manager_secret_iam_member")).toMatchObject({
      role: "roles/secretmanager.secretAccessor",
      member: `serviceAccount:${serviceAccount}`,
      secret_id: ref(json, "google_secret_manager_secret", "", "id"),
    });
    expect(configsOf(json, "google_project_iam_member")).toEqual([]);
  });

  it("opens Redis and Sentinel only from the service's egress range (the subnet), selected by the nodes' service account", () => {
    const rules = configsOf(json, "google_compute_firewall");
    for (const rule of rules) {
      expect(rule).toMatchObject({ network: network.vpcId, target_service_accounts: [serviceAccount], priority: TIER_RULE_PRIORITY, log_config: { metadata: "INCLUDE_ALL_METADATA" } });
    }
    const ingress = rules.filter((r) => r.direction === "INGRESS");
    expect(ingress).toEqual([expect.objectContaining({ source_ranges: [network.cidr], allow: [{ protocol: "tcp", ports: ["6379", "26379"] }] })]);
    expect(JSON.stringify(rules)).not.toContain('"22"');
    const egress = rules.filter((r) => r.direction === "EGRESS").map((r) => [r.destination_ranges, r.allow]);
    expect(egress).toHaveLength(2);
    expect(egress).toEqual(
      expect.arrayContaining([
        [[network.cidr], [{ protocol: "tcp", ports: ["6379", "26379"] }]],
        [["0.0.0.0/0"], [{ protocol: "tcp", ports: ["80", "443"] }]],
      ]),
    );
  });

  it("exposes the Sentinel endpoints and instance names", () => {
    expect(redis.endpoints.sentinelAddresses).toEqual(["10.50.0.10:26379", "10.50.0.11:26379", "10.50.0.12:26379"]);
    expect(redis.endpoints.masterName).toBe(REDIS_MASTER_NAME);
    expect(redis.instanceNames).toEqual(["mockforge-prod-usc1-redis-1", "mockforge-prod-usc1-redis-2", "mockforge-prod-usc1-redis-3"]);
    expect(resourcesOf(json, "google_compute_instance").every(([, n]) => n.depends_on.length === 3)).toBe(true);
  });
});

describe("GcpRedisSentinel validation", () => {
  it.each<[string, Partial<GcpRedisSentinelProps>, RegExp]>([
    ["fewer than 3 nodes", { nodeCount: 2 }, /nodeCount is 2; use at least 3 nodes/],
    ["more distinct nodes than guaranteed zones", { nodeCount: 4, quorum: 3 }, /nodeCount is 4 with distinctZones true/],
    ["a minority quorum", { quorum: 1 }, /quorum is 1; with 3 nodes use 2 to 3/],
    ["a tiny data disk", { volumeSizeGiB: 5 }, /volumeSizeGiB is 5/],
    ["all memory for data", { maxMemoryPercent: 95 }, /maxMemoryPercent is 95; use 1 to 90/],
    ["a bad machine type", { machineType: "large" }, /machineType "large"/],
    ["a reserved host number", { privateIpHostNumber: 1 }, /privateIpHostNumber is 1/],
    ["hosts past the subnet", { privateIpHostNumber: 4093 }, /privateIpHostNumber is 4093; nodes take hosts 4093 to 4095/],
  ])("rejects %s", (_, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
