import { TerraformOutput } from "cdktf";
import { OciLoadBalancer, TLS12_CIPHERS, type OciLoadBalancerProps } from "../../../constructs/oci/load-balancer";
import { configsOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { COMPARTMENT_ID, configOf, network, primaryContext, ref } from "./fixtures";

const CERT = "ocid1.certificate.oc1.iad.amaaaaaatestcertificate00000000000000";
const baseProps: OciLoadBalancerProps = {
  context: primaryContext,
  compartmentId: COMPARTMENT_ID,
  network,
  certificateId: CERT,
  dnsZoneId: "ocid1.dns-zone.oc1..aaaaaaaatestzone000000000000000000",
  domainNames: ["us-ashburn-1.origin.api.mockforge.cloud"],
  dnsZoneName: "mockforge.cloud",
  healthCheckPath: "/health/ready",
  deregistrationDelaySeconds: 30,
  idleTimeoutSeconds: 60,
  deletionProtection: true,
  accessLogRetentionDays: 90,
  wafPolicyId: "ocid1.webappfirewallpolicy.oc1.iad.policy",
};

function synth(overrides: Partial<OciLoadBalancerProps> = {}): SynthJson {
  return synthJson((scope) => {
    const lb = new OciLoadBalancer(scope, "lb", { ...baseProps, ...overrides });
    new TerraformOutput(scope, "ip", { value: lb.ipAddress });
  });
}
const LB = "oci_load_balancer_load_balancer";
const listener = (json: SynthJson, name: string) => configsOf(json, "oci_load_balancer_listener").find((l) => l.name === name)!;

describe("OciLoadBalancer", () => {
  const json = synth();
  const lb = onlyConfigOf(json, LB);

  it("is a public flexible load balancer in the regional public subnet (nodes across fault domains) behind the LB NSG", () => {
    expect(lb.shape).toBe("flexible");
    expect(lb.shape_details).toEqual([{ minimum_bandwidth_in_mbps: 10, maximum_bandwidth_in_mbps: 100 }]);
    expect(lb.subnet_ids).toEqual([network.publicSubnetId]);
    expect(lb.is_private).toBe(false);
    expect(lb.network_security_group_ids).toEqual(["nsg-lb"]);
    expect(lb.is_request_id_enabled).toBe(true);
  });

  it("takes its bandwidth from the props", () => {
    const sized = onlyConfigOf(synth({ minimumBandwidthMbps: 100, maximumBandwidthMbps: 1000 }), LB);
    expect(sized.shape_details).toEqual([{ minimum_bandwidth_in_mbps: 100, maximum_bandwidth_in_mbps: 1000 }]);
  });

  it("follows the deletionProtection prop", () => {
    expect(lb.is_delete_protection_enabled).toBe(true);
    expect(onlyConfigOf(synth({ deletionProtection: false }), LB).is_delete_protection_enabled).toBe(false);
  });

  it("health-checks the backend set over HTTP on the service port at /health/ready", () => {
    const backendSet = onlyConfigOf(json, "oci_load_balancer_backend_set");
    expect(backendSet.name).toBe("mockforge-service");
    expect(backendSet.load_balancer_id).toBe(ref(json, LB, "lb"));
    expect(backendSet.health_checker).toEqual([
      { protocol: "HTTP", port: 3000, url_path: "/health/ready", return_code: 200, interval_ms: 10000, timeout_in_millis: 3000, retries: 3 },
    ]);
  });

  it("defines a TLS 1.2 cipher suite of ECDHE AEAD ciphers only", () => {
    const suite = onlyConfigOf(json, "oci_load_balancer_ssl_cipher_suite");
    expect(suite.ciphers).toEqual([...TLS12_CIPHERS]);
    for (const cipher of suite.ciphers as string[]) expect(cipher).toMatch(/^ECDHE-(ECDSA|RSA)-AES(128|256)-GCM-SHA(256|384)$/);
  });

  it("serves HTTPS on 443 with the certificate, TLSv1.2 and that cipher suite", () => {
    const https = listener(json, "https");
    expect(https.port).toBe(443);
    expect(https.default_backend_set_name).toBe(ref(json, "oci_load_balancer_backend_set", "lb", "name"));
    expect(https.ssl_configuration).toEqual([
      {
        certificate_ids: [CERT],
        cipher_suite_name: ref(json, "oci_load_balancer_ssl_cipher_suite", "lb", "name"),
        protocols: ["TLSv1.2"],
        server_order_preference: "ENABLED",
        verify_peer_certificate: false,
      },
    ]);
    expect(https.connection_configuration).toEqual([{ idle_timeout_in_seconds: "60" }]);
  });

  it("redirects HTTP on 80 to HTTPS with a 301 rule set", () => {
    const ruleSet = onlyConfigOf(json, "oci_load_balancer_rule_set");
    expect(ruleSet.items).toEqual([
      {
        action: "REDIRECT",
        conditions: [{ attribute_name: "PATH", attribute_value: "/", operator: "FORCE_LONGEST_PREFIX_MATCH" }],
        redirect_uri: [{ protocol: "HTTPS", port: 443, host: "{host}", path: "{path}", query: "{query}" }],
        response_code: 301,
      },
    ]);
    const http = listener(json, "http");
    expect(http.port).toBe(80);
    expect(http.rule_set_names).toEqual([ref(json, "oci_load_balancer_rule_set", "lb", "name")]);
    expect(http).not.toHaveProperty("ssl_configuration");
  });

  it("logs access and errors to OCI Logging with the retention rounded to OCI's steps", () => {
    const access = configOf(json, "oci_logging_log", "lb_access");
    const error = configOf(json, "oci_logging_log", "lb_error");
    for (const [log, category] of [
      [access, "access"],
      [error, "error"],
    ] as const) {
      expect(log).toMatchObject({ log_type: "SERVICE", is_enabled: true, retention_duration: 90 });
      expect(log.configuration[0].source).toEqual([{ source_type: "OCISERVICE", service: "loadbalancer", category, resource: ref(json, LB, "lb") }]);
    }
  });

  it("attaches the WAF policy to the load balancer and logs it", () => {
    expect(onlyConfigOf(json, "oci_waf_web_app_firewall")).toMatchObject({
      backend_type: "LOAD_BALANCER",
      load_balancer_id: ref(json, LB, "lb"),
      web_app_firewall_policy_id: baseProps.wafPolicyId,
    });
    const waf = configOf(json, "oci_logging_log", "lb_waf");
    expect(waf.configuration[0].source[0]).toMatchObject({ service: "waf", resource: ref(json, "oci_waf_web_app_firewall", "lb") });
  });

  it("points an A record for each domain name at the load balancer", () => {
    const record = onlyConfigOf(json, "oci_dns_rrset");
    expect(record).toMatchObject({ zone_name_or_id: baseProps.dnsZoneId, domain: "us-ashburn-1.origin.api.mockforge.cloud", rtype: "A" });
    expect(record.items).toEqual([
      { domain: "us-ashburn-1.origin.api.mockforge.cloud", rtype: "A", ttl: 60, rdata: ref(json, LB, "lb", "ip_address_details[0].ip_address") },
    ]);
  });

  it("rejects bad input naming the prop", () => {
    expect(() => synth({ certificateId: "arn:aws:acm:x" })).toThrow(/certificateId "arn:aws:acm:x" is not an OCI Certificates certificate OCID/);
    expect(() => synth({ domainNames: ["api.example.com"] })).toThrow(/domain name "api.example.com" is not inside dnsZoneName "mockforge.cloud"/);
    expect(() => synth({ minimumBandwidthMbps: 200, maximumBandwidthMbps: 100 })).toThrow(/maximumBandwidthMbps is 100; use minimumBandwidthMbps \(200\) to 8000/);
    expect(() => synth({ healthCheckPath: "health" })).toThrow(/healthCheckPath "health" must start with "\/"/);
  });
});
