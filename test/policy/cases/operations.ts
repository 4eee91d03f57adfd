import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DbInstance, type DbInstanceConfig } from "@cdktf/provider-aws/lib/db-instance";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { EcrRepository, type EcrRepositoryConfig } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import type { Construct } from "constructs";
import { REDIS_SENTINEL_ROLE_TAG } from "../../../constructs/aws/redis-sentinel";
import { REQUIRED_TAG_KEYS } from "../../../constructs/core/naming";
import { bucket } from "./buckets";
import { task } from "./iam-secrets";
import { KEY_ARN, type RuleCase } from "./types";

const REPO: EcrRepositoryConfig = {
  name: "mockforge-test-server",
  imageTagMutability: "IMMUTABLE",
  imageScanningConfiguration: { scanOnPush: true },
  encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: KEY_ARN }],
};
const repo = (overrides: Partial<EcrRepositoryConfig> = {}) => (scope: Construct) => new EcrRepository(scope, "repo", { ...REPO, ...overrides });

const DB: DbInstanceConfig = { identifier: "mockforge-test-postgres", instanceClass: "db.r6g.large", multiAz: true, backupRetentionPeriod: 14, deletionProtection: true };
const db = (overrides: Partial<DbInstanceConfig> = {}) => (scope: Construct) => new DbInstance(scope, "db", { ...DB, ...overrides });
/** A primary (compliant) and an in-region read replica of it: replicas are exempt from Multi-AZ and backups. */
const withReplica = (replica: Partial<DbInstanceConfig>) => (scope: Construct) => {
  const primary = new DbInstance(scope, "db", DB);
  new DbInstance(scope, "replica", { identifier: "mockforge-test-postgres-replica-1", instanceClass: "db.r6g.large", replicateSourceDb: primary.identifier, deletionProtection: true, ...replica });
};

/** `count` Sentinel nodes placed in the given zones (one subnet per distinct zone). */
const sentinels = (zones: string[]) => (scope: Construct) => {
  const subnets = new Map<string, Subnet>();
  zones.forEach((zone, i) => {
    if (!subnets.has(zone)) subnets.set(zone, new Subnet(scope, `subnet-${zone}`, { vpcId: "vpc-1", availabilityZone: zone, cidrBlock: `10.0.${128 + 16 * subnets.size}.0/20` }));
    new Instance(scope, `node-${i + 1}`, {
      ami: "ami-12345678",
      instanceType: "r6g.large",
      subnetId: subnets.get(zone)!.id,
      tags: { Name: `redis-${i + 1}`, [REDIS_SENTINEL_ROLE_TAG.key]: REDIS_SENTINEL_ROLE_TAG.value },
    });
  });
};

const ALARM: Omit<CloudwatchMetricAlarmConfig, "alarmName"> = {
  comparisonOperator: "GreaterThanThreshold",
  evaluationPeriods: 1,
  period: 300,
  threshold: 1,
  alarmActions: ["arn:aws:sns:us-east-1:111122223333:alarms"],
};
const alarm = (scope: Construct, id: string, config: Partial<CloudwatchMetricAlarmConfig>) => new CloudwatchMetricAlarm(scope, id, { ...ALARM, alarmName: id, ...config });

/** An ALB with the alarms chosen: "5xx" (metric math over the 5xx counts) and/or "latency" (TargetResponseTime p95). */
const lbWithAlarms = (alarms: Array<"5xx" | "latency" | "latency-average">) => (scope: Construct) => {
  const lb = new Lb(scope, "alb", { name: "alb" });
  if (alarms.includes("5xx")) {
    alarm(scope, "5xx", {
      metricQuery: [
        { id: "errors", metric: { metricName: "HTTPCode_Target_5XX_Count", namespace: "AWS/ApplicationELB", period: 300, stat: "Sum", dimensions: { LoadBalancer: lb.arnSuffix } } },
        { id: "requests", metric: { metricName: "RequestCount", namespace: "AWS/ApplicationELB", period: 300, stat: "Sum", dimensions: { LoadBalancer: lb.arnSuffix } } },
        { id: "rate", expression: "100 * errors / requests", returnData: true },
      ],
    });
  }
  if (alarms.includes("latency") || alarms.includes("latency-average")) {
    alarm(scope, "latency", {
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      ...(alarms.includes("latency") ? { extendedStatistic: "p95" } : { statistic: "Average" }),
      dimensions: { LoadBalancer: lb.arnSuffix },
    });
  }
};

const serviceWithAlarms = (metrics: string[]) => (scope: Construct) => {
  const service = new EcsService(scope, "service", { name: "mockforge-test-service", desiredCount: 2 });
  for (const metricName of metrics) alarm(scope, metricName, { namespace: "AWS/ECS", metricName, statistic: "Average", dimensions: { ClusterName: "c", ServiceName: service.name } });
};

const dbWithAlarms = (metrics: string[]) => (scope: Construct) => {
  withReplica({})(scope);
  for (const id of ["mockforge-test-postgres", "mockforge-test-postgres-replica-1"]) {
    for (const metricName of metrics) alarm(scope, `${metricName}-${id}`, { namespace: "AWS/RDS", metricName, statistic: "Maximum", dimensions: { DBInstanceIdentifier: id } });
  }
};

const allTags = Object.fromEntries(REQUIRED_TAG_KEYS.map((key) => [key, `${key}-value`]));

export const containerCases: RuleCase[] = [
  { rule: "MF-AWS-ECR-1", bad: repo({ imageTagMutability: "MUTABLE" }), message: /image_tag_mutability is "MUTABLE"/, good: repo() },
  { rule: "MF-AWS-ECR-2", bad: repo({ imageScanningConfiguration: { scanOnPush: false } }), message: /scan_on_push is not true/, good: repo() },
  { rule: "MF-AWS-ECR-3", variant: "AES256", bad: repo({ encryptionConfiguration: undefined }), message: /encryption_type is not set \(AES256 by default\)/, good: repo() },
  {
    rule: "MF-AWS-ECR-3",
    variant: "AWS-managed key",
    bad: repo({ encryptionConfiguration: [{ encryptionType: "KMS" }] }),
    message: /AWS-managed aws\/ecr key/,
    good: repo(),
  },
  {
    rule: "MF-AWS-ECS-2",
    variant: "public image",
    bad: task([], "docker.io/library/nginx:1.27"),
    message: /runs docker.io\/library\/nginx:1.27, which is not a tagged image of the project's ECR/,
    good: task([], "${data.aws_caller_identity.me.account_id}.dkr.ecr.eu-west-1.amazonaws.com/mockforge-prod-server:0123abc"),
  },
  {
    rule: "MF-AWS-ECS-2",
    variant: "another team's repository",
    bad: task([], "111122223333.dkr.ecr.us-east-1.amazonaws.com/payments-api:1.0.0"),
    message: /payments-api:1.0.0, which is not a tagged image of the project's ECR/,
    good: task([], "111122223333.dkr.ecr.us-east-1.amazonaws.com/mockforge-test-server@sha256:" + "a".repeat(64)),
  },
  {
    rule: "MF-AWS-ECS-2",
    variant: ":latest",
    bad: task([], "111122223333.dkr.ecr.us-east-1.amazonaws.com/mockforge-test-server:latest"),
    message: /:latest is mutable/,
    good: task([], "111122223333.dkr.ecr.us-east-1.amazonaws.com/mockforge-test-server:1.2.3"),
  },
];

export const availabilityCases: RuleCase[] = [
  {
    rule: "MF-AWS-RDS-5",
    bad: db({ multiAz: false }),
    message: /multi_az is false in production/,
    good: withReplica({ multiAz: false }),
  },
  {
    rule: "MF-AWS-RDS-6",
    tier: "staging",
    bad: db({ backupRetentionPeriod: 3 }),
    message: /backup_retention_period is 3: staging needs at least 7 days of point-in-time recovery/,
    good: withReplica({}),
  },
  {
    rule: "MF-AWS-ECS-3",
    variant: "autoscaling minimum",
    bad: (s) => new AppautoscalingTarget(s, "scaling", { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId: "service/c/s", minCapacity: 1, maxCapacity: 4 }),
    message: /min_capacity is 1/,
    good: (s) => new AppautoscalingTarget(s, "scaling", { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId: "service/c/s", minCapacity: 2, maxCapacity: 4 }),
  },
  {
    rule: "MF-AWS-ECS-3",
    variant: "service without autoscaling",
    bad: (s) => new EcsService(s, "service", { name: "s", desiredCount: 1 }),
    message: /desired_count is 1 and no autoscaling target raises it/,
    good: (s) => {
      const service = new EcsService(s, "service", { name: "s", desiredCount: 1 });
      new AppautoscalingTarget(s, "scaling", { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId: `service/c/${service.name}`, minCapacity: 3, maxCapacity: 9 });
    },
  },
  {
    rule: "MF-AWS-REDIS-1",
    variant: "two nodes share a zone",
    bad: sentinels(["us-east-1a", "us-east-1b", "us-east-1a"]),
    message: /shares its availability zone with aws_instance.node-3|shares its availability zone with aws_instance.node-1/,
    good: sentinels(["us-east-1a", "us-east-1b", "us-east-1c"]),
  },
  {
    rule: "MF-AWS-REDIS-1",
    variant: "too few nodes",
    bad: sentinels(["us-east-1a", "us-east-1b"]),
    message: /the stack has 2 Sentinel node\(s\); a quorum that survives one failure needs 3/,
    good: sentinels(["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"]),
  },
];

export const protectionCases: RuleCase[] = [
  { rule: "MF-AWS-RDS-7", tier: "staging", bad: db({ deletionProtection: false }), message: /deletion_protection is false in staging/, good: withReplica({}) },
  {
    rule: "MF-AWS-ALB-5",
    bad: (s) => new Lb(s, "alb", { name: "alb", enableDeletionProtection: false }),
    message: /enable_deletion_protection is false in production/,
    good: (s) => new Lb(s, "alb", { name: "alb", enableDeletionProtection: true }),
  },
  {
    rule: "MF-AWS-EC2-4",
    tier: "staging",
    bad: (s) => new Instance(s, "node", { ami: "ami-12345678", instanceType: "t4g.small" }),
    message: /disable_api_termination is not set in staging/,
    good: (s) => new Instance(s, "node", { ami: "ami-12345678", instanceType: "t4g.small", disableApiTermination: true }),
  },
  {
    rule: "MF-AWS-EBS-2",
    bad: (s) => new EbsVolume(s, "volume", { availabilityZone: "us-east-1a", size: 10 }),
    message: /final_snapshot is not set in production: a destroy loses the data/,
    good: (s) => new EbsVolume(s, "volume", { availabilityZone: "us-east-1a", size: 10, finalSnapshot: true }),
  },
  {
    rule: "MF-AWS-S3-3",
    bad: (s) => bucket(s, "data", { versioning: false }),
    message: /versioning is not enabled/,
    good: (s) => bucket(s, "data"),
  },
  {
    rule: "MF-AWS-S3-6",
    tier: "staging",
    bad: (s) => bucket(s, "data", { forceDestroy: true }),
    message: /force_destroy is true in staging/,
    good: (s) => bucket(s, "data", { forceDestroy: false }),
  },
  {
    rule: "MF-AWS-ECR-4",
    bad: repo({ forceDelete: true }),
    message: /force_delete is true in production/,
    good: repo({ forceDelete: false }),
  },
];

export const monitoringCases: RuleCase[] = [
  { rule: "MF-AWS-CW-1", variant: "ALB 5xx", bad: lbWithAlarms(["latency"]), message: /no alarm on its 5xx rate/, good: lbWithAlarms(["5xx", "latency"]) },
  {
    rule: "MF-AWS-CW-1",
    variant: "ALB p95 latency (an average does not count)",
    bad: lbWithAlarms(["5xx", "latency-average"]),
    message: /no alarm on its p95 latency/,
    good: lbWithAlarms(["5xx", "latency"]),
  },
  {
    rule: "MF-AWS-CW-1",
    variant: "service CPU and memory",
    bad: serviceWithAlarms(["CPUUtilization"]),
    message: /no alarm on its memory utilization/,
    good: serviceWithAlarms(["CPUUtilization", "MemoryUtilization"]),
  },
  {
    rule: "MF-AWS-CW-1",
    variant: "DB connections and replica lag",
    bad: dbWithAlarms(["DatabaseConnections"]),
    message: /is a replica with no alarm on its ReplicaLag/,
    good: dbWithAlarms(["DatabaseConnections", "ReplicaLag"]),
  },
  {
    rule: "MF-AWS-CW-2",
    bad: (s) => alarm(s, "cpu", { namespace: "AWS/ECS", metricName: "CPUUtilization", statistic: "Average", alarmActions: [] }),
    message: /has no alarm_actions: nobody is told when it fires/,
    good: (s) => alarm(s, "cpu", { namespace: "AWS/ECS", metricName: "CPUUtilization", statistic: "Average" }),
  },
];

export const taggingCases: RuleCase[] = [
  {
    rule: "MF-AWS-TAG-1",
    variant: "missing keys",
    bad: (s) => new S3Bucket(s, "bucket", { bucket: "b", tags: { env: "test", Name: "b" } }),
    message: /lacks tag\(s\) region, service, owner, cost-center/,
    good: (s) => new S3Bucket(s, "bucket", { bucket: "b", tags: allTags }),
  },
  {
    rule: "MF-AWS-TAG-1",
    variant: "taggable resource with no tags at all",
    bad: (s) => new EcrRepository(s, "repo", { name: "mockforge-test" }),
    message: /lacks tag\(s\) env, region, service, owner, cost-center/,
    // Resources that take no tags (a bucket policy) are not asked for them.
    good: (s) => {
      new EcrRepository(s, "repo", { name: "mockforge-test", tags: allTags });
      new S3BucketPolicy(s, "policy", { bucket: "b", policy: "{}" });
    },
  },
];
