/** Encryption at rest: databases, volumes, buckets, logs, topics, secrets, keys. */
import { awsRule, blocksOf, bucketSettings, isTrue, logBucketRole, shown } from "./helpers";

export const rdsStorageEncrypted = awsRule({
  id: "MF-AWS-RDS-1",
  severity: "error",
  title: "RDS storage is encrypted with a customer-managed KMS key",
  fix: "Set storage_encrypted = true and kms_key_id to the database's own KMS key (AwsPostgres does both).",
  mirrors: ["CKV_AWS_16", "AVD-AWS-0080", "AwsSolutions-RDS2"],
  appliesTo: ["aws_db_instance"],
  check: ({ config }) => {
    if (!isTrue(config.storage_encrypted)) return [`storage_encrypted is ${shown(config.storage_encrypted)}: the data, its backups and snapshots are stored unencrypted`];
    if (!config.kms_key_id) return ["storage is encrypted with the AWS-managed aws/rds key (no kms_key_id): its key policy and rotation are not under our control"];
    return [];
  },
});

export const rdsPerformanceInsightsEncrypted = awsRule({
  id: "MF-AWS-RDS-2",
  severity: "error",
  title: "Performance Insights data (which holds SQL text) is encrypted with a customer-managed KMS key",
  fix: "Set performance_insights_kms_key_id to the database's KMS key whenever performance_insights_enabled is true.",
  mirrors: ["CKV_AWS_354", "AVD-AWS-0078"],
  appliesTo: ["aws_db_instance"],
  check: ({ config }) =>
    isTrue(config.performance_insights_enabled) && !config.performance_insights_kms_key_id
      ? ["Performance Insights is on without performance_insights_kms_key_id: query samples are encrypted with the AWS-managed key only"]
      : [],
});

export const ebsVolumeEncrypted = awsRule({
  id: "MF-AWS-EBS-1",
  severity: "error",
  title: "EBS volumes (Redis data) are encrypted with a customer-managed KMS key",
  fix: "Set encrypted = true and kms_key_id on the aws_ebs_volume.",
  mirrors: ["CKV_AWS_3", "CKV_AWS_189", "AVD-AWS-0026", "AVD-AWS-0027"],
  appliesTo: ["aws_ebs_volume"],
  check: ({ config }) => {
    if (!isTrue(config.encrypted)) return [`encrypted is ${shown(config.encrypted)}: the volume and its snapshots are stored unencrypted`];
    if (!config.kms_key_id) return ["the volume is encrypted with the AWS-managed aws/ebs key (no kms_key_id)"];
    return [];
  },
});

export const instanceVolumesEncrypted = awsRule({
  id: "MF-AWS-EC2-1",
  severity: "error",
  title: "EC2 instance root and attached block devices are encrypted",
  fix: "Set root_block_device.encrypted = true (with kms_key_id) and encrypted = true on every ebs_block_device.",
  mirrors: ["CKV_AWS_8", "AVD-AWS-0131"],
  appliesTo: ["aws_instance"],
  check: ({ config }) => {
    const problems: string[] = [];
    const root = blocksOf(config.root_block_device)[0];
    if (!root || !isTrue(root.encrypted)) problems.push(`root_block_device.encrypted is ${shown(root?.encrypted)}: the root volume (OS, logs, swap) is unencrypted`);
    blocksOf(config.ebs_block_device).forEach((device, i) => {
      if (!isTrue(device.encrypted)) problems.push(`ebs_block_device[${i}] (${device.device_name ?? "?"}) is not encrypted`);
    });
    return problems;
  },
});

const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

export const bucketEncrypted = awsRule({
  id: "MF-AWS-S3-2",
  severity: "error",
  title: "S3 buckets have default encryption: SSE-KMS with a customer-managed key for data; SSE-S3 accepted only for log buckets",
  fix: "Add an aws_s3_bucket_server_side_encryption_configuration: sse_algorithm aws:kms with kms_master_key_id (data buckets), or AES256 for log buckets that AWS log delivery writes.",
  mirrors: ["CKV_AWS_19", "CKV_AWS_145", "AVD-AWS-0088", "AVD-AWS-0132"],
  appliesTo: ["aws_s3_bucket"],
  check: (bucket, ctx) => {
    const rules = [
      ...bucketSettings(ctx, bucket, "aws_s3_bucket_server_side_encryption_configuration").flatMap((c) => blocksOf(c.config.rule)),
      ...blocksOf(bucket.config.server_side_encryption_configuration).flatMap((c) => blocksOf(c.rule)),
    ];
    const defaults = rules.flatMap((r) => blocksOf(r.apply_server_side_encryption_by_default));
    if (defaults.length === 0) return ["has no default encryption configuration (aws_s3_bucket_server_side_encryption_configuration)"];
    const logRole = logBucketRole(ctx, bucket);
    const problems: string[] = [];
    for (const d of defaults) {
      if (KMS_ALGORITHMS.includes(d.sse_algorithm)) {
        if (!d.kms_master_key_id) problems.push("uses SSE-KMS with the AWS-managed aws/s3 key (no kms_master_key_id)");
      } else if (d.sse_algorithm === "AES256") {
        if (!logRole) problems.push("is a data bucket encrypted with SSE-S3 (AES256); data buckets use SSE-KMS with a customer-managed key");
      } else {
        problems.push(`has sse_algorithm ${shown(d.sse_algorithm)}; use aws:kms (or AES256 for a log bucket)`);
      }
    }
    return problems;
  },
});

export const logGroupEncrypted = awsRule({
  id: "MF-AWS-LOGS-1",
  severity: "error",
  title: "CloudWatch log groups are encrypted with a customer-managed KMS key",
  fix: "Set kms_key_id on the aws_cloudwatch_log_group to a key whose policy lets logs.<region>.amazonaws.com use it for this log group.",
  mirrors: ["CKV_AWS_158", "AVD-AWS-0017"],
  appliesTo: ["aws_cloudwatch_log_group"],
  check: ({ config }) => (config.kms_key_id ? [] : ["has no kms_key_id: logs (which can hold request data) are encrypted only with the service key"]),
});

export const topicEncrypted = awsRule({
  id: "MF-AWS-SNS-1",
  severity: "error",
  title: "SNS topics are encrypted with a customer-managed KMS key",
  fix: "Set kms_master_key_id on the aws_sns_topic to a customer-managed key that CloudWatch may use.",
  mirrors: ["CKV_AWS_26", "AVD-AWS-0095", "AVD-AWS-0136"],
  appliesTo: ["aws_sns_topic"],
  check: ({ config }) => {
    if (!config.kms_master_key_id) return ["has no kms_master_key_id: messages are stored unencrypted"];
    if (config.kms_master_key_id === "alias/aws/sns") return ["uses the AWS-managed alias/aws/sns key, which CloudWatch alarms cannot publish with and we cannot control"];
    return [];
  },
});

export const secretEncrypted = awsRule({
  id: "MF-AWS-SM-1",
  severity: "error",
  title: "Secrets Manager secrets are encrypted with a customer-managed KMS key",
  fix: "Set kms_key_id on the aws_secretsmanager_secret (AwsGeneratedSecret takes kmsKeyArn).",
  mirrors: ["CKV_AWS_149", "AVD-AWS-0098"],
  appliesTo: ["aws_secretsmanager_secret"],
  check: ({ config }) => (config.kms_key_id ? [] : ["has no kms_key_id: it is encrypted with the account's shared aws/secretsmanager key"]),
});

export const keyRotation = awsRule({
  id: "MF-AWS-KMS-1",
  severity: "error",
  title: "Customer-managed symmetric KMS keys rotate their key material yearly",
  fix: "Set enable_key_rotation = true on the aws_kms_key.",
  mirrors: ["CKV_AWS_7", "AVD-AWS-0065"],
  appliesTo: ["aws_kms_key"],
  check: ({ config }) => {
    const spec = config.customer_master_key_spec ?? config.key_spec ?? "SYMMETRIC_DEFAULT";
    // Asymmetric and HMAC keys cannot rotate automatically.
    if (spec !== "SYMMETRIC_DEFAULT") return [];
    return isTrue(config.enable_key_rotation) ? [] : [`enable_key_rotation is ${shown(config.enable_key_rotation)}`];
  },
});

export const encryptionRules = [
  rdsStorageEncrypted,
  rdsPerformanceInsightsEncrypted,
  ebsVolumeEncrypted,
  instanceVolumesEncrypted,
  bucketEncrypted,
  logGroupEncrypted,
  topicEncrypted,
  secretEncrypted,
  keyRotation,
];
