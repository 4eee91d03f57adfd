import { OciNetwork, type OciNetworkProps } from "../../../constructs/oci/network";
import { configsOf, dataOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { COMPARTMENT_ID, configOf, primaryContext, ref, secondaryContext } from "./fixtures";

const baseProps: OciNetworkProps = {
  context: primaryContext,
  compartmentId: COMPARTMENT_ID,
  cidr: "10.130.0.0/16",
  zoneCount: 3,
  natGateways: "single",
  flowLogRetentionDays: 365,
};

function synth(overrides: Partial<OciNetworkProps> = {}): SynthJson {
  return synthJson((scope) => {
    new OciNetwork(scope, "network", { ...baseProps, ...overrides });
  });
}

type Rule = Record<string, any>;
const NSG = "oci_core_network_security_group";
const RULE = "oci_core_network_security_group_security_rule";
const rulesOf = (json: SynthJson, nsgPrefix: string): Rule[] =>
  configsOf(json, RULE).filter((r) => r.network_security_group_id === ref(json, NSG, nsgPrefix));
const port = (r: Rule): number | undefined => r.tcp_options?.[0]?.destination_port_range?.[0]?.min;

describe("OciNetwork", () => {
  const json = synth();
  const subnets = configsOf(json, "oci_core_subnet");
  const subnet = (tier: string) => configOf(json, "oci_core_subnet", `network_${tier}-subnet`);

  it("is one VCN with the environment's CIDR and a DNS label", () => {
    const vcn = onlyConfigOf(json, "oci_core_vcn");
    expect(vcn.cidr_blocks).toEqual(["10.130.0.0/16"]);
    expect(vcn.compartment_id).toBe(COMPARTMENT_ID);
    expect(vcn.dns_label).toMatch(/^[a-z][a-z0-9]{0,14}$/);
  });

  it("has public, private and data subnets, all regional (no availability_domain)", () => {
    expect(subnets).toHaveLength(3);
    for (const s of subnets) expect(s).not.toHaveProperty("availability_domain");
    expect(subnet("public").cidr_block).toBe("10.130.0.0/20");
    expect(subnet("private").cidr_block).toBe("10.130.64.0/20");
    expect(subnet("data").cidr_block).toBe("10.130.128.0/20");
  });

  it("allows public IPs only in the public subnet", () => {
    expect(subnet("public").prohibit_public_ip_on_vnic).toBe(false);
    expect(subnet("private").prohibit_public_ip_on_vnic).toBe(true);
    expect(subnet("data").prohibit_public_ip_on_vnic).toBe(true);
  });

  it("denies by default: every subnet uses only one security list, and it has no rules", () => {
    const list = onlyConfigOf(json, "oci_core_security_list");
    expect(list).not.toHaveProperty("ingress_security_rules");
    expect(list).not.toHaveProperty("egress_security_rules");
    for (const s of subnets) expect(s.security_list_ids).toEqual([ref(json, "oci_core_security_list", "network_deny-all")]);
  });

  it("takes over the VCN's default security list (OCI's admits SSH from anywhere) and empties it", () => {
    const list = onlyConfigOf(json, "oci_core_default_security_list");
    expect(list.manage_default_resource_id).toBe(ref(json, "oci_core_vcn", "network_vcn", "default_security_list_id"));
    expect(list).not.toHaveProperty("ingress_security_rules");
    expect(list).not.toHaveProperty("egress_security_rules");
  });

  it("routes the public subnet to the internet gateway, the others through NAT and the service gateway", () => {
    expect(onlyConfigOf(json, "oci_core_internet_gateway").enabled).toBe(true);
    expect(onlyConfigOf(json, "oci_core_nat_gateway").block_traffic).toBe(false);
    const publicTable = configOf(json, "oci_core_route_table", "network_public-route-table");
    expect(publicTable.route_rules).toEqual([
      expect.objectContaining({ destination: "0.0.0.0/0", destination_type: "CIDR_BLOCK", network_entity_id: ref(json, "oci_core_internet_gateway", "network") }),
    ]);
    const privateTable = configOf(json, "oci_core_route_table", "network_private-route-table");
    expect(privateTable.route_rules).toEqual([
      expect.objectContaining({ destination: "0.0.0.0/0", destination_type: "CIDR_BLOCK", network_entity_id: ref(json, "oci_core_nat_gateway", "network") }),
      expect.objectContaining({ destination_type: "SERVICE_CIDR_BLOCK", network_entity_id: ref(json, "oci_core_service_gateway", "network") }),
    ]);
    expect(subnet("public").route_table_id).toBe(ref(json, "oci_core_route_table", "network_public-route-table"));
    expect(subnet("private").route_table_id).toBe(ref(json, "oci_core_route_table", "network_private-route-table"));
    expect(subnet("data").route_table_id).toBe(ref(json, "oci_core_route_table", "network_private-route-table"));
  });

  it("connects the service gateway to all Oracle Services Network services", () => {
    const [services] = dataOf(json, "oci_core_services");
    expect(services.filter).toEqual([{ name: "name", values: ["All .* Services In Oracle Services Network"], regex: true }]);
    expect(onlyConfigOf(json, "oci_core_service_gateway").services).toEqual([{ service_id: expect.stringContaining("data.oci_core_services") }]);
  });

  it("writes VCN flow logs of every subnet, with retention capped at OCI's 180 days", () => {
    const logs = configsOf(json, "oci_logging_log");
    expect(logs).toHaveLength(3);
    for (const tier of ["public", "private", "data"]) {
      const log = configOf(json, "oci_logging_log", `network_${tier}-flow-log`);
      expect(log).toMatchObject({ log_type: "SERVICE", is_enabled: true, retention_duration: 180 });
      expect(log.configuration[0].source).toEqual([
        { source_type: "OCISERVICE", service: "flowlogs", category: "all", resource: ref(json, "oci_core_subnet", `network_${tier}-subnet`) },
      ]);
    }
    expect(configOf(json, "oci_logging_log", "network_public-flow-log").retention_duration).toBe(180);
    const short = synth({ flowLogRetentionDays: 7 });
    expect(configsOf(short, "oci_logging_log").map((l) => l.retention_duration)).toEqual([30, 30, 30]);
  });

  it("has one NSG per tier", () => {
    expect(configsOf(json, NSG).map((n) => n.display_name).sort()).toEqual([
      "mockforge-prod-usash1-database-nsg",
      "mockforge-prod-usash1-lb-nsg",
      "mockforge-prod-usash1-redis-nsg",
      "mockforge-prod-usash1-service-nsg",
    ]);
  });

  it("opens only the load balancer to the internet, on 443 and 80", () => {
    const fromAnywhere = configsOf(json, RULE).filter((r) => r.direction === "INGRESS" && r.source === "0.0.0.0/0");
    expect(fromAnywhere.every((r) => r.network_security_group_id === ref(json, NSG, "network_load-balancer-nsg"))).toBe(true);
    expect(fromAnywhere.map(port).sort()).toEqual([443, 80]);
    for (const r of configsOf(json, RULE)) expect(r.stateless).toBe(false);
  });

  it("admits the service only from the load balancer NSG, on the HTTP port", () => {
    const ingress = rulesOf(json, "network_service-nsg").filter((r) => r.direction === "INGRESS");
    expect(ingress).toEqual([
      expect.objectContaining({ source: ref(json, NSG, "network_load-balancer-nsg"), source_type: "NETWORK_SECURITY_GROUP", protocol: "6" }),
    ]);
    expect(port(ingress[0])).toBe(3000);
  });

  it("admits Postgres only from the service NSG on 5432", () => {
    const ingress = rulesOf(json, "network_database-nsg").filter((r) => r.direction === "INGRESS");
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({ source: ref(json, NSG, "network_service-nsg"), source_type: "NETWORK_SECURITY_GROUP" });
    expect(port(ingress[0])).toBe(5432);
    expect(rulesOf(json, "network_database-nsg").filter((r) => r.direction === "EGRESS")).toEqual([]);
  });

  it("admits Redis and Sentinel only from the service NSG and the Redis nodes themselves", () => {
    const ingress = rulesOf(json, "network_redis-nsg").filter((r) => r.direction === "INGRESS");
    const sources = new Set(ingress.map((r) => r.source));
    expect(sources).toEqual(new Set([ref(json, NSG, "network_service-nsg"), ref(json, NSG, "network_redis-nsg")]));
    expect(ingress.every((r) => r.source_type === "NETWORK_SECURITY_GROUP")).toBe(true);
    expect(ingress.map(port).sort()).toEqual([26379, 26379, 6379, 6379]);
  });

  it("lets the service and Redis reach the metadata service (IMDS) and HTTPS egress", () => {
    for (const prefix of ["network_service-nsg", "network_redis-nsg"]) {
      const egress = rulesOf(json, prefix).filter((r) => r.direction === "EGRESS");
      expect(egress).toContainEqual(expect.objectContaining({ destination: "169.254.0.0/16", destination_type: "CIDR_BLOCK" }));
      expect(egress.filter((r) => r.destination === "0.0.0.0/0").map(port).sort()).toEqual([443, 80]);
    }
  });

  it("has no DRG without peer regions", () => {
    expect(json.resource?.oci_core_drg).toBeUndefined();
  });

  describe("with peer regions", () => {
    it("primary: a DRG attached to the VCN, routes to each peer, Postgres open to peer CIDRs", () => {
      const peered = synth({ peerCidrs: ["10.131.0.0/16", "10.132.0.0/16"] });
      const drg = ref(peered, "oci_core_drg", "network");
      expect(onlyConfigOf(peered, "oci_core_drg_attachment")).toMatchObject({ drg_id: drg, vcn_id: ref(peered, "oci_core_vcn", "network") });
      const routes = configOf(peered, "oci_core_route_table", "network_private-route-table").route_rules;
      expect(routes.filter((r: Rule) => r.network_entity_id === drg).map((r: Rule) => r.destination)).toEqual(["10.131.0.0/16", "10.132.0.0/16"]);
      const dbIngress = rulesOf(peered, "network_database-nsg").filter((r) => r.direction === "INGRESS" && r.source_type === "CIDR_BLOCK");
      expect(dbIngress.map((r) => [r.source, port(r)])).toEqual([
        ["10.131.0.0/16", 5432],
        ["10.132.0.0/16", 5432],
      ]);
    });

    it("secondary: the service may reach the primary's Postgres; nothing else opens", () => {
      const peered = synth({ context: secondaryContext, cidr: "10.131.0.0/16", peerCidrs: ["10.130.0.0/16"] });
      const egress = rulesOf(peered, "network_service-nsg").filter((r) => r.direction === "EGRESS" && r.destination === "10.130.0.0/16");
      expect(egress.map(port)).toEqual([5432]);
      expect(rulesOf(peered, "network_database-nsg").filter((r) => r.source_type === "CIDR_BLOCK")).toEqual([]);
    });
  });

  it("rejects a CIDR outside /16 to /24 and invalid peer CIDRs", () => {
    expect(() => synth({ cidr: "10.128.0.0/12" })).toThrow(/cidr "10.128.0.0\/12" has prefix \/12; use \/16 to \/24/);
    expect(() => synth({ cidr: "10.130.0.1/16" })).toThrow(/cidr "10.130.0.1\/16" is invalid/);
    expect(() => synth({ peerCidrs: ["nope"] })).toThrow(/peerCidrs entry "nope" is invalid/);
  });
});
