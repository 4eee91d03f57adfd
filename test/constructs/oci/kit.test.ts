import { loadEnvironments } from "../../../environments/load";
import type { DeploymentContext } from "../../../constructs/core/specs";
import { OciKit, type OciKitProps } from "../../../constructs/oci/kit";
import { composeRegion, type PrimaryRegionRefs } from "../../../stacks/compose-region";
import { configsOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { COMPARTMENT_ID, ref } from "./fixtures";

const [prod] = loadEnvironments(undefined, ["prod"]);
const kitProps = (context: DeploymentContext): OciKitProps => ({
  context,
  compartmentId: COMPARTMENT_ID,
  namespace: "mockforgens",
  availabilityDomains: ["AD-1", "AD-2", "AD-3"],
  keys: { vaultId: "vault", storageKeyId: "key-storage", computeKeyId: "key-compute", secretsKeyId: "key-secrets" },
  serviceImageId: "image-ol9",
  redisImageId: "image-ubuntu",
  serviceShape: "VM.Standard.E5.Flex",
  redis: { shape: "VM.Standard.E5.Flex", ocpus: 2, memoryGb: 16 },
  database: { shape: "PostgreSQL.VM.Standard.E5.Flex", ocpus: 4, memoryGb: 64, maxConnections: 1000 },
  repositoryUrl: "fra.ocir.io/mockforgens/mockforge-prod-server",
  certificateId: "ocid1.certificate.oc1.eu-frankfurt-1.amaaaaaatestcert0000000000000000",
  dnsZoneId: "ocid1.dns-zone.oc1..zone",
  loadBalancerBandwidthMbps: { minimum: 100, maximum: 1000 },
  peerCidrs: ["10.130.0.0/16"],
  backupCopyRegions: [],
});

const fromPrimary: PrimaryRegionRefs = {
  database: {
    sourceId: "ocid1.postgresqldbsystem.oc1.iad.primary",
    sourceRegion: "us-ashburn-1",
    writer: { writerHost: "10.130.128.20", port: 5432, databaseName: "mockforge", username: "mockforge", passwordSecret: { secretId: "ocid1.vaultsecret.oc1.iad.db" } },
  },
  adminSecret: { secretId: "ocid1.vaultsecret.oc1.iad.admin" },
  operatorKey: { secretId: "ocid1.vaultsecret.oc1.iad.operator" },
};

function synthSecondary(): SynthJson {
  return synthJson((scope) => {
    const context: DeploymentContext = { cloud: "oci", environment: "prod", region: "eu-frankfurt-1", primary: false };
    composeRegion(scope, new OciKit(kitProps(context)), prod, {
      region: "eu-frankfurt-1",
      primary: false,
      cidr: "10.131.0.0/16",
      zoneCount: 3,
      natGateways: "single",
      replicaRegions: [],
      fromPrimary,
      originDomain: "eu-frankfurt-1.origin.api.oci.mockforge.cloud",
      imageRepository: "mockforge-prod-server",
      imageTag: "0.1.0",
    });
  });
}

describe("OciKit in the cloud-neutral composition (a secondary region)", () => {
  const json = synthSecondary();
  const launch = onlyConfigOf(json, "oci_core_instance_configuration").instance_details[0].launch_details[0];

  it("reads shared secrets from the primary region's Vault and its own Redis secret locally", () => {
    const lines = (launch.metadata["mockforge-secrets"] as string).split("\n");
    expect(lines).toEqual([
      "DATABASE_PASSWORD us-ashburn-1 ocid1.vaultsecret.oc1.iad.db",
      "MOCKFORGE_ADMIN_SECRET us-ashburn-1 ocid1.vaultsecret.oc1.iad.admin",
      "MOCKFORGE_OPERATOR_KEY us-ashburn-1 ocid1.vaultsecret.oc1.iad.operator",
      `REDIS_PASSWORD eu-frankfurt-1 ${ref(json, "oci_vault_secret", "redis")}`,
    ]);
  });

  it("runs the database as a warm standby of the primary", () => {
    expect(onlyConfigOf(json, "oci_psql_db_system").source).toEqual([{ source_type: "DB_SYSTEM", primary_db_system_id: "ocid1.postgresqldbsystem.oc1.iad.primary" }]);
  });

  it("puts a WAF and Web Application Acceleration on the load balancer", () => {
    const lb = ref(json, "oci_load_balancer_load_balancer", "load-balancer");
    expect(onlyConfigOf(json, "oci_waf_web_app_firewall").load_balancer_id).toBe(lb);
    expect(onlyConfigOf(json, "oci_waf_web_app_firewall").web_app_firewall_policy_id).toBe(ref(json, "oci_waf_web_app_firewall_policy", "waf"));
    expect(onlyConfigOf(json, "oci_waa_web_app_acceleration").load_balancer_id).toBe(lb);
  });

  it("registers the pool in the load balancer's backend set and encrypts with the region's keys", () => {
    expect(onlyConfigOf(json, "oci_core_instance_pool").load_balancers[0].load_balancer_id).toBe(ref(json, "oci_load_balancer_load_balancer", "load-balancer"));
    expect(onlyConfigOf(json, "oci_objectstorage_bucket").kms_key_id).toBe("key-storage");
    expect(launch.source_details[0].kms_key_id).toBe("key-compute");
    for (const node of configsOf(json, "oci_core_instance")) expect(node.source_details[0].kms_key_id).toBe("key-compute");
  });

  it("alarms on replica lag in a standby region", () => {
    expect(configsOf(json, "oci_monitoring_alarm").map((a) => a.display_name)).toContain("mockforge-prod-eufra1-database-replica-lag");
  });

  it("refuses a load balancer without a WAF policy", () => {
    const context: DeploymentContext = { cloud: "oci", environment: "prod", region: "eu-frankfurt-1", primary: false };
    const kit = new OciKit(kitProps(context));
    expect(() =>
      synthJson((scope) => {
        const network = kit.network(scope, "network", { cidr: "10.131.0.0/16", zoneCount: 3, natGateways: "single", flowLogRetentionDays: 30 });
        kit.loadBalancer(
          scope,
          "lb",
          {
            domainNames: ["x.mockforge.cloud"],
            dnsZoneName: "mockforge.cloud",
            healthCheckPath: "/health/ready",
            deregistrationDelaySeconds: 30,
            idleTimeoutSeconds: 60,
            deletionProtection: true,
            accessLogRetentionDays: 30,
          },
          { network },
        );
      }),
    ).toThrow(/the load balancer needs the WAF policy from waf\(\)/);
  });
});
