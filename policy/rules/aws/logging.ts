/** Access and audit logs: load balancers, CDN, WAF, buckets, VPCs; log retention. */
import { awsRule, blocksOf, bucketSettings, isTrue, LOAD_BALANCER_TYPES, logBucketRole, shown } from "./helpers";

export const albAccessLogs = awsRule({
  id: "MF-AWS-ALB-4",
  severity: "error",
  title: "Load balancers write access logs",
  fix: "Set access_logs { bucket, prefix, enabled = true } on the aws_lb (the bucket needs the ELB log-delivery policy and SSE-S3).",
  mirrors: ["CKV_AWS_91"],
  appliesTo: LOAD_BALANCER_TYPES,
  check: (lb) => {
    const logs = blocksOf(lb.config.access_logs)[0];
    if (!logs) return ["has no access_logs block"];
    if (!isTrue(logs.enabled)) return [`access_logs.enabled is ${shown(logs.enabled)} (the provider's default is false, even with a bucket)`];
    return logs.bucket ? [] : ["access_logs has no bucket"];
  },
});

export const cloudFrontLogs = awsRule({
  id: "MF-AWS-CF-4",
  severity: "error",
  title: "CloudFront writes access logs (logging_config, or standard logging v2 through CloudWatch log delivery)",
  fix: "Add an aws_cloudwatch_log_delivery_source (log_type ACCESS_LOGS, resource_arn = the distribution) with an aws_cloudwatch_log_delivery to a destination, or a logging_config block.",
  mirrors: ["CKV_AWS_86", "AVD-AWS-0010"],
  appliesTo: ["aws_cloudfront_distribution"],
  check: (distribution, ctx) => {
    if (blocksOf(distribution.config.logging_config).some((l) => l.bucket)) return [];
    const sources = ctx.referrers(distribution, "aws_cloudwatch_log_delivery_source", "resource_arn").filter((s) => s.config.log_type === "ACCESS_LOGS");
    if (sources.length === 0) return ["has neither logging_config nor an ACCESS_LOGS aws_cloudwatch_log_delivery_source"];
    const delivered = sources.some((source) =>
      ctx.resources("aws_cloudwatch_log_delivery").some((d) => ctx.refersTo(d.config.delivery_source_name, source) || d.config.delivery_source_name === source.config.name),
    );
    return delivered ? [] : [`log delivery source ${sources[0].address} is not delivered anywhere (no aws_cloudwatch_log_delivery uses it)`];
  },
});

export const wafLogging = awsRule({
  id: "MF-AWS-WAF-2",
  severity: "error",
  title: "Every web ACL logs its requests",
  fix: "Add an aws_wafv2_web_acl_logging_configuration with resource_arn = the web ACL and a log destination (a log group named aws-waf-logs-*).",
  mirrors: ["CKV2_AWS_31"],
  appliesTo: ["aws_wafv2_web_acl"],
  check: (acl, ctx) => (ctx.referrers(acl, "aws_wafv2_web_acl_logging_configuration", "resource_arn").length > 0 ? [] : ["has no aws_wafv2_web_acl_logging_configuration"]),
});

export const bucketAccessLogs = awsRule({
  id: "MF-AWS-S3-5",
  severity: "error",
  title: "Data buckets write S3 server access logs (log buckets themselves are exempt)",
  fix: "Add an aws_s3_bucket_logging with target_bucket = a log bucket (SSE-S3, with the logging.s3.amazonaws.com delivery policy).",
  mirrors: ["CKV_AWS_18", "AVD-AWS-0089"],
  appliesTo: ["aws_s3_bucket"],
  check: (bucket, ctx) => {
    if (logBucketRole(ctx, bucket)) return [];
    const logged = bucketSettings(ctx, bucket, "aws_s3_bucket_logging").length > 0 || blocksOf(bucket.config.logging).some((l) => l.target_bucket);
    return logged ? [] : ["has no server access logging (aws_s3_bucket_logging)"];
  },
});

export const logRetention = awsRule({
  id: "MF-AWS-LOGS-2",
  severity: "error",
  title: "CloudWatch log groups have a retention period (logs neither vanish early nor pile up forever)",
  fix: "Set retention_in_days to a CloudWatch Logs retention value (the environment file's logRetentionDays).",
  mirrors: ["CKV_AWS_66"],
  appliesTo: ["aws_cloudwatch_log_group"],
  check: ({ config }) => (Number(config.retention_in_days) > 0 ? [] : [`retention_in_days is ${shown(config.retention_in_days)}: logs are kept forever`]),
});

export const vpcFlowLogs = awsRule({
  id: "MF-AWS-VPC-4",
  severity: "error",
  title: "Every VPC has flow logs",
  fix: "Add an aws_flow_log with vpc_id = the VPC and traffic_type ALL (AwsNetwork does, to a KMS-encrypted log group).",
  mirrors: ["CKV2_AWS_11", "AVD-AWS-0178"],
  appliesTo: ["aws_vpc"],
  check: (vpc, ctx) => (ctx.referrers(vpc, "aws_flow_log", "vpc_id").length > 0 ? [] : ["has no aws_flow_log"]),
});

export const loggingRules = [albAccessLogs, cloudFrontLogs, wafLogging, bucketAccessLogs, logRetention, vpcFlowLogs];
