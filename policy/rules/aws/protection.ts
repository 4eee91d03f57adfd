/** Data protection: versioned buckets, and deletion guards on stateful resources in staging and production. */
import { awsRule, blocksOf, bucketSettings, isTrue, LOAD_BALANCER_TYPES, PROTECTED_TIERS, shown } from "./helpers";

export const rdsDeletionProtection = awsRule({
  id: "MF-AWS-RDS-7",
  severity: "error",
  title: "Staging and production databases have deletion protection",
  fix: "Set deletion_protection = true (database.deletionProtection in the environment file).",
  mirrors: ["CKV_AWS_293", "AVD-AWS-0177"],
  appliesTo: ["aws_db_instance"],
  check: ({ config }, ctx) => (PROTECTED_TIERS.has(ctx.tier) && config.deletion_protection !== true ? [`deletion_protection is ${shown(config.deletion_protection)} in ${ctx.tier}`] : []),
});

export const albDeletionProtection = awsRule({
  id: "MF-AWS-ALB-5",
  severity: "error",
  title: "Staging and production load balancers have deletion protection (their DNS names are what clients and the CDN use)",
  fix: "Set enable_deletion_protection = true (edge.loadBalancerDeletionProtection in the environment file).",
  mirrors: ["CKV_AWS_150"],
  appliesTo: LOAD_BALANCER_TYPES,
  check: ({ config }, ctx) =>
    PROTECTED_TIERS.has(ctx.tier) && !isTrue(config.enable_deletion_protection) ? [`enable_deletion_protection is ${shown(config.enable_deletion_protection)} in ${ctx.tier}`] : [],
});

export const instanceTerminationProtection = awsRule({
  id: "MF-AWS-EC2-4",
  severity: "error",
  title: "Staging and production EC2 instances (stateful Redis nodes) have termination protection",
  fix: "Set disable_api_termination = true (AwsRedisSentinel terminationProtection, on by default).",
  mirrors: [],
  appliesTo: ["aws_instance"],
  check: ({ config }, ctx) => (PROTECTED_TIERS.has(ctx.tier) && !isTrue(config.disable_api_termination) ? [`disable_api_termination is ${shown(config.disable_api_termination)} in ${ctx.tier}`] : []),
});

export const volumeFinalSnapshot = awsRule({
  id: "MF-AWS-EBS-2",
  severity: "error",
  title: "Staging and production EBS volumes are snapshotted when destroyed",
  fix: "Set final_snapshot = true on the aws_ebs_volume.",
  mirrors: [],
  appliesTo: ["aws_ebs_volume"],
  check: ({ config }, ctx) => (PROTECTED_TIERS.has(ctx.tier) && !isTrue(config.final_snapshot) ? [`final_snapshot is ${shown(config.final_snapshot)} in ${ctx.tier}: a destroy loses the data`] : []),
});

export const bucketVersioning = awsRule({
  id: "MF-AWS-S3-3",
  severity: "error",
  title: "S3 buckets are versioned: overwritten or deleted objects can be restored",
  fix: "Add an aws_s3_bucket_versioning with versioning_configuration.status = Enabled (storage.versioning in the environment file).",
  mirrors: ["CKV_AWS_21", "AVD-AWS-0090"],
  appliesTo: ["aws_s3_bucket"],
  check: (bucket, ctx) => {
    const enabled =
      bucketSettings(ctx, bucket, "aws_s3_bucket_versioning").some((v) => blocksOf(v.config.versioning_configuration).some((c) => c.status === "Enabled")) ||
      blocksOf(bucket.config.versioning).some((v) => isTrue(v.enabled));
    return enabled ? [] : ["versioning is not enabled"];
  },
});

export const bucketNoForceDestroy = awsRule({
  id: "MF-AWS-S3-6",
  severity: "error",
  title: "Staging and production buckets cannot be destroyed while they hold objects",
  fix: "Leave force_destroy false (storage.forceDestroy is for development only).",
  mirrors: [],
  appliesTo: ["aws_s3_bucket"],
  check: ({ config }, ctx) => (PROTECTED_TIERS.has(ctx.tier) && isTrue(config.force_destroy) ? [`force_destroy is true in ${ctx.tier}: a destroy deletes every object`] : []),
});

export const repositoryNoForceDelete = awsRule({
  id: "MF-AWS-ECR-4",
  severity: "error",
  title: "Staging and production image repositories cannot be deleted while they hold images",
  fix: "Leave force_delete false on the aws_ecr_repository.",
  mirrors: [],
  appliesTo: ["aws_ecr_repository"],
  check: ({ config }, ctx) => (PROTECTED_TIERS.has(ctx.tier) && isTrue(config.force_delete) ? [`force_delete is true in ${ctx.tier}: a destroy deletes every released image`] : []),
});

export const protectionRules = [
  rdsDeletionProtection,
  albDeletionProtection,
  instanceTerminationProtection,
  volumeFinalSnapshot,
  bucketVersioning,
  bucketNoForceDestroy,
  repositoryNoForceDelete,
];
