import { renderRedisCloudInit } from "../../../constructs/core/redis-sentinel/cloud-init";
import { OciRedisSentinel, REDIS_SENTINEL_ROLE_TAG, redisFetchPasswordCommand, withHostFirewallOpen, type OciRedisSentinelProps } from "../../../constructs/oci/redis-sentinel";
import { configsOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { COMPARTMENT_ID, decodeBase64, network, primaryContext, ref } from "./fixtures";
import { REDIS_SENTINEL_SPEC } from "../../support/specs";

const ADS = ["Uocm:US-ASHBURN-AD-1", "Uocm:US-ASHBURN-AD-2", "Uocm:US-ASHBURN-AD-3"];
const baseProps: OciRedisSentinelProps = {
  context: primaryContext,
  compartmentId: COMPARTMENT_ID,
  network,
  availabilityDomains: ADS,
  ...REDIS_SENTINEL_SPEC,
  volumeSizeGiB: 10,
  shape: "VM.Standard.E5.Flex",
  ocpus: 2,
  memoryGb: 16,
  imageId: "ocid1.image.oc1.iad.ubuntu",
  kmsKeyId: "ocid1.key.oc1.iad.compute",
  vaultId: "ocid1.vault.oc1.iad.vault",
  secretsKeyId: "ocid1.key.oc1.iad.secrets",
};

let last: OciRedisSentinel | undefined;
function synth(overrides: Partial<OciRedisSentinelProps> = {}): SynthJson {
  return synthJson((scope) => {
    last = new OciRedisSentinel(scope, "redis", { ...baseProps, ...overrides });
  });
}
const ADDRESSES = ["10.130.128.10", "10.130.128.11", "10.130.128.12"];

describe("OciRedisSentinel", () => {
  const json = synth();
  const redis = last!;
  const nodes = configsOf(json, "oci_core_instance");
  const volumes = configsOf(json, "oci_core_volume");

  it("runs three nodes, one per availability domain and fault domain in a 3-AD region", () => {
    expect(nodes).toHaveLength(3);
    expect(nodes.map((n) => n.availability_domain)).toEqual(ADS);
    expect(nodes.map((n) => n.fault_domain)).toEqual(["FAULT-DOMAIN-1", "FAULT-DOMAIN-2", "FAULT-DOMAIN-3"]);
  });

  it("tags every node mockforge-role = redis-sentinel (how the policy pack finds the quorum), and only the nodes", () => {
    expect(REDIS_SENTINEL_ROLE_TAG).toEqual({ key: "mockforge-role", value: "redis-sentinel" });
    for (const node of nodes) expect(node.freeform_tags).toEqual({ "mockforge-role": "redis-sentinel" });
    for (const volume of volumes) expect(volume).not.toHaveProperty("freeform_tags");
  });

  it("uses three fault domains of the one AD in a single-AD region", () => {
    const single = configsOf(synth({ availabilityDomains: ["Uocm:AP-MUMBAI-1-AD-1"] }), "oci_core_instance");
    expect(single.map((n) => n.availability_domain)).toEqual(["Uocm:AP-MUMBAI-1-AD-1", "Uocm:AP-MUMBAI-1-AD-1", "Uocm:AP-MUMBAI-1-AD-1"]);
    expect(new Set(single.map((n) => n.fault_domain)).size).toBe(3);
  });

  it("gives nodes static private addresses in the data subnet, no public IP, only the Redis NSG", () => {
    expect(nodes.map((n) => n.create_vnic_details[0])).toEqual(
      ADDRESSES.map((privateIp, i) => ({
        subnet_id: network.dataSubnetId,
        assign_public_ip: false,
        private_ip: privateIp,
        nsg_ids: ["nsg-redis"],
        hostname_label: `redis-${i + 1}`,
      })),
    );
    expect(redis.endpoints.sentinelAddresses).toEqual(ADDRESSES.map((a) => `${a}:26379`));
    expect(redis.endpoints.masterName).toBe("mockforge");
  });

  it("encrypts boot volumes with the Vault key and enables in-transit encryption and IMDSv2 only", () => {
    for (const node of nodes) {
      expect(node.source_details).toEqual([{ source_type: "image", source_id: "ocid1.image.oc1.iad.ubuntu", boot_volume_size_in_gbs: 50, kms_key_id: "ocid1.key.oc1.iad.compute" }]);
      expect(node.is_pv_encryption_in_transit_enabled).toBe(true);
      expect(node.instance_options).toEqual([{ are_legacy_imds_endpoints_disabled: true }]);
      expect(node.shape_config).toEqual([{ ocpus: 2, memory_in_gbs: 16 }]);
    }
  });

  it("keeps data on encrypted block volumes in the node's AD, at least 50 GB, attached at the consistent device path", () => {
    expect(volumes.map((v) => v.availability_domain)).toEqual(ADS);
    for (const v of volumes) expect(v).toMatchObject({ size_in_gbs: 50, kms_key_id: "ocid1.key.oc1.iad.compute" });
    expect(configsOf(synth({ volumeSizeGiB: 200 }), "oci_core_volume").map((v) => v.size_in_gbs)).toEqual([200, 200, 200]);
    const attachments = configsOf(json, "oci_core_volume_attachment");
    attachments.forEach((a, i) => {
      expect(a).toMatchObject({ attachment_type: "paravirtualized", device: "/dev/oracleoci/oraclevdb", is_pv_encryption_in_transit_enabled: true, is_read_only: false });
      expect(a.instance_id).toBe(ref(json, "oci_core_instance", `redis_node-${i + 1}`));
      expect(a.volume_id).toBe(ref(json, "oci_core_volume", `redis_volume-${i + 1}`));
    });
  });

  it("runs the core-rendered Redis/Sentinel cloud-init (plus the host firewall opening), password fetched from Vault", () => {
    nodes.forEach((node, i) => {
      const expected = withHostFirewallOpen(
        renderRedisCloudInit({
          nodeIndex: i,
          nodeAddresses: ADDRESSES,
          quorum: 2,
          downAfterMilliseconds: 5000,
          failoverTimeoutMilliseconds: 60000,
          maxMemoryPercent: 75,
          dataDevice: "/dev/oracleoci/oraclevdb",
          fetchPasswordCommand: redisFetchPasswordCommand(),
          extraPackages: ["python3-venv", "curl"],
          redisPort: 6379,
          sentinelPort: 26379,
          masterName: "mockforge",
        }),
        network.dataSubnetCidr,
      );
      expect(decodeBase64(node.metadata.user_data)).toBe(expected);
      expect(node.metadata["mockforge-redis-password-secret-id"]).toBe(ref(json, "oci_vault_secret", "redis"));
    });
    expect(redisFetchPasswordCommand()).toContain("secrets secret-bundle get --auth instance_principal");
    expect(redis.cloudInits[0]).toContain('iptables -I INPUT -p tcp -s 10.130.128.0/20 --dport 6379 -j ACCEPT');
    expect(redis.cloudInits[0]).toContain('iptables -I INPUT -p tcp -s 10.130.128.0/20 --dport 26379 -j ACCEPT');
  });

  it("never puts the password in user data: it is generated into Vault", () => {
    const secret = onlyConfigOf(json, "oci_vault_secret");
    expect(secret.secret_name).toBe("mockforge-prod-usash1-redis-password");
    expect(secret.secret_content[0].content).toContain("random_password");
    for (const node of nodes) expect(decodeBase64(node.metadata.user_data)).not.toContain("random_password");
  });

  it("protects nodes and volumes from destroy and from replacement by image or user-data changes", () => {
    for (const node of nodes) expect(node.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["metadata", "source_details"] });
    for (const v of volumes) expect(v.lifecycle).toEqual({ prevent_destroy: true });
    const unprotected = synth({ terminationProtection: false });
    for (const v of configsOf(unprotected, "oci_core_volume")) expect(v.lifecycle).toEqual({ prevent_destroy: false });
  });

  it("rejects bad input naming the prop", () => {
    expect(() => synth({ nodeCount: 2 })).toThrow(/nodeCount is 2; use at least 3 nodes/);
    expect(() => synth({ quorum: 1 })).toThrow(/quorum is 1; with 3 nodes use 2 to 3/);
    expect(() => synth({ availabilityDomains: ["a", "b"] })).toThrow(/availabilityDomains has 2 entries; OCI regions have 1 or 3/);
    expect(() => synth({ memoryGb: 1 })).toThrow(/memoryGb is 1; with 2 OCPU use 2 to 128 GB/);
  });
});
