import type { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { KEY_ARN } from "./types";

export interface BucketOptions {
  readonly sse?: "kms" | "kms-aws-key" | "s3" | "none";
  readonly publicAccessBlock?: "all" | "partial" | "none";
  readonly versioning?: boolean;
  /** Log to this bucket (server access logging). */
  readonly logTo?: S3Bucket;
  readonly tlsPolicy?: "deny-insecure" | "allow-only" | "none";
  readonly forceDestroy?: boolean;
}

/** A bucket with the settings resources the S3 rules look for; each option can weaken one. */
export function bucket(scope: Construct, id: string, options: BucketOptions = {}): S3Bucket {
  const b = new S3Bucket(scope, id, { bucket: `mockforge-test-${id}`, forceDestroy: options.forceDestroy });
  const sse = options.sse ?? "kms";
  if (sse !== "none") {
    new S3BucketServerSideEncryptionConfigurationA(scope, `${id}-sse`, {
      bucket: b.id,
      rule: [
        {
          applyServerSideEncryptionByDefault:
            sse === "s3" ? { sseAlgorithm: "AES256" } : { sseAlgorithm: "aws:kms", kmsMasterKeyId: sse === "kms" ? KEY_ARN : undefined },
        },
      ],
    });
  }
  const pab = options.publicAccessBlock ?? "all";
  if (pab !== "none") {
    new S3BucketPublicAccessBlock(scope, `${id}-pab`, {
      bucket: b.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: pab === "all",
    });
  }
  if (options.versioning ?? true) {
    new S3BucketVersioningA(scope, `${id}-versioning`, { bucket: b.id, versioningConfiguration: { status: "Enabled" } });
  }
  if (options.logTo) new S3BucketLoggingA(scope, `${id}-logging`, { bucket: b.id, targetBucket: options.logTo.id, targetPrefix: "s3/" });
  const tls = options.tlsPolicy ?? "deny-insecure";
  if (tls !== "none") {
    const statement =
      tls === "deny-insecure"
        ? { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [b.arn, `${b.arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }
        : { Sid: "ReadOnly", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "s3:GetObject", Resource: `${b.arn}/*` };
    new S3BucketPolicy(scope, `${id}-policy`, { bucket: b.id, policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) });
  }
  return b;
}

/** A data bucket logging to a log bucket (SSE-S3, itself unlogged), both otherwise compliant. */
export function loggedDataBucket(scope: Construct, options: BucketOptions = {}): { data: S3Bucket; logs: S3Bucket } {
  const logs = bucket(scope, "logs", { sse: "s3" });
  const data = bucket(scope, "data", { logTo: logs, ...options });
  return { data, logs };
}
