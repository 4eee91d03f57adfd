import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { OCI_PROVIDER_VERSION_CONSTRAINT, snakeCase, toTerraformArguments } from "../../../constructs/oci/bindings/base";
import { CoreInstanceConfiguration } from "../../../constructs/oci/bindings/core-instance-configuration";
import { CoreVcn } from "../../../constructs/oci/bindings/core-vcn";
import { DataOciIdentityAvailabilityDomains } from "../../../constructs/oci/bindings/data-identity-availability-domains";
import { LoadBalancerLoadBalancer } from "../../../constructs/oci/bindings/load-balancer-load-balancer";
import { OciProvider } from "../../../constructs/oci/bindings/provider";
import { TaggingAspect } from "../../../constructs/core/tagging";
import { onlyConfigOf, synthStack } from "../../support/synth";

describe("OCI bindings plumbing", () => {
  it("converts camelCase to the provider's snake_case", () => {
    expect(snakeCase("compartmentId")).toBe("compartment_id");
    expect(snakeCase("isPvEncryptionInTransitEnabled")).toBe("is_pv_encryption_in_transit_enabled");
  });

  it("emits nested blocks as lists of objects, keeps map keys untouched, drops undefined", () => {
    expect(
      toTerraformArguments({
        shapeConfig: { ocpus: 1, memoryInGbs: 4 },
        loadBalancers: [{ loadBalancerId: "lb", backendSetName: "b" }],
        freeformTags: { "cost-center": "cc", camelKey: "kept" },
        metadata: { user_data: "x", "mockforge-image": "y" },
        subnetIds: ["a", "b"],
        description: undefined,
      }),
    ).toEqual({
      shape_config: [{ ocpus: 1, memory_in_gbs: 4 }],
      load_balancers: [{ load_balancer_id: "lb", backend_set_name: "b" }],
      freeform_tags: { "cost-center": "cc", camelKey: "kept" },
      metadata: { user_data: "x", "mockforge-image": "y" },
      subnet_ids: ["a", "b"],
    });
  });

  const app = Testing.app();
  const stack = new TerraformStack(app, "bindings");
  new OciProvider(stack, "oci", { region: "us-ashburn-1", tenancyOcid: "ocid1.tenancy.oc1..t" });
  new OciProvider(stack, "oci-fra", { region: "eu-frankfurt-1", alias: "fra" });
  const vcn = new CoreVcn(stack, "vcn", { compartmentId: "c", cidrBlocks: ["10.0.0.0/16"], displayName: "vcn", freeformTags: { Name: "mine" } });
  new CoreInstanceConfiguration(stack, "config", {
    compartmentId: "c",
    instanceDetails: { instanceType: "compute", launchDetails: { compartmentId: "c", shape: "VM.Standard.E5.Flex", metadata: { user_data: "eA==" } } },
  });
  const lb = new LoadBalancerLoadBalancer(stack, "lb", { compartmentId: "c", displayName: "lb", shape: "flexible", subnetIds: ["s"] });
  const ads = new DataOciIdentityAvailabilityDomains(stack, "ads", { compartmentId: "t" });
  new TerraformOutput(stack, "out", { value: [vcn.id, lb.ipAddress, ads.nameAt(1)] });
  TaggingAspect.apply(stack, { env: "test", service: "mockforge" }, "freeformTags");
  const json = synthStack(stack);

  it("pins the oracle/oci provider in required_providers", () => {
    expect((json.terraform as any).required_providers.oci).toEqual({ source: "oracle/oci", version: OCI_PROVIDER_VERSION_CONSTRAINT });
    expect(OCI_PROVIDER_VERSION_CONSTRAINT).toMatch(/^~> 7\.\d+$/);
  });

  it("writes provider blocks with region, tenancy and alias", () => {
    expect(json.provider?.oci).toEqual([{ region: "us-ashburn-1", tenancy_ocid: "ocid1.tenancy.oc1..t" }, { region: "eu-frankfurt-1", alias: "fra" }]);
  });

  it("emits snake_case resources with nested blocks and computed attributes as references", () => {
    expect(onlyConfigOf(json, "oci_core_vcn")).toMatchObject({ compartment_id: "c", cidr_blocks: ["10.0.0.0/16"], display_name: "vcn" });
    expect(onlyConfigOf(json, "oci_core_instance_configuration").instance_details).toEqual([
      { instance_type: "compute", launch_details: [{ compartment_id: "c", shape: "VM.Standard.E5.Flex", metadata: { user_data: "eA==" } }] },
    ]);
    expect((json.output as any).out.value).toEqual([
      "${oci_core_vcn.vcn.id}",
      "${oci_load_balancer_load_balancer.lb.ip_address_details[0].ip_address}",
      "${element(sort(data.oci_identity_availability_domains.ads.availability_domains[*].name), 1)}",
    ]);
  });

  it("takes the standard tags through the tagging aspect as freeform_tags, keeping a resource's own tags", () => {
    expect(onlyConfigOf(json, "oci_core_vcn").freeform_tags).toEqual({ env: "test", service: "mockforge", Name: "mine" });
    expect(onlyConfigOf(json, "oci_load_balancer_load_balancer").freeform_tags).toEqual({ env: "test", service: "mockforge" });
  });
});
