import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import type { BucketHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import type { DeploymentContext, ObjectStorageSpec } from "../core/specs";
import { LoggingLog } from "./bindings/logging-log";
import { LoggingLogGroup } from "./bindings/logging-log-group";
import { ObjectstorageBucket } from "./bindings/objectstorage-bucket";
import { ObjectstorageObjectLifecyclePolicy, type ObjectLifecycleRule } from "./bindings/objectstorage-object-lifecycle-policy";
import { ObjectstorageReplicationPolicy } from "./bindings/objectstorage-replication-policy";
import { ociLogRetentionDays } from "./logging";

export interface OciObjectStorageProps extends Omit<ObjectStorageSpec, "replicaRegions" | "forceDestroy"> {
  readonly context: DeploymentContext;
  readonly compartmentId: string;
  /** The tenancy's Object Storage namespace. */
  readonly namespace: string;
  /** Vault key encrypting the bucket's data keys. */
  readonly kmsKeyId: string;
  /**
   * Component name of the bucket.
   * @default "assets"
   */
  readonly name?: string;
  /**
   * Protect the bucket from `terraform destroy` (Terraform `prevent_destroy`;
   * OCI itself refuses to delete a non-empty bucket).
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Provider to create the bucket with (another region).
   * @default the stack's default OCI provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Create the lifecycle policy (a replication destination is read-only and takes none).
   * @default true
   */
  readonly lifecycleRules?: boolean;
}

/** Days after which incomplete multipart uploads are aborted. */
export const ABORT_MULTIPART_AFTER_DAYS = 7;
/** The OCI Logging categories of Object Storage access logs (service `objectstorage`, resource = bucket name). */
export const BUCKET_ACCESS_LOG_CATEGORIES = ["read", "write"] as const;

/**
 * An Object Storage bucket for assets and exports: no public access,
 * encrypted with a Vault key, versioned, with a lifecycle policy that moves
 * objects to Infrequent Access, deletes old noncurrent versions and aborts
 * stale multipart uploads. Read and write access is logged to OCI Logging
 * (service logs kept `accessLogRetentionDays`, rounded up to OCI's 30-day steps). Cross-region replication is set up by the replica
 * region's stack (`OciBucketReplica`), which owns the destination bucket.
 */
export class OciObjectStorage extends Construct implements BucketHandle {
  readonly bucket: ObjectstorageBucket;
  /** Undefined when `lifecycleRules` is false. */
  readonly lifecyclePolicy?: ObjectstorageObjectLifecyclePolicy;
  /** The bucket name, known at synth time. */
  readonly bucketName: string;
  readonly namespace: string;
  /** Holds the access logs. */
  readonly logGroup: LoggingLogGroup;
  /** Read and write access logs of the bucket. */
  readonly accessLogs: Readonly<Record<(typeof BUCKET_ACCESS_LOG_CATEGORIES)[number], LoggingLog>>;

  constructor(scope: Construct, id: string, props: OciObjectStorageProps) {
    super(scope, id);
    const fail = (message: string): never => {
      throw new Error(`OciObjectStorage (${props.context.environment}, ${props.context.region}): ${message}`);
    };
    if (!Number.isInteger(props.infrequentAccessAfterDays) || props.infrequentAccessAfterDays < 1) {
      fail(`infrequentAccessAfterDays is ${props.infrequentAccessAfterDays}; use a whole number of days, at least 1.`);
    }
    if (!Number.isInteger(props.noncurrentVersionExpirationDays) || props.noncurrentVersionExpirationDays < 1) {
      fail(`noncurrentVersionExpirationDays is ${props.noncurrentVersionExpirationDays}; use a whole number of days, at least 1.`);
    }
    this.bucketName = resourceName(props.context, props.name ?? "assets");
    this.namespace = props.namespace;
    this.bucket = new ObjectstorageBucket(this, "bucket", {
      provider: props.provider,
      compartmentId: props.compartmentId,
      namespace: props.namespace,
      name: this.bucketName,
      accessType: "NoPublicAccess",
      kmsKeyId: props.kmsKeyId,
      versioning: props.versioning ? "Enabled" : "Disabled",
      storageTier: "Standard",
      objectEventsEnabled: true,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });

    // Object Storage service logs name the bucket (not its OCID) as their resource.
    const retention = ociLogRetentionDays(props.accessLogRetentionDays);
    this.logGroup = new LoggingLogGroup(this, "log-group", {
      provider: props.provider,
      compartmentId: props.compartmentId,
      displayName: `${this.bucketName}-logs`,
      description: `Read and write access logs of bucket ${this.bucketName}`,
    });
    const accessLog = (category: (typeof BUCKET_ACCESS_LOG_CATEGORIES)[number]) =>
      new LoggingLog(this, `${category}-log`, {
        provider: props.provider,
        displayName: `${this.bucketName}-${category}`,
        logGroupId: this.logGroup.id,
        logType: "SERVICE",
        isEnabled: true,
        retentionDuration: retention,
        configuration: {
          compartmentId: props.compartmentId,
          source: { sourceType: "OCISERVICE", service: "objectstorage", resource: this.bucket.name, category },
        },
      });
    this.accessLogs = { read: accessLog("read"), write: accessLog("write") };

    if (props.lifecycleRules === false) return;
    const rules: ObjectLifecycleRule[] = [
      {
        name: "infrequent-access",
        action: "INFREQUENT_ACCESS",
        target: "objects",
        timeAmount: props.infrequentAccessAfterDays,
        timeUnit: "DAYS",
        isEnabled: true,
      },
      {
        name: "abort-incomplete-uploads",
        action: "ABORT",
        target: "multipart-uploads",
        timeAmount: ABORT_MULTIPART_AFTER_DAYS,
        timeUnit: "DAYS",
        isEnabled: true,
      },
    ];
    if (props.versioning) {
      rules.push({
        name: "expire-noncurrent-versions",
        action: "DELETE",
        target: "previous-object-versions",
        timeAmount: props.noncurrentVersionExpirationDays,
        timeUnit: "DAYS",
        isEnabled: true,
      });
    }
    this.lifecyclePolicy = new ObjectstorageObjectLifecyclePolicy(this, "lifecycle", {
      provider: props.provider,
      namespace: props.namespace,
      bucket: this.bucket.name,
      rules,
    });
  }
}

export interface OciBucketReplicaProps {
  readonly context: DeploymentContext;
  readonly compartmentId: string;
  readonly namespace: string;
  /** Vault key (of this region) encrypting the replica. */
  readonly kmsKeyId: string;
  /** Name of the source bucket in `sourceRegion`. */
  readonly sourceBucketName: string;
  readonly sourceRegion: string;
  /** Provider of the source region: the replication policy belongs to the source bucket. */
  readonly sourceProvider: TerraformProvider;
  /** Lifecycle settings of the source (recorded on the replica construct; the destination itself takes no lifecycle policy). */
  readonly infrequentAccessAfterDays: number;
  readonly noncurrentVersionExpirationDays: number;
  /** Days to keep the replica's read and write access logs. */
  readonly accessLogRetentionDays: number;
  /**
   * Protect the replica from `terraform destroy`.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * The destination of the primary bucket's replication, in this (secondary)
 * region: a read-only (while replicated), encrypted, versioned bucket, and
 * the replication policy on the source bucket pointing at it. OCI allows one
 * replication policy per source bucket, so exactly one region holds a replica.
 */
export class OciBucketReplica extends Construct {
  readonly replica: OciObjectStorage;
  readonly replicationPolicy: ObjectstorageReplicationPolicy;

  constructor(scope: Construct, id: string, props: OciBucketReplicaProps) {
    super(scope, id);
    if (props.sourceRegion === props.context.region) {
      throw new Error(`OciBucketReplica: sourceRegion is this stack's own region (${props.sourceRegion}); replicate to another region.`);
    }
    this.replica = new OciObjectStorage(this, "bucket", {
      context: props.context,
      compartmentId: props.compartmentId,
      namespace: props.namespace,
      kmsKeyId: props.kmsKeyId,
      name: "assets-replica",
      versioning: true,
      infrequentAccessAfterDays: props.infrequentAccessAfterDays,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
      accessLogRetentionDays: props.accessLogRetentionDays,
      preventDestroy: props.preventDestroy,
      // The replication policy owns the destination's content (OCI makes it read-only).
      lifecycleRules: false,
    });
    this.replicationPolicy = new ObjectstorageReplicationPolicy(this, "replication", {
      provider: props.sourceProvider,
      namespace: props.namespace,
      bucket: props.sourceBucketName,
      name: `to-${props.context.region}`,
      destinationBucketName: this.replica.bucket.name,
      destinationRegionName: props.context.region,
    });
  }
}
