import { OciWebAppAcceleration } from "../../../constructs/oci/cdn";
import { onlyConfigOf, synthJson } from "../../support/synth";
import { COMPARTMENT_ID, primaryContext, ref } from "./fixtures";

describe("OciWebAppAcceleration (OCI's stand-in for a CDN)", () => {
  const json = synthJson((scope) => {
    new OciWebAppAcceleration(scope, "acceleration", { context: primaryContext, compartmentId: COMPARTMENT_ID, loadBalancerId: "ocid1.loadbalancer.oc1.iad.lb" });
  });

  it("caches responses by their cache headers and gzips them", () => {
    const policy = onlyConfigOf(json, "oci_waa_web_app_acceleration_policy");
    expect(policy.response_caching_policy).toEqual([{ is_response_header_based_caching_enabled: true }]);
    expect(policy.response_compression_policy).toEqual([{ gzip_compression: [{ is_enabled: true }] }]);
  });

  it("applies the policy to the regional load balancer", () => {
    expect(onlyConfigOf(json, "oci_waa_web_app_acceleration")).toMatchObject({
      backend_type: "LOAD_BALANCER",
      load_balancer_id: "ocid1.loadbalancer.oc1.iad.lb",
      web_app_acceleration_policy_id: ref(json, "oci_waa_web_app_acceleration_policy", "acceleration"),
    });
  });
});
