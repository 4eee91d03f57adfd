import { GcpNetwork, TIER_RULE_PRIORITY, type GcpNetworkProps } from "../../../constructs/gcp/network";
import { NETWORK_TAGS } from "../../../constructs/gcp/network-ref";
import { GcpVpc } from "../../../constructs/gcp/vpc";
import { configsOf, onlyConfigOf, synthJson } from "../../support/synth";
import { primaryContext, ref } from "./fixtures";

const vpc = GcpVpc.refFor("mockforge-prod", "prod", "10.60.0.0/16");
const props: GcpNetworkProps = { context: primaryContext, vpc, cidr: "10.50.0.0/20" };
const synth = (overrides: Partial<GcpNetworkProps> = {}) => synthJson((scope) => new GcpNetwork(scope, "network", { ...props, ...overrides }));

describe("GcpNetwork", () => {
  const json = synth();
  const subnet = onlyConfigOf(json, "google_compute_subnetwork");
  const firewalls = configsOf(json, "google_compute_firewall");
  const rule = (name: string) => firewalls.find((f) => f.name === name)!;

  it("adds one subnet for the region to the environment's VPC", () => {
    expect(subnet).toMatchObject({ region: "us-central1", ip_cidr_range: "10.50.0.0/20", network: vpc.vpcId, stack_type: "IPV4_ONLY" });
  });

  it("turns on Private Google Access", () => {
    expect(subnet.private_ip_google_access).toBe(true);
  });

  it("logs flows with all metadata", () => {
    expect(subnet.log_config).toEqual({ aggregation_interval: "INTERVAL_5_SEC", flow_sampling: 0.5, metadata: "INCLUDE_ALL_METADATA" });
  });

  it("gives the subnet Cloud NAT egress on a Cloud Router, logging errors", () => {
    const nat = onlyConfigOf(json, "google_compute_router_nat");
    expect(onlyConfigOf(json, "google_compute_router")).toMatchObject({ network: vpc.vpcId, region: "us-central1" });
    expect(nat).toMatchObject({
      router: ref(json, "google_compute_router", "network_router", "name"),
      nat_ip_allocate_option: "AUTO_ONLY",
      source_subnetwork_ip_ranges_to_nat: "LIST_OF_SUBNETWORKS",
      subnetwork: [{ name: ref(json, "google_compute_subnetwork", "network_subnet", "id"), source_ip_ranges_to_nat: ["ALL_IP_RANGES"] }],
      log_config: { enable: true, filter: "ERRORS_ONLY" },
    });
  });

  it("opens to the service only Postgres on the private services range, Redis in the subnet and HTTPS", () => {
    expect(firewalls).toHaveLength(3);
    for (const f of firewalls) {
      expect(f).toMatchObject({ direction: "EGRESS", target_tags: [NETWORK_TAGS.service], priority: TIER_RULE_PRIORITY, log_config: { metadata: "INCLUDE_ALL_METADATA" } });
      expect(f.source_ranges).toBeUndefined();
    }
    expect(rule("mockforge-prod-usc1-fw-svc-pg-out")).toMatchObject({ destination_ranges: ["10.60.0.0/16"], allow: [{ protocol: "tcp", ports: ["5432"] }] });
    expect(rule("mockforge-prod-usc1-fw-svc-redis-out")).toMatchObject({ destination_ranges: ["10.50.0.0/20"], allow: [{ protocol: "tcp", ports: ["6379", "26379"] }] });
    expect(rule("mockforge-prod-usc1-fw-svc-https-out")).toMatchObject({ destination_ranges: ["0.0.0.0/0"], allow: [{ protocol: "tcp", ports: ["443"] }] });
  });

  it("opens no ingress at all (the VPC denies it; Redis opens its own)", () => {
    expect(firewalls.filter((f) => f.direction === "INGRESS")).toEqual([]);
  });

  it.each<[string, Partial<GcpNetworkProps>, RegExp]>([
    ["a malformed range", { cidr: "10.50.0/20" }, /cidr "10.50.0\/20" is invalid/],
    ["a subnet too small for Direct VPC egress", { cidr: "10.50.0.0/26" }, /prefix \/26; use \/16 to \/24/],
    ["a flow sampling above 1", { flowLogSampling: 2 }, /flowLogSampling 2 is invalid/],
  ])("rejects %s", (_, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
