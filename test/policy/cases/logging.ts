import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudwatchLogDelivery } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery";
import { CloudwatchLogDeliveryDestination } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination";
import { CloudwatchLogDeliverySource } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-source";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import type { Construct } from "constructs";
import { bucket, loggedDataBucket } from "./buckets";
import { KEY_ARN, type RuleCase } from "./types";

const cdn = (logging: "none" | "legacy" | "v2" | "v2-undelivered") => (scope: Construct) => {
  const logs = bucket(scope, "cdn-logs", { sse: "s3" });
  const distribution = new CloudfrontDistribution(scope, "cdn", {
    enabled: true,
    origin: [{ domainName: "origin.example.com", originId: "api", customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] } }],
    defaultCacheBehavior: { allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], targetOriginId: "api", viewerProtocolPolicy: "redirect-to-https" },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/c", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
    loggingConfig: logging === "legacy" ? { bucket: logs.bucketDomainName } : undefined,
  });
  if (logging === "v2" || logging === "v2-undelivered") {
    const source = new CloudwatchLogDeliverySource(scope, "source", { name: "cdn-access", logType: "ACCESS_LOGS", resourceArn: distribution.arn });
    const destination = new CloudwatchLogDeliveryDestination(scope, "destination", { name: "cdn-s3", deliveryDestinationConfiguration: [{ destinationResourceArn: logs.arn }] });
    if (logging === "v2") new CloudwatchLogDelivery(scope, "delivery", { deliverySourceName: source.name, deliveryDestinationArn: destination.arn });
  }
};

const webAcl = (scope: Construct) =>
  new Wafv2WebAcl(scope, "acl", {
    name: "test",
    scope: "REGIONAL",
    defaultAction: { allow: {} },
    visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "test", sampledRequestsEnabled: true },
  });

export const loggingCases: RuleCase[] = [
  {
    rule: "MF-AWS-ALB-4",
    variant: "no access_logs",
    bad: (s) => new Lb(s, "alb", { name: "alb" }),
    message: /has no access_logs block/,
    good: (s) => new Lb(s, "alb", { name: "alb", accessLogs: { bucket: "mockforge-test-alb-logs", enabled: true } }),
  },
  {
    rule: "MF-AWS-ALB-4",
    variant: "access_logs not enabled",
    bad: (s) => new Lb(s, "alb", { name: "alb", accessLogs: { bucket: "mockforge-test-alb-logs" } }),
    message: /access_logs.enabled is not set \(the provider's default is false/,
    good: (s) => new Lb(s, "alb", { name: "alb", accessLogs: { bucket: "mockforge-test-alb-logs", enabled: true } }),
  },
  { rule: "MF-AWS-CF-4", variant: "no logging", bad: cdn("none"), message: /has neither logging_config nor an ACCESS_LOGS aws_cloudwatch_log_delivery_source/, good: cdn("v2") },
  { rule: "MF-AWS-CF-4", variant: "v2 source never delivered", bad: cdn("v2-undelivered"), message: /is not delivered anywhere/, good: cdn("legacy") },
  {
    rule: "MF-AWS-WAF-2",
    bad: webAcl,
    message: /has no aws_wafv2_web_acl_logging_configuration/,
    good: (s) => {
      const acl = webAcl(s);
      const logs = new CloudwatchLogGroup(s, "waf-logs", { name: "aws-waf-logs-test", retentionInDays: 30, kmsKeyId: KEY_ARN });
      new Wafv2WebAclLoggingConfiguration(s, "logging", { resourceArn: acl.arn, logDestinationConfigs: [logs.arn] });
    },
  },
  {
    rule: "MF-AWS-S3-5",
    bad: (s) => bucket(s, "data"),
    message: /has no server access logging/,
    // The data bucket logs to the log bucket; the log bucket itself is exempt.
    good: (s) => loggedDataBucket(s),
  },
  {
    rule: "MF-AWS-LOGS-2",
    bad: (s) => new CloudwatchLogGroup(s, "logs", { name: "/test", kmsKeyId: KEY_ARN }),
    message: /retention_in_days is not set: logs are kept forever/,
    good: (s) => new CloudwatchLogGroup(s, "logs", { name: "/test", kmsKeyId: KEY_ARN, retentionInDays: 90 }),
  },
  {
    rule: "MF-AWS-VPC-4",
    bad: (s) => new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" }),
    message: /has no aws_flow_log/,
    good: (s) => {
      const vpc = new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
      new FlowLog(s, "flow-log", { vpcId: vpc.id, trafficType: "ALL", logDestination: "arn:aws:logs:us-east-1:111122223333:log-group:/flow" });
    },
  },
];
