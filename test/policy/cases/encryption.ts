import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance, type DbInstanceConfig } from "@cdktf/provider-aws/lib/db-instance";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { Instance, type InstanceConfig } from "@cdktf/provider-aws/lib/instance";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import type { Construct } from "constructs";
import { bucket, loggedDataBucket } from "./buckets";
import { KEY_ARN, type RuleCase } from "./types";

const DB: DbInstanceConfig = {
  identifier: "mockforge-test-postgres",
  instanceClass: "db.t4g.micro",
  engine: "postgres",
  storageEncrypted: true,
  kmsKeyId: KEY_ARN,
  performanceInsightsEnabled: true,
  performanceInsightsKmsKeyId: KEY_ARN,
};
const db = (overrides: Partial<DbInstanceConfig> = {}) => (scope: Construct) => new DbInstance(scope, "db", { ...DB, ...overrides });

const INSTANCE: InstanceConfig = {
  ami: "ami-12345678",
  instanceType: "t4g.micro",
  rootBlockDevice: { encrypted: true, kmsKeyId: KEY_ARN },
};
const instance = (overrides: Partial<InstanceConfig> = {}) => (scope: Construct) => new Instance(scope, "node", { ...INSTANCE, ...overrides });

export const encryptionCases: RuleCase[] = [
  { rule: "MF-AWS-RDS-1", variant: "unencrypted", bad: db({ storageEncrypted: false }), message: /storage_encrypted is false/, good: db() },
  { rule: "MF-AWS-RDS-1", variant: "AWS-managed key", bad: db({ kmsKeyId: undefined }), message: /AWS-managed aws\/rds key/, good: db() },
  { rule: "MF-AWS-RDS-2", bad: db({ performanceInsightsKmsKeyId: undefined }), message: /Performance Insights is on without performance_insights_kms_key_id/, good: db() },
  {
    rule: "MF-AWS-EBS-1",
    bad: (s) => new EbsVolume(s, "volume", { availabilityZone: "us-east-1a", size: 10, encrypted: false }),
    message: /encrypted is false/,
    good: (s) => new EbsVolume(s, "volume", { availabilityZone: "us-east-1a", size: 10, encrypted: true, kmsKeyId: KEY_ARN }),
  },
  {
    rule: "MF-AWS-EC2-1",
    variant: "root volume",
    bad: instance({ rootBlockDevice: { encrypted: false } }),
    message: /root_block_device.encrypted is false/,
    good: instance(),
  },
  {
    rule: "MF-AWS-EC2-1",
    variant: "extra block device",
    bad: instance({ ebsBlockDevice: [{ deviceName: "/dev/sdf", encrypted: false }] }),
    message: /ebs_block_device\[0\] \(\/dev\/sdf\) is not encrypted/,
    good: instance({ ebsBlockDevice: [{ deviceName: "/dev/sdf", encrypted: true, kmsKeyId: KEY_ARN }] }),
  },
  {
    rule: "MF-AWS-S3-2",
    variant: "no encryption configuration",
    bad: (s) => bucket(s, "data", { sse: "none" }),
    message: /has no default encryption configuration/,
    good: (s) => bucket(s, "data"),
  },
  {
    rule: "MF-AWS-S3-2",
    variant: "SSE-S3 on a data bucket, accepted on its log bucket",
    bad: (s) => bucket(s, "data", { sse: "s3" }),
    message: /is a data bucket encrypted with SSE-S3/,
    good: (s) => loggedDataBucket(s),
  },
  {
    rule: "MF-AWS-S3-2",
    variant: "AWS-managed S3 key",
    bad: (s) => bucket(s, "data", { sse: "kms-aws-key" }),
    message: /AWS-managed aws\/s3 key/,
    good: (s) => bucket(s, "data"),
  },
  {
    rule: "MF-AWS-LOGS-1",
    bad: (s) => new CloudwatchLogGroup(s, "logs", { name: "/test", retentionInDays: 30 }),
    message: /has no kms_key_id/,
    good: (s) => new CloudwatchLogGroup(s, "logs", { name: "/test", retentionInDays: 30, kmsKeyId: KEY_ARN }),
  },
  {
    rule: "MF-AWS-SNS-1",
    variant: "unencrypted",
    bad: (s) => new SnsTopic(s, "topic", { name: "alarms" }),
    message: /has no kms_master_key_id/,
    good: (s) => new SnsTopic(s, "topic", { name: "alarms", kmsMasterKeyId: KEY_ARN }),
  },
  {
    rule: "MF-AWS-SNS-1",
    variant: "AWS-managed key",
    bad: (s) => new SnsTopic(s, "topic", { name: "alarms", kmsMasterKeyId: "alias/aws/sns" }),
    message: /AWS-managed alias\/aws\/sns key/,
    good: (s) => new SnsTopic(s, "topic", { name: "alarms", kmsMasterKeyId: KEY_ARN }),
  },
  {
    rule: "MF-AWS-SM-1",
    bad: (s) => new SecretsmanagerSecret(s, "secret", { name: "redis-password" }),
    message: /has no kms_key_id/,
    good: (s) => new SecretsmanagerSecret(s, "secret", { name: "redis-password", kmsKeyId: KEY_ARN }),
  },
  {
    rule: "MF-AWS-KMS-1",
    bad: (s) => new KmsKey(s, "key", { description: "test" }),
    message: /enable_key_rotation is not set/,
    good: (s) => {
      new KmsKey(s, "key", { description: "test", enableKeyRotation: true });
      // Asymmetric keys cannot rotate: not the rule's business.
      new KmsKey(s, "signing", { description: "signing", customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" });
    },
  },
];
