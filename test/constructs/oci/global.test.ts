import { OciDnsSteering, type OciDnsSteeringProps } from "../../../constructs/oci/dns-steering";
import { OciIam } from "../../../constructs/oci/iam";
import { OciContainerRepository } from "../../../constructs/oci/registry";
import { OciRemotePeering } from "../../../constructs/oci/remote-peering";
import { configsOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { COMPARTMENT_ID, primaryContext, ref, secondaryContext, TENANCY_ID } from "./fixtures";

describe("OciContainerRepository", () => {
  const json = synthJson((scope) => {
    const repo = new OciContainerRepository(scope, "registry", { compartmentId: COMPARTMENT_ID, name: "mockforge-prod-server", region: "eu-frankfurt-1", namespace: "mockforgens" });
    expect(repo.repositoryUrl).toBe("fra.ocir.io/mockforgens/mockforge-prod-server");
  });

  it("is private and immutable (tags are never overwritten)", () => {
    expect(onlyConfigOf(json, "oci_artifacts_container_repository")).toMatchObject({
      display_name: "mockforge-prod-server",
      compartment_id: COMPARTMENT_ID,
      is_public: false,
      is_immutable: true,
    });
  });

  it("builds pull URLs from the region key", () => {
    expect(OciContainerRepository.repositoryUrlFor("us-ashburn-1", "ns", "repo")).toBe("iad.ocir.io/ns/repo");
    expect(OciContainerRepository.repositoryUrlFor("ap-mumbai-1", "ns", "repo")).toBe("bom.ocir.io/ns/repo");
    expect(() => OciContainerRepository.repositoryUrlFor("mars-1", "ns", "repo")).toThrow(/Unknown OCI region "mars-1"/);
  });

  it("rejects names OCIR refuses", () => {
    expect(() => synthJson((scope) => new OciContainerRepository(scope, "r", { compartmentId: COMPARTMENT_ID, name: "Bad Name", region: "us-ashburn-1", namespace: "ns" }))).toThrow(
      /name "Bad Name" must be lower-case/,
    );
  });
});

describe("OciDnsSteering", () => {
  const baseProps: OciDnsSteeringProps = {
    environment: "prod",
    compartmentId: COMPARTMENT_ID,
    zoneId: "ocid1.dns-zone.oc1..zone",
    domainName: "api.mockforge.cloud",
    targets: [
      { region: "us-ashburn-1", hostName: "us-ashburn-1.origin.api.mockforge.cloud" },
      { region: "eu-frankfurt-1", hostName: "eu-frankfurt-1.origin.api.mockforge.cloud" },
      { region: "ap-mumbai-1", hostName: "ap-mumbai-1.origin.api.mockforge.cloud" },
    ],
  };
  const synth = (overrides: Partial<OciDnsSteeringProps> = {}): SynthJson =>
    synthJson((scope) => {
      new OciDnsSteering(scope, "steering", { ...baseProps, ...overrides });
    });
  const json = synth();
  const policy = onlyConfigOf(json, "oci_dns_steering_policy");

  it("health-checks every region's load balancer over HTTPS on the readiness path", () => {
    expect(onlyConfigOf(json, "oci_health_checks_http_monitor")).toMatchObject({
      protocol: "HTTPS",
      port: 443,
      method: "GET",
      path: "/health/ready",
      targets: baseProps.targets.map((t) => t.hostName),
      interval_in_seconds: 30,
      is_enabled: true,
    });
  });

  it("load-balances over the healthy regions with one CNAME answer per region and a short TTL", () => {
    expect(policy).toMatchObject({ template: "LOAD_BALANCE", ttl: 30, health_check_monitor_id: ref(json, "oci_health_checks_http_monitor", "steering") });
    expect(policy.answers).toEqual(baseProps.targets.map((t) => ({ name: t.region, rtype: "CNAME", rdata: t.hostName, pool: t.region, is_disabled: false })));
    expect(policy.rules.map((r: { rule_type: string }) => r.rule_type)).toEqual(["FILTER", "HEALTH", "WEIGHTED", "LIMIT"]);
    expect(policy.rules[3].default_count).toBe(1);
  });

  it("is attached to the API host name in the zone", () => {
    expect(onlyConfigOf(json, "oci_dns_steering_policy_attachment")).toMatchObject({
      zone_id: "ocid1.dns-zone.oc1..zone",
      domain_name: "api.mockforge.cloud",
      steering_policy_id: ref(json, "oci_dns_steering_policy", "steering"),
    });
  });

  it("rejects an empty target list and unsupported probe intervals", () => {
    expect(() => synth({ targets: [] })).toThrow(/targets is empty/);
    expect(() => synth({ probeIntervalSeconds: 15 })).toThrow(/probeIntervalSeconds is 15/);
  });
});

describe("OciIam", () => {
  let iam: OciIam | undefined;
  const json = synthJson((scope) => {
    iam = new OciIam(scope, "iam", { environment: "prod", tenancyId: TENANCY_ID, compartmentId: COMPARTMENT_ID, regions: ["us-ashburn-1", "eu-frankfurt-1"] });
  });

  it("groups the environment's instances (instance principals) in a dynamic group of the tenancy", () => {
    expect(onlyConfigOf(json, "oci_identity_dynamic_group")).toMatchObject({
      compartment_id: TENANCY_ID,
      name: "mockforge-prod-instances",
      matching_rule: `ALL {instance.compartment.id = '${COMPARTMENT_ID}'}`,
    });
  });

  it("lets instances read only the environment's secrets and pull images, in the compartment (no manage, no tenancy-wide grant)", () => {
    expect(iam!.instanceStatements).toEqual([
      `Allow dynamic-group mockforge-prod-instances to read secret-bundles in compartment id ${COMPARTMENT_ID} where target.secret.name = /mockforge-prod-*/`,
      `Allow dynamic-group mockforge-prod-instances to read repos in compartment id ${COMPARTMENT_ID}`,
    ]);
    const policy = configsOf(json, "oci_identity_policy").find((p) => p.name === "mockforge-prod-instances")!;
    expect(policy.statements).toEqual(iam!.instanceStatements);
    expect(policy.compartment_id).toBe(COMPARTMENT_ID);
  });

  it("lets Object Storage (lifecycle, replication) and Block Volume use the environment's keys, and PostgreSQL read its password", () => {
    const statements = iam!.serviceStatements;
    expect(statements).toContain(`Allow service objectstorage-us-ashburn-1 to manage object-family in compartment id ${COMPARTMENT_ID}`);
    expect(statements).toContain(`Allow service objectstorage-eu-frankfurt-1 to manage object-family in compartment id ${COMPARTMENT_ID}`);
    expect(statements).toContain(`Allow service blockstorage, objectstorage-us-ashburn-1, objectstorage-eu-frankfurt-1 to use keys in compartment id ${COMPARTMENT_ID}`);
    expect(statements.find((s) => s.includes("postgresqldbsystem"))).toMatch(/read secret-bundles .* target\.secret\.name = \/mockforge-prod-\*-postgres-password\//);
    for (const s of [...statements, ...iam!.instanceStatements]) expect(s).not.toMatch(/\bin tenancy\b|manage all-resources/);
  });
});

describe("OciRemotePeering", () => {
  it("accepts on the primary side and requests with the peer's id on the secondary side", () => {
    const json = synthJson((scope) => {
      new OciRemotePeering(scope, "accept", { context: primaryContext, compartmentId: COMPARTMENT_ID, drgId: "drg-iad", peerRegion: "eu-frankfurt-1" });
      new OciRemotePeering(scope, "request", { context: secondaryContext, compartmentId: COMPARTMENT_ID, drgId: "drg-fra", peerRegion: "us-ashburn-1", peerRpcId: "rpc-iad" });
    });
    const [accepting, requesting] = configsOf(json, "oci_core_remote_peering_connection");
    expect(accepting).toMatchObject({ drg_id: "drg-iad" });
    expect(accepting).not.toHaveProperty("peer_id");
    expect(requesting).toMatchObject({ drg_id: "drg-fra", peer_id: "rpc-iad", peer_region_name: "us-ashburn-1" });
  });

  it("refuses to peer a region with itself", () => {
    expect(() => synthJson((scope) => new OciRemotePeering(scope, "x", { context: primaryContext, compartmentId: COMPARTMENT_ID, drgId: "d", peerRegion: "us-ashburn-1" }))).toThrow(
      /peerRegion is this region/,
    );
  });
});
