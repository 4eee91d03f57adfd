import { AwsCdn, API_CONTENT_SECURITY_POLICY, CLOUDFRONT_REGION, FAILOVER_STATUS_CODES, type AwsCdnProps } from "../../../constructs/aws/cdn";
import { configsOf, dataOf, onlyConfigOf, resourcesOf, synthJson, type SynthJson } from "../../support/synth";

const context = { cloud: "aws" as const, environment: "prod", region: "us-east-1", primary: true };
const webAclArn = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/mockforge-prod-edge/0123abcd";
const baseProps: AwsCdnProps = {
  context,
  domainName: "api.mockforge.cloud",
  dnsZoneName: "mockforge.cloud",
  apiOriginDomain: "origin.api.mockforge.cloud",
  assetsPathPattern: "/assets/*",
  logRetentionDays: 365,
  webAclArn,
  assetsBucketRegionalDomainName: "mockforge-prod-use1-assets-111122223333.s3.us-east-1.amazonaws.com",
};
const failoverDomain = "mockforge-prod-euw1-assets-replica-111122223333.s3.eu-west-1.amazonaws.com";

function synth(overrides: Partial<AwsCdnProps> = {}): SynthJson {
  return synthJson((scope) => {
    new AwsCdn(scope, "cdn", { ...baseProps, ...overrides });
  });
}
const idOf = (json: SynthJson, type: string, prefix = "") => resourcesOf(json, type).find(([id]) => id.startsWith(prefix))![0];
const dataIdOf = (json: SynthJson, type: string, prefix: string) => Object.keys(json.data?.[type] ?? {}).find((id) => id.startsWith(prefix))!;

describe("AwsCdn", () => {
  const json = synth();
  const distribution = onlyConfigOf(json, "aws_cloudfront_distribution");
  const defaultBehavior = distribution.default_cache_behavior;
  const assetsBehavior = distribution.ordered_cache_behavior[0];
  const headersPolicyId = `\${aws_cloudfront_response_headers_policy.${idOf(json, "aws_cloudfront_response_headers_policy")}.id}`;

  it("serves the API domain with a validated ACM certificate from us-east-1, TLS 1.2+ (TLSv1.2_2021), SNI only", () => {
    expect(distribution.aliases).toEqual(["api.mockforge.cloud"]);
    expect(distribution.viewer_certificate).toEqual({
      acm_certificate_arn: `\${aws_acm_certificate_validation.${idOf(json, "aws_acm_certificate_validation")}.certificate_arn}`,
      ssl_support_method: "sni-only",
      minimum_protocol_version: "TLSv1.2_2021",
    });
    const certificate = onlyConfigOf(json, "aws_acm_certificate");
    expect(certificate).toMatchObject({ domain_name: "api.mockforge.cloud", validation_method: "DNS", region: CLOUDFRONT_REGION });
    expect(certificate.lifecycle).toEqual({ create_before_destroy: true });
    expect(CLOUDFRONT_REGION).toBe("us-east-1");
  });

  it("validates the certificate with DNS records in the existing public zone", () => {
    const zone = dataOf(json, "aws_route53_zone")[0];
    expect(zone).toMatchObject({ name: "mockforge.cloud", private_zone: false });
    const zoneRef = `\${data.aws_route53_zone.${dataIdOf(json, "aws_route53_zone", "cdn_zone")}.zone_id}`;
    const record = resourcesOf(json, "aws_route53_record").find(([id]) => id.startsWith("cdn_certificate-validation-record"))![1];
    expect(record.zone_id).toBe(zoneRef);
    expect(record.for_each).toMatch(/domain_validation_options/);
    expect(onlyConfigOf(json, "aws_acm_certificate_validation").validation_record_fqdns).toMatch(/fqdn/);
  });

  it("attaches the WAF web ACL", () => {
    expect(distribution.web_acl_id).toBe(webAclArn);
  });

  it("sends API traffic, uncached, over HTTPS (TLS 1.2) to the load balancers with every method and viewer header but Host", () => {
    const api = distribution.origin.find((o: any) => o.origin_id === "api");
    expect(api.domain_name).toBe("origin.api.mockforge.cloud");
    expect(api.custom_origin_config).toMatchObject({ origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"], https_port: 443 });
    expect(defaultBehavior.target_origin_id).toBe("api");
    expect(defaultBehavior.viewer_protocol_policy).toBe("redirect-to-https");
    expect(defaultBehavior.allowed_methods).toEqual(expect.arrayContaining(["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]));
    expect(defaultBehavior.compress).toBe(true);
    expect(defaultBehavior.cache_policy_id).toBe(`\${data.aws_cloudfront_cache_policy.${dataIdOf(json, "aws_cloudfront_cache_policy", "cdn_caching-disabled")}.id}`);
    expect(defaultBehavior.origin_request_policy_id).toBe(
      `\${data.aws_cloudfront_origin_request_policy.${dataIdOf(json, "aws_cloudfront_origin_request_policy", "cdn_all-viewer-except-host")}.id}`,
    );
    const names = dataOf(json, "aws_cloudfront_cache_policy").map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(["Managed-CachingDisabled", "Managed-CachingOptimized"]));
    expect(dataOf(json, "aws_cloudfront_origin_request_policy")[0].name).toBe("Managed-AllViewerExceptHostHeader");
  });

  it("serves assets from S3 through origin access control (SigV4, always signed), cached, read-only methods", () => {
    const oac = onlyConfigOf(json, "aws_cloudfront_origin_access_control");
    expect(oac).toMatchObject({ origin_access_control_origin_type: "s3", signing_behavior: "always", signing_protocol: "sigv4" });
    const assets = distribution.origin.find((o: any) => o.origin_id === "assets");
    expect(assets.domain_name).toBe(baseProps.assetsBucketRegionalDomainName);
    expect(assets.origin_access_control_id).toBe(`\${aws_cloudfront_origin_access_control.${idOf(json, "aws_cloudfront_origin_access_control")}.id}`);
    expect(assets.custom_origin_config).toBeUndefined();
    expect(assetsBehavior).toMatchObject({
      path_pattern: "/assets/*",
      target_origin_id: "assets",
      viewer_protocol_policy: "redirect-to-https",
      allowed_methods: ["GET", "HEAD", "OPTIONS"],
      compress: true,
    });
    expect(assetsBehavior.cache_policy_id).toBe(`\${data.aws_cloudfront_cache_policy.${dataIdOf(json, "aws_cloudfront_cache_policy", "cdn_caching-optimized")}.id}`);
    expect(distribution.origin_group).toBeUndefined();
  });

  it("adds security headers (HSTS 2 years with preload, nosniff, DENY framing, referrer policy, CSP) to every response", () => {
    const headers = onlyConfigOf(json, "aws_cloudfront_response_headers_policy").security_headers_config;
    expect(headers.strict_transport_security).toEqual({ access_control_max_age_sec: 63072000, include_subdomains: true, preload: true, override: true });
    expect(headers.content_type_options).toEqual({ override: true });
    expect(headers.frame_options).toEqual({ frame_option: "DENY", override: true });
    expect(headers.referrer_policy).toEqual({ referrer_policy: "strict-origin-when-cross-origin", override: true });
    expect(headers.content_security_policy).toEqual({ content_security_policy: API_CONTENT_SECURITY_POLICY, override: true });
    expect(API_CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(defaultBehavior.response_headers_policy_id).toBe(headersPolicyId);
    expect(assetsBehavior.response_headers_policy_id).toBe(headersPolicyId);
  });

  it("uses HTTP/2 and 3, IPv6, all edge locations and no geo restriction", () => {
    expect(distribution).toMatchObject({ enabled: true, http_version: "http2and3", is_ipv6_enabled: true, price_class: "PriceClass_All" });
    expect(distribution.restrictions).toEqual({ geo_restriction: { restriction_type: "none" } });
    expect(onlyConfigOf(synth({ priceClass: "PriceClass_100" }), "aws_cloudfront_distribution").price_class).toBe("PriceClass_100");
  });

  it("delivers access logs (standard logging v2, from us-east-1) to a hardened log bucket that expires them", () => {
    const source = onlyConfigOf(json, "aws_cloudwatch_log_delivery_source");
    expect(source).toMatchObject({ log_type: "ACCESS_LOGS", region: CLOUDFRONT_REGION });
    expect(source.resource_arn).toBe(`\${aws_cloudfront_distribution.${idOf(json, "aws_cloudfront_distribution")}.arn}`);
    const logBucketId = idOf(json, "aws_s3_bucket", "cdn_log-bucket");
    const destination = onlyConfigOf(json, "aws_cloudwatch_log_delivery_destination");
    expect(destination.delivery_destination_configuration).toEqual([{ destination_resource_arn: `\${aws_s3_bucket.${logBucketId}.arn}` }]);
    const delivery = onlyConfigOf(json, "aws_cloudwatch_log_delivery");
    expect(delivery.delivery_destination_arn).toBe(`\${aws_cloudwatch_log_delivery_destination.${idOf(json, "aws_cloudwatch_log_delivery_destination")}.arn}`);
    expect(delivery.depends_on).toEqual([`aws_s3_bucket_policy.${idOf(json, "aws_s3_bucket_policy")}`]);

    expect(onlyConfigOf(json, "aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
    expect(onlyConfigOf(json, "aws_s3_bucket_ownership_controls").rule.object_ownership).toBe("BucketOwnerEnforced");
    expect(onlyConfigOf(json, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe("AES256");
    const expiry = onlyConfigOf(json, "aws_s3_bucket_lifecycle_configuration").rule.find((r: any) => r.id === "expire-cdn-logs");
    expect(expiry.expiration).toEqual([{ days: 365 }]);
    const statements = JSON.parse(onlyConfigOf(json, "aws_s3_bucket_policy").policy).Statement;
    expect(statements.find((s: any) => s.Sid === "DenyInsecureTransport")).toBeDefined();
    const write = statements.find((s: any) => s.Sid === "AWSLogDeliveryWrite");
    expect(write).toMatchObject({ Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "s3:PutObject" });
    expect(write.Condition.ArnLike["aws:SourceArn"]).toMatch(/^arn:aws:logs:us-east-1:.+:delivery-source:\*$/);
    expect(write.Condition.StringEquals["s3:x-amz-acl"]).toBe("bucket-owner-full-control");
  });

  it("points A and AAAA alias records for the domain at the distribution", () => {
    const aliases = configsOf(json, "aws_route53_record").filter((r) => r.alias);
    expect(aliases.map((r) => r.type).sort()).toEqual(["A", "AAAA"]);
    const distributionId = idOf(json, "aws_cloudfront_distribution");
    for (const r of aliases) {
      expect(r.name).toBe("api.mockforge.cloud");
      expect(r.alias).toEqual({
        name: `\${aws_cloudfront_distribution.${distributionId}.domain_name}`,
        zone_id: `\${aws_cloudfront_distribution.${distributionId}.hosted_zone_id}`,
        evaluate_target_health: false,
      });
    }
  });

  it("fails assets over to a replica bucket through an origin group", () => {
    const withFailover = onlyConfigOf(synth({ failoverAssetsBucketRegionalDomainName: failoverDomain }), "aws_cloudfront_distribution");
    const failover = withFailover.origin.find((o: any) => o.origin_id === "assets-failover");
    expect(failover.domain_name).toBe(failoverDomain);
    expect(failover.origin_access_control_id).toMatch(/aws_cloudfront_origin_access_control/);
    expect(withFailover.origin_group).toEqual([
      {
        origin_id: "assets-group",
        failover_criteria: { status_codes: FAILOVER_STATUS_CODES },
        member: [{ origin_id: "assets" }, { origin_id: "assets-failover" }],
      },
    ]);
    expect(FAILOVER_STATUS_CODES).toEqual([403, 404, 500, 502, 503, 504]);
    expect(withFailover.ordered_cache_behavior[0].target_origin_id).toBe("assets-group");
  });
});

describe("AwsCdn validation", () => {
  it.each<[string, Partial<AwsCdnProps>, RegExp]>([
    ["a domain outside the zone", { domainName: "api.example.com" }, /domainName "api.example.com" must be a lower-case host name inside dnsZoneName "mockforge.cloud"/],
    ["a catch-all assets pattern", { assetsPathPattern: "/*" }, /assetsPathPattern "\/\*" must be a CloudFront path pattern narrower/],
    ["an origin equal to the public name", { apiOriginDomain: "api.mockforge.cloud" }, /apiOriginDomain equals domainName/],
    ["a regional web ACL", { webAclArn: "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/x/1" }, /is not a CLOUDFRONT-scope WAFv2 web ACL ARN/],
    ["zero log retention", { logRetentionDays: 0 }, /logRetentionDays is 0/],
    ["an unknown price class", { priceClass: "PriceClass_300" as any }, /priceClass "PriceClass_300"/],
  ])("rejects %s", (_, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
