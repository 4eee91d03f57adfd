import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import {
  S3BucketReplicationConfigurationA,
  type S3BucketReplicationConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { BucketHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import type { DeploymentContext, ObjectStorageSpec } from "../core/specs";
import { AwsKmsKey, type KmsServiceGrant } from "./kms";
import { awsAccount } from "./account";

/** One statement of an IAM/bucket policy document. */
export type PolicyStatement = Readonly<Record<string, unknown>>;

export interface AwsHardenedBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** Allow destroying the bucket while it still holds objects. */
  readonly forceDestroy: boolean;
  /**
   * Encrypt with SSE-KMS (and S3 Bucket Keys) under this key.
   * @default SSE-S3 (AES-256): for log targets that cannot use KMS
   */
  readonly kmsKeyArn?: string;
  /** Keep object versions (needed for replication and recovery from overwrites). */
  readonly versioning: boolean;
  /**
   * Lifecycle rules.
   * @default none
   */
  readonly lifecycleRules?: S3BucketLifecycleConfigurationRule[];
  /**
   * Statements added to the bucket policy after the TLS-only deny statements.
   * @default none
   */
  readonly policyStatements?: readonly PolicyStatement[];
  /**
   * Provider to create the bucket with (e.g. another region's).
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An S3 bucket with MockForge's baseline: ACLs disabled (bucket owner
 * enforced), every public access block on, default encryption, and a policy
 * that refuses requests without TLS or with TLS older than 1.2.
 * Used for every bucket of the AWS kit (assets, replicas, logs).
 */
export class AwsHardenedBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly ownershipControls: S3BucketOwnershipControls;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  readonly encryption: S3BucketServerSideEncryptionConfigurationA;
  readonly versioning?: S3BucketVersioningA;
  readonly lifecycle?: S3BucketLifecycleConfiguration;
  readonly policy: S3BucketPolicy;
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly bucketRegionalDomainName: string;

  constructor(scope: Construct, id: string, props: AwsHardenedBucketProps) {
    super(scope, id);
    const provider = props.provider;
    this.bucket = new S3Bucket(this, "bucket", {
      provider,
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy,
      tags: { Name: props.bucketName },
    });
    const bucket = this.bucket.id;
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    this.bucketRegionalDomainName = this.bucket.bucketRegionalDomainName;

    this.ownershipControls = new S3BucketOwnershipControls(this, "ownership", {
      provider,
      bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    this.encryption = new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider,
      bucket,
      rule: [
        props.kmsKeyArn === undefined
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true },
      ],
    });
    if (props.versioning) {
      this.versioning = new S3BucketVersioningA(this, "versioning", {
        provider,
        bucket,
        versioningConfiguration: { status: "Enabled" },
      });
    }
    if (props.lifecycleRules && props.lifecycleRules.length > 0) {
      this.lifecycle = new S3BucketLifecycleConfiguration(this, "lifecycle", {
        provider,
        bucket,
        rule: props.lifecycleRules,
        // Noncurrent-version rules need versioning in place first.
        dependsOn: this.versioning ? [this.versioning] : undefined,
      });
    }

    const resources = [this.bucket.arn, `${this.bucket.arn}/*`];
    this.policy = new S3BucketPolicy(this, "policy", {
      provider,
      bucket,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: resources,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          {
            Sid: "DenyTlsOlderThan12",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: resources,
            Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
          },
          ...(props.policyStatements ?? []),
        ],
      }),
      // S3 rejects policies while the public access block is being written.
      dependsOn: [this.publicAccessBlock],
    });
  }
}

export interface AwsObjectStorageProps extends ObjectStorageSpec {
  readonly context: DeploymentContext;
  /**
   * Aliased AWS providers by region, one for each of `replicaRegions`; the
   * replica buckets and their keys are created with them.
   * @default none; required when `replicaRegions` is not empty
   */
  readonly replicaProviders?: Readonly<Record<string, AwsProvider>>;
  /**
   * Let CloudFront (origin access control) read objects. The distribution is
   * deployed later, in the edge stack, so its ARN cannot be named here without
   * a dependency cycle: any distribution of this account may read.
   * @default true
   */
  readonly cloudFrontAccess?: boolean;
}

/** Prefix of exported files, moved to infrequent-access storage as they age. */
export const EXPORTS_PREFIX = "exports/";
/** Prefix of S3 server access logs inside the log bucket. */
export const ACCESS_LOG_PREFIX = "s3-access/";

/**
 * MockForge's assets bucket: SSE-KMS under its own key, versioned (when the
 * spec says so), lifecycle-managed, access-logged to a separate bucket, TLS
 * only, readable by CloudFront through origin access control, and — in
 * replication mode — replicated with delete markers to a bucket (with its own
 * key) in every replica region.
 */
export class AwsObjectStorage extends Construct implements BucketHandle {
  readonly kmsKey: AwsKmsKey;
  readonly assets: AwsHardenedBucket;
  /** The assets bucket resource. */
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly bucketRegionalDomainName: string;
  /** Target of the assets bucket's server access logs (SSE-S3: S3 access logging cannot write to SSE-KMS buckets). */
  readonly logBucket: AwsHardenedBucket;
  /** One bucket per replica region, in `replicaRegions` order. */
  readonly replicas: AwsHardenedBucket[];
  /** Keys of the replica buckets, in `replicaRegions` order. */
  readonly replicaKmsKeys: AwsKmsKey[];
  readonly replicationRole?: IamRole;
  readonly replication?: S3BucketReplicationConfigurationA;

  constructor(scope: Construct, id: string, props: AwsObjectStorageProps) {
    super(scope, id);
    validate(props);
    const { context } = props;
    const cloudFrontAccess = props.cloudFrontAccess ?? true;
    const account = awsAccount(this).accountId;
    const distributions = `arn:aws:cloudfront::${account}:distribution/*`;
    const cloudFrontCondition = { ArnLike: { "AWS:SourceArn": distributions }, StringEquals: { "AWS:SourceAccount": account } };
    const cloudFrontKeyGrant: KmsServiceGrant[] = cloudFrontAccess
      ? [{ servicePrincipal: "cloudfront.amazonaws.com", actions: ["kms:Decrypt"], conditions: cloudFrontCondition }]
      : [];
    const cloudFrontRead = (bucketArn: string): PolicyStatement[] =>
      cloudFrontAccess
        ? [
            {
              Sid: "CloudFrontOriginAccessControlRead",
              Effect: "Allow",
              Principal: { Service: "cloudfront.amazonaws.com" },
              Action: "s3:GetObject",
              Resource: `${bucketArn}/*`,
              Condition: cloudFrontCondition,
            },
          ]
        : [];
    const lifecycle = assetLifecycleRules(props);

    this.kmsKey = new AwsKmsKey(this, "kms", {
      context,
      name: "assets",
      description: `Encrypts MockForge assets (${context.region})`,
      serviceGrants: cloudFrontKeyGrant,
    });

    // Names end with the account id: bucket names are global across all AWS accounts.
    const bucketName = `${resourceName(context, "assets", 63 - 13)}-${account}`;
    const logBucketName = `${resourceName(context, "assets-logs", 63 - 13)}-${account}`;
    this.logBucket = new AwsHardenedBucket(this, "log-bucket", {
      bucketName: logBucketName,
      forceDestroy: props.forceDestroy,
      versioning: false,
      lifecycleRules: [
        { id: "expire-access-logs", status: "Enabled", filter: [{}], expiration: [{ days: props.accessLogRetentionDays }] },
        abortIncompleteUploads(),
      ],
      policyStatements: [
        {
          Sid: "S3ServerAccessLogsDelivery",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `arn:aws:s3:::${logBucketName}/${ACCESS_LOG_PREFIX}*`,
          Condition: {
            ArnLike: { "aws:SourceArn": `arn:aws:s3:::${bucketName}` },
            StringEquals: { "aws:SourceAccount": account },
          },
        },
      ],
    });

    this.assets = new AwsHardenedBucket(this, "assets-bucket", {
      bucketName,
      forceDestroy: props.forceDestroy,
      kmsKeyArn: this.kmsKey.arn,
      versioning: props.versioning,
      lifecycleRules: lifecycle,
      policyStatements: cloudFrontRead(`arn:aws:s3:::${bucketName}`),
    });
    this.bucket = this.assets.bucket;
    this.bucketName = this.assets.bucketName;
    this.bucketArn = this.assets.bucketArn;
    this.bucketRegionalDomainName = this.assets.bucketRegionalDomainName;
    new S3BucketLoggingA(this, "access-logging", {
      bucket: this.bucket.id,
      targetBucket: this.logBucket.bucket.id,
      targetPrefix: ACCESS_LOG_PREFIX,
    });

    this.replicas = [];
    this.replicaKmsKeys = [];
    if (props.replicaRegions.length === 0) return;

    const replicaRules: S3BucketReplicationConfigurationRule[] = [];
    props.replicaRegions.forEach((region, index) => {
      const provider = props.replicaProviders![region];
      const replicaContext: DeploymentContext = { ...context, region, primary: false };
      const key = new AwsKmsKey(this, `replica-kms-${region}`, {
        context: replicaContext,
        name: "assets-replica",
        description: `Encrypts replicated MockForge assets from ${context.region} (${region})`,
        serviceGrants: cloudFrontKeyGrant,
        provider,
      });
      const replicaName = `${resourceName(replicaContext, "assets-replica", 63 - 13)}-${account}`;
      const replica = new AwsHardenedBucket(this, `replica-${region}`, {
        bucketName: replicaName,
        forceDestroy: props.forceDestroy,
        kmsKeyArn: key.arn,
        versioning: true,
        lifecycleRules: lifecycle,
        policyStatements: cloudFrontRead(`arn:aws:s3:::${replicaName}`),
        provider,
      });
      this.replicaKmsKeys.push(key);
      this.replicas.push(replica);
      replicaRules.push({
        id: `to-${region}`,
        priority: index + 1,
        status: "Enabled",
        filter: {},
        deleteMarkerReplication: { status: "Enabled" },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        destination: {
          bucket: replica.bucketArn,
          storageClass: "STANDARD",
          encryptionConfiguration: { replicaKmsKeyId: key.arn },
        },
      });
    });

    this.replicationRole = new IamRole(this, "replication-role", {
      name: resourceName(context, "assets-replication", 64),
      description: "S3 replication of MockForge assets to the replica regions",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    new IamRolePolicy(this, "replication-policy", {
      role: this.replicationRole.id,
      name: "replicate-assets",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ReadSourceConfiguration",
            Effect: "Allow",
            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            Resource: this.bucketArn,
          },
          {
            Sid: "ReadSourceVersions",
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: `${this.bucketArn}/*`,
          },
          {
            Sid: "WriteReplicas",
            Effect: "Allow",
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: this.replicas.map((replica) => `${replica.bucketArn}/*`),
          },
          {
            Sid: "DecryptSource",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: this.kmsKey.arn,
            Condition: {
              StringEquals: { "kms:ViaService": `s3.${context.region}.amazonaws.com` },
              // With S3 Bucket Keys the encryption context is the bucket ARN, without them the object ARN.
              StringLike: { "kms:EncryptionContext:aws:s3:arn": [this.bucketArn, `${this.bucketArn}/*`] },
            },
          },
          ...props.replicaRegions.map((region, index) => ({
            Sid: `EncryptReplica${index}`,
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:GenerateDataKey"],
            Resource: this.replicaKmsKeys[index].arn,
            Condition: {
              StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` },
              StringLike: { "kms:EncryptionContext:aws:s3:arn": [this.replicas[index].bucketArn, `${this.replicas[index].bucketArn}/*`] },
            },
          })),
        ],
      }),
    });
    this.replication = new S3BucketReplicationConfigurationA(this, "replication", {
      bucket: this.bucket.id,
      role: this.replicationRole.arn,
      rule: replicaRules,
      // Both ends must be versioned before S3 accepts a replication configuration.
      dependsOn: [this.assets.versioning!, ...this.replicas.map((replica) => replica.versioning!)],
    });
  }
}

function abortIncompleteUploads(): S3BucketLifecycleConfigurationRule {
  return { id: "abort-incomplete-multipart-uploads", status: "Enabled", filter: [{}], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }] };
}

function assetLifecycleRules(props: ObjectStorageSpec): S3BucketLifecycleConfigurationRule[] {
  const rules: S3BucketLifecycleConfigurationRule[] = [];
  if (props.versioning) {
    rules.push({
      id: "expire-noncurrent-versions",
      status: "Enabled",
      filter: [{}],
      noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays }],
      // Delete markers with no versions left behind them only slow down listings.
      expiration: [{ expiredObjectDeleteMarker: true }],
    });
  }
  rules.push({
    id: "exports-to-infrequent-access",
    status: "Enabled",
    filter: [{ prefix: EXPORTS_PREFIX }],
    transition: [{ days: props.infrequentAccessAfterDays, storageClass: "STANDARD_IA" }],
  });
  rules.push(abortIncompleteUploads());
  return rules;
}

function validate(props: AwsObjectStorageProps): void {
  const fail = (message: string): never => {
    throw new Error(`AwsObjectStorage (${props.context.environment}, ${props.context.region}): ${message}`);
  };
  const days = (name: string, value: number, min: number, why: string) => {
    if (!Number.isInteger(value) || value < min) fail(`${name} is ${value}; ${why}`);
  };
  days("noncurrentVersionExpirationDays", props.noncurrentVersionExpirationDays, 1, "use a whole number of days, at least 1.");
  days("infrequentAccessAfterDays", props.infrequentAccessAfterDays, 30, "S3 moves objects to STANDARD_IA only after at least 30 days.");
  days("accessLogRetentionDays", props.accessLogRetentionDays, 1, "use a whole number of days, at least 1.");
  const regions = props.replicaRegions;
  if (regions.length === 0) {
    return;
  }
  if (!props.versioning) fail(`replicaRegions is [${regions.join(", ")}] but versioning is false; S3 replication needs versioning on.`);
  if (new Set(regions).size !== regions.length) fail(`replicaRegions [${regions.join(", ")}] lists a region twice.`);
  if (regions.includes(props.context.region)) fail(`replicaRegions includes this bucket's own region ${props.context.region}.`);
  const missing = regions.filter((region) => props.replicaProviders?.[region] === undefined);
  if (missing.length > 0) {
    fail(`replicaProviders has no provider for ${missing.join(", ")}; pass an aliased AwsProvider for every replica region.`);
  }
}
