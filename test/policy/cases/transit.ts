import { CloudfrontDistribution, type CloudfrontDistributionConfig } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { Lb, type LbConfig } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import type { Construct } from "constructs";
import { bucket } from "./buckets";
import { KEY_ARN, type RuleCase } from "./types";

const postgres = (parameters: Record<string, string> | undefined, family = "postgres16") => (scope: Construct) => {
  const group = parameters
    ? new DbParameterGroup(scope, "params", { name: "test", family, parameter: Object.entries(parameters).map(([name, value]) => ({ name, value })) })
    : undefined;
  new DbInstance(scope, "db", { instanceClass: "db.t4g.micro", engine: family.startsWith("postgres") ? "postgres" : "mysql", storageEncrypted: true, kmsKeyId: KEY_ARN, parameterGroupName: group?.name });
};

const LB: LbConfig = { name: "test", loadBalancerType: "application", internal: false, dropInvalidHeaderFields: true };
const alb = (overrides: Partial<LbConfig> = {}) => (scope: Construct) => new Lb(scope, "alb", { ...LB, ...overrides });

/** An ALB with an HTTPS listener (ssl_policy) and an HTTP listener (default action). */
const listeners =
  (options: { sslPolicy?: string; httpAction?: "redirect" | "forward"; httpRuleAction?: "redirect" | "forward" }) => (scope: Construct) => {
    const lb = new Lb(scope, "alb", LB);
    new LbListener(scope, "https", {
      loadBalancerArn: lb.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: options.sslPolicy,
      certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/c",
      defaultAction: [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/t/1" }],
    });
    const redirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
    const forward = { type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/t/1" };
    const http = new LbListener(scope, "http", { loadBalancerArn: lb.arn, port: 80, protocol: "HTTP", defaultAction: [options.httpAction === "forward" ? forward : redirect] });
    if (options.httpRuleAction) {
      new LbListenerRule(scope, "http-rule", {
        listenerArn: http.arn,
        action: [options.httpRuleAction === "forward" ? forward : redirect],
        condition: [{ pathPattern: { values: ["/api/*"] } }],
      });
    }
  };

const CDN: CloudfrontDistributionConfig = {
  enabled: true,
  origin: [
    {
      domainName: "origin.api.example.com",
      originId: "api",
      customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
    },
  ],
  defaultCacheBehavior: { allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], targetOriginId: "api", viewerProtocolPolicy: "redirect-to-https" },
  orderedCacheBehavior: [
    { pathPattern: "/assets/*", allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], targetOriginId: "api", viewerProtocolPolicy: "https-only" },
  ],
  restrictions: { geoRestriction: { restrictionType: "none" } },
  viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/c", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
  webAclId: "arn:aws:wafv2:us-east-1:111122223333:global/webacl/w/1",
};
const cdn = (overrides: Partial<CloudfrontDistributionConfig> = {}) => (scope: Construct) => new CloudfrontDistribution(scope, "cdn", { ...CDN, ...overrides });

export const transitCases: RuleCase[] = [
  {
    rule: "MF-AWS-RDS-3",
    variant: "default parameter group",
    bad: postgres(undefined),
    message: /default parameter group, which does not force TLS/,
    good: postgres({ "rds.force_ssl": "1", ssl_min_protocol_version: "TLSv1.2" }),
  },
  {
    rule: "MF-AWS-RDS-3",
    variant: "rds.force_ssl off",
    bad: postgres({ "rds.force_ssl": "0" }),
    message: /sets rds.force_ssl to "0", not 1/,
    good: postgres({ "rds.force_ssl": "1" }),
  },
  {
    rule: "MF-AWS-RDS-3",
    variant: "old TLS minimum",
    bad: postgres({ "rds.force_ssl": "1", ssl_min_protocol_version: "TLSv1.1" }),
    message: /ssl_min_protocol_version to TLSv1.1/,
    good: postgres({ "rds.force_ssl": "1", ssl_min_protocol_version: "TLSv1.3" }),
  },
  {
    rule: "MF-AWS-RDS-3",
    variant: "MySQL require_secure_transport",
    bad: postgres({ require_secure_transport: "0" }, "mysql8.0"),
    message: /require_secure_transport to "0", not 1/,
    good: postgres({ require_secure_transport: "1" }, "mysql8.0"),
  },
  {
    rule: "MF-AWS-ALB-1",
    bad: alb({ dropInvalidHeaderFields: false }),
    message: /drop_invalid_header_fields is false/,
    good: (s) => {
      alb()(s);
      // Network load balancers have no HTTP headers to drop.
      new Lb(s, "nlb", { name: "nlb", loadBalancerType: "network" });
    },
  },
  {
    rule: "MF-AWS-ALB-2",
    variant: "TLS 1.0 policy",
    bad: listeners({ sslPolicy: "ELBSecurityPolicy-2016-08" }),
    message: /ssl_policy ELBSecurityPolicy-2016-08 accepts protocols older than TLS 1.2/,
    good: listeners({ sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }),
  },
  {
    rule: "MF-AWS-ALB-2",
    variant: "no policy",
    bad: listeners({}),
    message: /has no ssl_policy/,
    good: listeners({ sslPolicy: "ELBSecurityPolicy-TLS-1-2-Ext-2018-06" }),
  },
  {
    rule: "MF-AWS-ALB-3",
    variant: "HTTP listener forwards",
    bad: listeners({ sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", httpAction: "forward" }),
    message: /HTTP listener on port 80 has a "forward" action/,
    good: listeners({ sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", httpAction: "redirect" }),
  },
  {
    rule: "MF-AWS-ALB-3",
    variant: "rule on the HTTP listener forwards",
    bad: listeners({ sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", httpRuleAction: "forward" }),
    message: /rule of the HTTP listener has a "forward" action/,
    good: listeners({ sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", httpRuleAction: "redirect" }),
  },
  {
    rule: "MF-AWS-CF-1",
    variant: "old policy",
    bad: cdn({ viewerCertificate: { ...CDN.viewerCertificate, minimumProtocolVersion: "TLSv1.2_2019" } }),
    message: /minimum_protocol_version is "TLSv1.2_2019"/,
    good: cdn(),
  },
  {
    rule: "MF-AWS-CF-1",
    variant: "default certificate",
    bad: cdn({ viewerCertificate: { cloudfrontDefaultCertificate: true } }),
    message: /default \*\.cloudfront\.net certificate/,
    good: cdn(),
  },
  {
    rule: "MF-AWS-CF-2",
    bad: cdn({ defaultCacheBehavior: { ...CDN.defaultCacheBehavior, viewerProtocolPolicy: "allow-all" } }),
    message: /default_cache_behavior has viewer_protocol_policy "allow-all"/,
    good: cdn(),
  },
  {
    rule: "MF-AWS-CF-3",
    bad: cdn({
      origin: [{ domainName: "origin.api.example.com", originId: "api", customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "match-viewer", originSslProtocols: ["TLSv1", "TLSv1.2"] } }],
    }),
    message: /origin api has origin_protocol_policy "match-viewer"/,
    good: cdn(),
  },
  {
    rule: "MF-AWS-S3-4",
    variant: "no bucket policy",
    bad: (s) => bucket(s, "data", { tlsPolicy: "none" }),
    message: /has no bucket policy, so plain-HTTP requests are not refused/,
    good: (s) => bucket(s, "data"),
  },
  {
    rule: "MF-AWS-S3-4",
    variant: "policy without the TLS deny",
    bad: (s) => bucket(s, "data", { tlsPolicy: "allow-only" }),
    message: /does not deny requests with aws:SecureTransport = false/,
    good: (s) => bucket(s, "data", { tlsPolicy: "deny-insecure" }),
  },
];
