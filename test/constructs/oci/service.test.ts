import { OciInstancePoolService, flexShapeSize, type OciInstancePoolServiceProps } from "../../../constructs/oci/service";
import { renderServiceCloudInit, SERVICE_PACKAGES, SERVICE_PATHS } from "../../../constructs/oci/service-cloud-init";
import { onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { COMPARTMENT_ID, decodeBase64, network, primaryContext, ref } from "./fixtures";
import { AUTOSCALING_SPEC } from "../../support/specs";

const ADS = ["Uocm:US-ASHBURN-AD-1", "Uocm:US-ASHBURN-AD-2", "Uocm:US-ASHBURN-AD-3"];
const environment = { PORT: "3000", MOCKFORGE_ENV: "prod", DATABASE_HOST: "10.130.128.20:5432", MOCKFORGE_CLOUD: "oci" };
const baseProps: OciInstancePoolServiceProps = {
  context: primaryContext,
  compartmentId: COMPARTMENT_ID,
  network,
  availabilityDomains: ADS,
  shape: "VM.Standard.E5.Flex",
  cpu: 2,
  memoryMiB: 4096,
  autoscaling: { ...AUTOSCALING_SPEC, requestsPerTarget: 1000 },
  imageRepository: "mockforge-prod-server",
  imageTag: "0.1.0",
  environment,
  secrets: {
    DATABASE_PASSWORD: { secretId: "ocid1.vaultsecret.oc1.iad.db", region: "us-ashburn-1" },
    MOCKFORGE_ADMIN_SECRET: { secretId: "ocid1.vaultsecret.oc1.iad.admin", region: "us-ashburn-1" },
    REDIS_PASSWORD: { secretId: "ocid1.vaultsecret.oc1.fra.redis", region: "eu-frankfurt-1" },
  },
  healthCheckGracePeriodSeconds: 60,
  logRetentionDays: 90,
  imageId: "ocid1.image.oc1.iad.ol9",
  repositoryUrl: "iad.ocir.io/mockforgens/mockforge-prod-server",
  kmsKeyId: "ocid1.key.oc1.iad.compute",
  loadBalancerId: "ocid1.loadbalancer.oc1.iad.lb",
  backendSetName: "mockforge-service",
};

function synth(overrides: Partial<OciInstancePoolServiceProps> = {}): SynthJson {
  return synthJson((scope) => {
    new OciInstancePoolService(scope, "service", { ...baseProps, ...overrides });
  });
}
const CONFIG = "oci_core_instance_configuration";
const POOL = "oci_core_instance_pool";
const AUTOSCALING = "oci_autoscaling_auto_scaling_configuration";

describe("OciInstancePoolService", () => {
  const json = synth();
  const config = onlyConfigOf(json, CONFIG);
  const launch = config.instance_details[0].launch_details[0];
  const pool = onlyConfigOf(json, POOL);
  const autoscaling = onlyConfigOf(json, AUTOSCALING);

  it("launches compute instances of the flexible shape sized from the shared service size", () => {
    expect(config.instance_details[0].instance_type).toBe("compute");
    expect(launch.shape).toBe("VM.Standard.E5.Flex");
    expect(launch.shape_config).toEqual([{ ocpus: 1, memory_in_gbs: 4 }]);
    expect(onlyConfigOf(synth({ ocpus: 2, memoryGb: 16 }), CONFIG).instance_details[0].launch_details[0].shape_config).toEqual([{ ocpus: 2, memory_in_gbs: 16 }]);
  });

  it("boots the given image from a Vault-encrypted boot volume, with in-transit encryption", () => {
    expect(launch.source_details).toEqual([{ source_type: "image", image_id: "ocid1.image.oc1.iad.ol9", boot_volume_size_in_gbs: 50, kms_key_id: "ocid1.key.oc1.iad.compute" }]);
    expect(launch.is_pv_encryption_in_transit_enabled).toBe(true);
  });

  it("has no public IP, only the service NSG, and IMDSv2 only", () => {
    expect(launch.create_vnic_details).toEqual([{ assign_public_ip: false, nsg_ids: ["nsg-service"] }]);
    expect(launch.instance_options).toEqual([{ are_legacy_imds_endpoints_disabled: true }]);
  });

  it("keeps the monitoring agent on (autoscaling and alarm metrics) and restores failed instances", () => {
    expect(launch.agent_config).toEqual([{ is_monitoring_disabled: false, is_management_disabled: false }]);
    expect(launch.availability_config).toEqual([{ recovery_action: "RESTORE_INSTANCE" }]);
  });

  it("runs the OCIR image through cloud-init, with secret OCIDs (never values) in metadata", () => {
    const metadata = launch.metadata;
    expect(metadata["mockforge-image"]).toBe("iad.ocir.io/mockforgens/mockforge-prod-server:0.1.0");
    expect(metadata["mockforge-secrets"]).toBe(
      [
        "DATABASE_PASSWORD us-ashburn-1 ocid1.vaultsecret.oc1.iad.db",
        "MOCKFORGE_ADMIN_SECRET us-ashburn-1 ocid1.vaultsecret.oc1.iad.admin",
        "REDIS_PASSWORD eu-frankfurt-1 ocid1.vaultsecret.oc1.fra.redis",
      ].join("\n"),
    );
    expect(decodeBase64(metadata.user_data)).toBe(renderServiceCloudInit({ environment }));
  });

  it("replaces the configuration before destroying the old one", () => {
    expect(config.lifecycle).toEqual({ create_before_destroy: true });
  });

  it("spreads the pool over every availability domain and all three fault domains, in the private subnet", () => {
    expect(pool.instance_configuration_id).toBe(ref(json, CONFIG, "service"));
    expect(pool.placement_configurations).toEqual(
      ADS.map((ad) => ({
        availability_domain: ad,
        fault_domains: ["FAULT-DOMAIN-1", "FAULT-DOMAIN-2", "FAULT-DOMAIN-3"],
        primary_vnic_subnets: [{ subnet_id: network.privateSubnetId }],
      })),
    );
  });

  it("attaches every instance to the load balancer's backend set on the HTTP port", () => {
    expect(pool.load_balancers).toEqual([
      { load_balancer_id: "ocid1.loadbalancer.oc1.iad.lb", backend_set_name: "mockforge-service", port: 3000, vnic_selection: "PrimaryVnic" },
    ]);
  });

  it("starts at minCount and leaves the size to autoscaling", () => {
    expect(pool.size).toBe(3);
    expect(pool.lifecycle).toEqual({ ignore_changes: ["size"] });
  });

  it("scales the pool between min and max with threshold rules: out on CPU > 70 % and memory > 80 %, in on low CPU", () => {
    expect(autoscaling.auto_scaling_resources).toEqual([{ type: "instancePool", id: ref(json, POOL, "service") }]);
    expect(autoscaling.is_enabled).toBe(true);
    const [policy] = autoscaling.policies;
    expect(policy).toMatchObject({ policy_type: "threshold", is_enabled: true, capacity: [{ initial: 3, min: 3, max: 50 }] });
    const rules = policy.rules.map((r: any) => [r.metric[0].metric_type, r.metric[0].threshold[0].operator, r.metric[0].threshold[0].value, r.action[0].type, r.action[0].value]);
    expect(rules).toEqual([
      ["CPU_UTILIZATION", "GT", 70, "CHANGE_COUNT_BY", 1],
      ["MEMORY_UTILIZATION", "GT", 80, "CHANGE_COUNT_BY", 1],
      ["CPU_UTILIZATION", "LT", 35, "CHANGE_COUNT_BY", -1],
    ]);
  });

  it("takes the thresholds and bounds from the environment", () => {
    const custom = onlyConfigOf(synth({ autoscaling: { ...baseProps.autoscaling, minCount: 1, maxCount: 2, cpuTargetPercent: 60, memoryTargetPercent: 90 } }), AUTOSCALING);
    expect(custom.policies[0].capacity).toEqual([{ initial: 1, min: 1, max: 2 }]);
    expect(custom.policies[0].rules.map((r: any) => r.metric[0].threshold[0].value)).toEqual([60, 90, 30]);
  });

  it("waits at least OCI's 300 s cooldown between scaling actions", () => {
    expect(autoscaling.cool_down_in_seconds).toBe(300);
    const slow = onlyConfigOf(synth({ autoscaling: { ...baseProps.autoscaling, scaleInCooldownSeconds: 600 } }), AUTOSCALING);
    expect(slow.cool_down_in_seconds).toBe(600);
  });

  it("rejects bad input naming the prop", () => {
    expect(() => synth({ shape: "VM.Standard2.1" })).toThrow(/shape "VM.Standard2.1" is not a flexible shape/);
    expect(() => synth({ ocpus: 1, memoryGb: 100 })).toThrow(/memoryGb is 100; with 1 OCPU use 1 to 64 GB/);
    expect(() => synth({ autoscaling: { ...baseProps.autoscaling, minCount: 5, maxCount: 2 } })).toThrow(/autoscaling.minCount 5 is above autoscaling.maxCount 2/);
    expect(() => synth({ availabilityDomains: [] })).toThrow(/availabilityDomains is empty/);
    expect(() => synth({ environment: { ...environment, DATABASE_PASSWORD: "x" } })).toThrow(/DATABASE_PASSWORD is in both environment and secrets/);
  });
});

describe("flexShapeSize", () => {
  it("maps vCPUs to OCPUs (2 vCPUs each) and MiB to whole GB, at least 1 GB per OCPU", () => {
    expect(flexShapeSize(0.5, 1024)).toEqual({ ocpus: 1, memoryGb: 1 });
    expect(flexShapeSize(2, 4096)).toEqual({ ocpus: 1, memoryGb: 4 });
    expect(flexShapeSize(4, 2048)).toEqual({ ocpus: 2, memoryGb: 2 });
    expect(flexShapeSize(8, 1024)).toEqual({ ocpus: 4, memoryGb: 4 });
  });
});

describe("renderServiceCloudInit", () => {
  const doc = renderServiceCloudInit({ environment });

  it("is a cloud-config installing podman and the OCI CLI", () => {
    expect(doc.startsWith("#cloud-config\n")).toBe(true);
    for (const p of SERVICE_PACKAGES) expect(doc).toContain(`  - ${JSON.stringify(p)}`);
  });

  it("writes the plain environment (sorted) to the env file and no secret", () => {
    expect(doc).toContain(`  - path: "${SERVICE_PATHS.envFile}"`);
    expect(doc).toContain("      DATABASE_HOST=10.130.128.20:5432\n      MOCKFORGE_CLOUD=oci\n      MOCKFORGE_ENV=prod\n      PORT=3000\n");
    expect(doc).not.toMatch(/DATABASE_PASSWORD=|REDIS_PASSWORD=|MOCKFORGE_ADMIN_SECRET=/);
  });

  it("reads secrets from Vault with the instance principal into tmpfs at every start", () => {
    expect(doc).toContain("secrets secret-bundle get --auth instance_principal --region \"$REGION\" --secret-id \"$SECRET_ID\" --stage CURRENT");
    expect(doc).toContain(`SECRETS_FILE=${SERVICE_PATHS.secretsFile}`);
    expect(doc).toContain("http://169.254.169.254/opc/v2/instance/metadata/mockforge-secrets");
    expect(doc).toContain("-H 'Authorization: Bearer Oracle'");
  });

  it("logs in to OCIR with an instance-principal token and runs the image read-only, non-root, without capabilities", () => {
    expect(doc).toContain('podman login --username BEARER_TOKEN --password-stdin "$REGISTRY"');
    expect(doc).toContain("--read-only --tmpfs /tmp --user 1000:1000 --cap-drop ALL --security-opt no-new-privileges");
    expect(doc).toContain("-p 3000:3000");
    expect(doc).not.toMatch(/-p 9090|-p 9080/);
  });

  it("runs as a restarting systemd unit and opens only the service port in firewalld", () => {
    expect(doc).toContain("Restart=always");
    expect(doc).toContain("  - [systemctl, enable, --now, mockforge.service]");
    expect(doc).toContain("  - [firewall-cmd, --permanent, --add-port=3000/tcp]");
  });

  it("refuses secrets and apply-time values in the plain environment", () => {
    expect(() => renderServiceCloudInit({ environment: { REDIS_PASSWORD: "x" } })).toThrow(/secrets come from Vault/);
    expect(() => renderServiceCloudInit({ environment: { DATABASE_HOST: "${oci_psql_db_system.x.id}" } })).toThrow(/no Terraform interpolation/);
    expect(() => renderServiceCloudInit({ environment, containerUser: "0:0" })).toThrow(/containerUser is "0:0"/);
  });
});
