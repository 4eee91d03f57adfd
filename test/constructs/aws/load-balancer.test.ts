import { TerraformOutput } from "cdktf";
import { ALB_SSL_POLICY, AwsLoadBalancer, type AwsLoadBalancerProps } from "../../../constructs/aws/load-balancer";
import { configsOf, dataOf, onlyConfigOf, resourcesOf, synthJson, type SynthJson } from "../../support/synth";
import { AWS_NETWORK_2AZ } from "../../support/aws-network";

const network = AWS_NETWORK_2AZ;
const context = { cloud: "aws" as const, environment: "prod", region: "us-east-1", primary: true };
const baseProps: AwsLoadBalancerProps = {
  context,
  network,
  webAclArn: "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/x/y",
  domainNames: ["origin.api.mockforge.cloud"],
  dnsZoneName: "mockforge.cloud",
  healthCheckPath: "/health/ready",
  deregistrationDelaySeconds: 30,
  idleTimeoutSeconds: 60,
  deletionProtection: true,
  accessLogRetentionDays: 90,
};

function synth(overrides: Partial<AwsLoadBalancerProps> = {}): SynthJson {
  return synthJson((scope) => {
    const lb = new AwsLoadBalancer(scope, "lb", { ...baseProps, ...overrides });
    new TerraformOutput(scope, "dns_name", { value: lb.dnsName });
    new TerraformOutput(scope, "arn_suffix", { value: lb.arnSuffix });
    new TerraformOutput(scope, "target_group_arn_suffix", { value: lb.targetGroupArnSuffix });
  });
}
const refOf = (json: SynthJson, type: string, attr: string, fragment = "") => {
  const found = resourcesOf(json, type).filter(([id]) => id.includes(fragment));
  if (found.length !== 1) throw new Error(`expected one ${type} matching "${fragment}", found ${found.length}`);
  return `\${${type}.${found[0][0]}.${attr}}`;
};
const listener = (json: SynthJson, port: number) => configsOf(json, "aws_lb_listener").find((l) => l.port === port)!;

describe("AwsLoadBalancer", () => {
  const json = synth();
  const alb = onlyConfigOf(json, "aws_lb");

  it("is an internet-facing ALB in the public subnets behind the load balancer security group", () => {
    expect(alb.load_balancer_type).toBe("application");
    expect(alb.internal).toBe(false);
    expect(alb.subnets).toEqual(["subnet-pub-a", "subnet-pub-b"]);
    expect(alb.security_groups).toEqual(["sg-lb"]);
    expect(alb.name.length).toBeLessThanOrEqual(32);
  });

  it("drops invalid headers, uses strictest desync mitigation and HTTP/2", () => {
    expect(alb.drop_invalid_header_fields).toBe(true);
    expect(alb.desync_mitigation_mode).toBe("strictest");
    expect(alb.enable_http2).toBe(true);
    expect(alb.idle_timeout).toBe(60);
  });

  it("follows the deletionProtection prop", () => {
    expect(alb.enable_deletion_protection).toBe(true);
    expect(onlyConfigOf(synth({ deletionProtection: false }), "aws_lb").enable_deletion_protection).toBe(false);
  });

  it("writes access logs to a dedicated bucket once its policy allows it", () => {
    expect(alb.access_logs).toEqual({ bucket: refOf(json, "aws_s3_bucket", "bucket"), prefix: "alb", enabled: true });
    const [[policyId]] = resourcesOf(json, "aws_s3_bucket_policy");
    expect(alb.depends_on).toEqual([`aws_s3_bucket_policy.${policyId}`]);
  });

  it("keeps the access-log bucket private, SSE-S3 encrypted, versioned and owner-enforced", () => {
    const pab = onlyConfigOf(json, "aws_s3_bucket_public_access_block");
    expect(pab).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(onlyConfigOf(json, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    expect(onlyConfigOf(json, "aws_s3_bucket_versioning").versioning_configuration.status).toBe("Enabled");
    expect(onlyConfigOf(json, "aws_s3_bucket_ownership_controls").rule.object_ownership).toBe("BucketOwnerEnforced");
    expect(onlyConfigOf(json, "aws_s3_bucket").force_destroy).toBe(false);
  });

  it("expires access logs after accessLogRetentionDays", () => {
    const [rule] = onlyConfigOf(json, "aws_s3_bucket_lifecycle_configuration").rule;
    expect(rule.status).toBe("Enabled");
    expect(rule.expiration).toEqual([{ days: 90 }]);
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 1 }]);
  });

  it("denies non-TLS access and lets ELB log delivery write only under the log prefix", () => {
    const policy = JSON.parse(onlyConfigOf(json, "aws_s3_bucket_policy").policy);
    const deny = policy.Statement.find((s: any) => s.Effect === "Deny");
    expect(deny).toMatchObject({ Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    const delivery = policy.Statement.find((s: any) => s.Principal?.Service === "logdelivery.elasticloadbalancing.amazonaws.com");
    expect(delivery.Action).toBe("s3:PutObject");
    expect(delivery.Resource).toMatch(/\/alb\/AWSLogs\/\$\{data\.aws_caller_identity\..*\.account_id\}\/\*$/);
    // us-east-1 predates the service principal: its regional ELB account is allowed too.
    const legacy = policy.Statement.find((s: any) => s.Sid === "ElbLogDeliveryLegacyRegion");
    expect(legacy.Principal.AWS).toMatch(/:iam::127311923021:root$/);
    expect(legacy.Resource).toBe(delivery.Resource);
  });

  it("grants no legacy ELB account in regions launched after August 2022", () => {
    const newer = synth({ context: { ...context, region: "ap-south-2" } });
    const policy = JSON.parse(onlyConfigOf(newer, "aws_s3_bucket_policy").policy);
    expect(policy.Statement.map((s: any) => s.Sid)).toEqual(["DenyInsecureTransport", "ElbLogDelivery"]);
  });

  it("uses a given access-log bucket instead of creating one", () => {
    const given = synth({ accessLogBucketName: "central-alb-logs" });
    expect(configsOf(given, "aws_s3_bucket")).toEqual([]);
    expect(onlyConfigOf(given, "aws_lb").access_logs).toEqual({ bucket: "central-alb-logs", prefix: "alb", enabled: true });
  });

  it("terminates HTTPS on 443 with the TLS 1.3/1.2 policy and the validated certificate, forwarding to the target group", () => {
    const https = listener(json, 443);
    expect(https.protocol).toBe("HTTPS");
    expect(https.ssl_policy).toBe(ALB_SSL_POLICY);
    expect(ALB_SSL_POLICY).toBe("ELBSecurityPolicy-TLS13-1-2-2021-06");
    expect(https.certificate_arn).toBe(refOf(json, "aws_acm_certificate_validation", "certificate_arn"));
    expect(https.default_action).toEqual([{ type: "forward", target_group_arn: refOf(json, "aws_lb_target_group", "arn") }]);
  });

  it("redirects HTTP on 80 to HTTPS with a 301", () => {
    const http = listener(json, 80);
    expect(http.protocol).toBe("HTTP");
    expect(http.default_action).toEqual([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }]);
    expect(configsOf(json, "aws_lb_listener")).toHaveLength(2);
  });

  it("targets task IPs on the HTTP port with a readiness health check and the given drain time", () => {
    const tg = onlyConfigOf(json, "aws_lb_target_group");
    expect(tg).toMatchObject({ target_type: "ip", port: 3000, protocol: "HTTP", vpc_id: "vpc-1", deregistration_delay: "30" });
    expect(tg.health_check).toMatchObject({ enabled: true, path: "/health/ready", matcher: "200", protocol: "HTTP" });
    expect(tg.health_check.healthy_threshold).toBeGreaterThanOrEqual(2);
    expect(tg.health_check.unhealthy_threshold).toBeGreaterThanOrEqual(2);
    expect(tg.health_check.timeout).toBeLessThan(tg.health_check.interval);
  });

  it("validates an ACM certificate by DNS in the existing public zone, replacing it before destroying", () => {
    const [zone] = dataOf(json, "aws_route53_zone");
    expect(zone).toEqual({ name: "mockforge.cloud", private_zone: false });
    const cert = onlyConfigOf(json, "aws_acm_certificate");
    expect(cert.domain_name).toBe("origin.api.mockforge.cloud");
    expect(cert.validation_method).toBe("DNS");
    expect(cert.lifecycle).toEqual({ create_before_destroy: true });
    const record = configsOf(json, "aws_route53_record").find((r) => r.for_each !== undefined)!;
    expect(record.allow_overwrite).toBe(true);
    expect(record.for_each).toContain("domain_validation_options");
    expect(record.zone_id).toMatch(/^\$\{data\.aws_route53_zone\..*\.zone_id\}$/);
    const validation = onlyConfigOf(json, "aws_acm_certificate_validation");
    expect(validation.certificate_arn).toBe(refOf(json, "aws_acm_certificate", "arn"));
    expect(validation.validation_record_fqdns).toContain(".fqdn");
  });

  it("puts extra domain names on the certificate as SANs", () => {
    const multi = synth({ domainNames: ["origin.api.mockforge.cloud", "eu.api.mockforge.cloud"] });
    expect(onlyConfigOf(multi, "aws_acm_certificate").subject_alternative_names).toEqual(["eu.api.mockforge.cloud"]);
    expect(onlyConfigOf(json, "aws_acm_certificate").subject_alternative_names).toBeUndefined();
  });

  it("attaches the web ACL to the ALB", () => {
    expect(onlyConfigOf(json, "aws_wafv2_web_acl_association")).toEqual({
      resource_arn: refOf(json, "aws_lb", "arn"),
      web_acl_arn: baseProps.webAclArn,
    });
  });

  it("publishes a latency-routed alias for the main domain that leaves DNS when the region's health check fails", () => {
    const record = configsOf(json, "aws_route53_record").find((r) => r.set_identifier !== undefined)!;
    expect(record).toMatchObject({
      name: "origin.api.mockforge.cloud",
      type: "A",
      set_identifier: "us-east-1",
      latency_routing_policy: { region: "us-east-1" },
      health_check_id: refOf(json, "aws_route53_health_check", "id"),
      alias: { name: refOf(json, "aws_lb", "dns_name"), zone_id: refOf(json, "aws_lb", "zone_id"), evaluate_target_health: true },
    });
  });

  it("health-checks this region's ALB over HTTPS on the readiness path", () => {
    expect(onlyConfigOf(json, "aws_route53_health_check")).toMatchObject({
      type: "HTTPS",
      fqdn: refOf(json, "aws_lb", "dns_name"),
      port: 443,
      resource_path: "/health/ready",
      enable_sni: true,
      failure_threshold: 3,
      request_interval: 30,
    });
  });

  it("exposes the DNS name and the ARN suffixes alarms need", () => {
    expect(json.output?.dns_name.value).toBe(refOf(json, "aws_lb", "dns_name"));
    expect(json.output?.arn_suffix.value).toBe(refOf(json, "aws_lb", "arn_suffix"));
    expect(json.output?.target_group_arn_suffix.value).toBe(refOf(json, "aws_lb_target_group", "arn_suffix"));
  });

  describe("validation", () => {
    it("rejects an empty domain list", () => {
      expect(() => synth({ domainNames: [] })).toThrow(/domainNames is empty/);
    });
    it("rejects a domain outside the zone", () => {
      expect(() => synth({ domainNames: ["api.example.com"] })).toThrow(/"api\.example\.com" is outside dnsZoneName "mockforge\.cloud"/);
    });
    it("rejects a malformed domain", () => {
      expect(() => synth({ domainNames: ["Origin_API.mockforge.cloud"] })).toThrow(/"Origin_API\.mockforge\.cloud" is not a lower-case DNS name/);
    });
    it("rejects a relative health check path", () => {
      expect(() => synth({ healthCheckPath: "health" })).toThrow(/healthCheckPath "health" must start with "\/"/);
    });
    it.each([
      ["deregistrationDelaySeconds", 4000, /deregistrationDelaySeconds 4000 is invalid; use a whole number from 0 to 3600/],
      ["idleTimeoutSeconds", 0, /idleTimeoutSeconds 0 is invalid; use a whole number from 1 to 4000/],
      ["accessLogRetentionDays", 0, /accessLogRetentionDays 0 is invalid/],
    ])("rejects %s %p", (prop, value, message) => {
      expect(() => synth({ [prop]: value })).toThrow(message);
    });
  });
});
