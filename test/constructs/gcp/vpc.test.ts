import { DENY_ALL_PRIORITY, GcpVpc, type GcpVpcProps } from "../../../constructs/gcp/vpc";
import { configsOf, onlyConfigOf, synthJson } from "../../support/synth";
import { ref } from "./fixtures";

const props: GcpVpcProps = { environment: "prod", projectId: "mockforge-prod", privateServicesCidr: "10.60.0.0/16" };
const synth = (overrides: Partial<GcpVpcProps> = {}) => synthJson((scope) => new GcpVpc(scope, "vpc", { ...props, ...overrides }));

describe("GcpVpc", () => {
  const json = synth();
  const firewalls = configsOf(json, "google_compute_firewall");

  it("is a custom-mode VPC with global routing", () => {
    expect(onlyConfigOf(json, "google_compute_network")).toMatchObject({ name: "mockforge-prod-vpc", auto_create_subnetworks: false, routing_mode: "GLOBAL" });
  });

  it("reserves the private services access range for Cloud SQL and peers it with service networking", () => {
    const range = onlyConfigOf(json, "google_compute_global_address");
    expect(range).toMatchObject({ purpose: "VPC_PEERING", address_type: "INTERNAL", address: "10.60.0.0", prefix_length: 16 });
    expect(range.network).toBe(ref(json, "google_compute_network", "vpc_network", "id"));
    expect(onlyConfigOf(json, "google_service_networking_connection")).toMatchObject({
      service: "servicenetworking.googleapis.com",
      reserved_peering_ranges: [ref(json, "google_compute_global_address", "vpc_private-services-range", "name")],
    });
  });

  it("denies all ingress and all egress by default, logged, below every allow rule", () => {
    const ingress = firewalls.find((f) => f.direction === "INGRESS")!;
    const egress = firewalls.find((f) => f.direction === "EGRESS")!;
    for (const rule of [ingress, egress]) {
      expect(rule).toMatchObject({ priority: DENY_ALL_PRIORITY, deny: [{ protocol: "all" }], log_config: { metadata: "INCLUDE_ALL_METADATA" } });
      expect(rule.allow).toBeUndefined();
    }
    expect(ingress.source_ranges).toEqual(["0.0.0.0/0"]);
    expect(egress.destination_ranges).toEqual(["0.0.0.0/0"]);
    expect(DENY_ALL_PRIORITY).toBe(65534);
  });

  it("names everything so regions can reference it without a cross-stack reference", () => {
    expect(GcpVpc.refFor("mockforge-prod", "prod", "10.60.0.0/16")).toEqual({
      vpcId: "projects/mockforge-prod/global/networks/mockforge-prod-vpc",
      vpcName: "mockforge-prod-vpc",
      privateServicesCidr: "10.60.0.0/16",
      privateServicesRangeName: "mockforge-prod-private-services",
    });
    expect(onlyConfigOf(json, "google_compute_global_address").name).toBe("mockforge-prod-private-services");
  });

  it("rejects a private services range Cloud SQL cannot use", () => {
    expect(() => synth({ privateServicesCidr: "10.60.0.0/26" })).toThrow(/privateServicesCidr "10.60.0.0\/26" has prefix \/26; use \/16 to \/24/);
    expect(() => synth({ privateServicesCidr: "10.60.0.1/16" })).toThrow(/host bits are set/);
  });
});
