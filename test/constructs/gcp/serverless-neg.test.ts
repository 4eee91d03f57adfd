import { GcpServerlessNeg, type GcpServerlessNegProps } from "../../../constructs/gcp/serverless-neg";
import { onlyConfigOf, synthJson } from "../../support/synth";
import { primaryContext } from "./fixtures";

const props: GcpServerlessNegProps = {
  context: primaryContext,
  serviceName: "mockforge-prod-usc1-server",
  domainNames: ["api.mockforge.cloud"],
  dnsZoneName: "mockforge.cloud",
  healthCheckPath: "/health/ready",
  deregistrationDelaySeconds: 30,
  idleTimeoutSeconds: 60,
  deletionProtection: true,
  accessLogRetentionDays: 365,
};

describe("GcpServerlessNeg", () => {
  let neg!: GcpServerlessNeg;
  const json = synthJson((scope) => {
    neg = new GcpServerlessNeg(scope, "neg", props);
  });

  it("is a serverless NEG for the region's Cloud Run service", () => {
    expect(onlyConfigOf(json, "google_compute_region_network_endpoint_group")).toMatchObject({
      name: "mockforge-prod-usc1-server-neg",
      region: "us-central1",
      network_endpoint_type: "SERVERLESS",
      cloud_run: { service: "mockforge-prod-usc1-server" },
    });
  });

  it("answers to the public API name (the global load balancer's)", () => {
    expect(neg.dnsName).toBe("api.mockforge.cloud");
    expect(neg.serviceName).toBe("mockforge-prod-usc1-server");
  });

  it("rejects a name Cloud Run does not accept and an empty domain list", () => {
    expect(() => synthJson((scope) => new GcpServerlessNeg(scope, "neg", { ...props, serviceName: "Server" }))).toThrow(/serviceName "Server"/);
    expect(() => synthJson((scope) => new GcpServerlessNeg(scope, "neg", { ...props, domainNames: [] }))).toThrow(/domainNames is empty/);
  });
});
