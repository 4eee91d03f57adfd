import { Construct } from "constructs";
import { DataGoogleStorageProjectServiceAccount } from "@cdktf/provider-google/lib/data-google-storage-project-service-account";
import { StorageBucket, type StorageBucketLifecycleRule } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { suppressPolicy } from "../../policy/suppress";
import type { BucketHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import type { DeploymentContext, ObjectStorageSpec } from "../core/specs";
import { GcpKmsKey } from "./kms";
import { gcsMultiRegionFor } from "./limits";
import { kmsLocationFor } from "./service-agents";

/** Prefix of exported files, moved to Nearline as they age. */
export const EXPORTS_PREFIX = "exports/";
/** Object prefix of the assets bucket's usage logs in the log bucket. */
export const ACCESS_LOG_PREFIX = "assets/";
/** Google's usage-log writer: it needs objectCreator on the log bucket. */
export const USAGE_LOG_WRITER = "group:cloud-storage-analytics@google.com";
const SECONDS_PER_DAY = 86400;

export interface GcpObjectStorageProps extends ObjectStorageSpec {
  readonly context: DeploymentContext;
  /** Project id: bucket names end with it, since bucket names are global. */
  readonly projectId: string;
  /**
   * Place the buckets in the multi-region of the region's continent (US, EU,
   * ASIA), which Cloud Storage replicates across regions; the only way GCS
   * meets `replicaRegions` (it has no bucket-to-bucket replication).
   * @default false: the buckets live in `context.region`
   */
  readonly multiRegion?: boolean;
  /**
   * Days a deleted or overwritten object stays restorable (soft delete).
   * @default 7
   */
  readonly softDeleteDays?: number;
}

/**
 * MockForge's assets bucket: uniform bucket-level access (no ACLs), public
 * access prevention enforced, CMEK-encrypted (the Cloud Storage service agent
 * alone may use the key), versioned (when the spec says so) with lifecycle
 * rules for noncurrent versions, exports and abandoned uploads, soft delete,
 * and usage logs to a separate, equally private log bucket with its own
 * expiry. In multi-region mode both live in the continent's multi-region.
 */
export class GcpObjectStorage extends Construct implements BucketHandle {
  readonly kmsKey: GcpKmsKey;
  readonly bucket: StorageBucket;
  readonly logBucket: StorageBucket;
  /** The bucket name, known at synth time. */
  readonly bucketName: string;
  /** `US`, `EU`, `ASIA` or the region (upper case, as Cloud Storage reports it). */
  readonly location: string;

  constructor(scope: Construct, id: string, props: GcpObjectStorageProps) {
    super(scope, id);
    validate(props);
    const { context } = props;
    const multi = props.multiRegion === true;
    this.location = multi ? gcsMultiRegionFor(context.region)! : context.region.toUpperCase();

    const gcsAgent = new DataGoogleStorageProjectServiceAccount(this, "gcs-agent");
    this.kmsKey = new GcpKmsKey(this, "kms", {
      context,
      name: "assets",
      location: kmsLocationFor(this.location),
      encrypters: [gcsAgent.emailAddress],
      // A bucket that must survive a destroy keeps the key its objects are encrypted with.
      deletionProtection: !props.forceDestroy,
    });
    const grants = [...this.kmsKey.grants];
    const softDelete = { retentionDurationSeconds: (props.softDeleteDays ?? 7) * SECONDS_PER_DAY };
    const common = {
      location: this.location,
      storageClass: "STANDARD",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      forceDestroy: props.forceDestroy,
      encryption: { defaultKmsKeyName: this.kmsKey.keyId },
      softDeletePolicy: softDelete,
      // The bucket's default key must be usable by the Cloud Storage agent before the first write.
      dependsOn: grants,
    };

    // Names end with the project id: bucket names are global across all of Cloud Storage.
    const suffix = `-${props.projectId}`;
    const logBucketName = `${resourceName(context, "assets-logs", 63 - suffix.length)}${suffix}`;
    this.logBucket = new StorageBucket(this, "log-bucket", {
      ...common,
      name: logBucketName,
      versioning: { enabled: false },
      lifecycleRule: [{ action: { type: "Delete" }, condition: { age: props.accessLogRetentionDays } }],
    });
    new StorageBucketIamMember(this, "log-writer", { bucket: this.logBucket.name, role: "roles/storage.objectCreator", member: USAGE_LOG_WRITER });
    suppressPolicy(
      this.logBucket,
      "MF-GCP-GCS-4",
      "Usage-log bucket of the assets bucket, unversioned on purpose: only Google's usage-log writer (objectCreator, no delete) " +
        "writes to it, each object once; objects expire after accessLogRetentionDays and soft delete keeps deleted ones for " +
        "softDeleteDays, so versions would only keep expired logs.",
    );

    this.bucketName = `${resourceName(context, "assets", 63 - suffix.length)}${suffix}`;
    this.bucket = new StorageBucket(this, "bucket", {
      ...common,
      name: this.bucketName,
      versioning: { enabled: props.versioning },
      lifecycleRule: lifecycleRules(props),
      logging: { logBucket: this.logBucket.name, logObjectPrefix: ACCESS_LOG_PREFIX },
    });
  }

  /** Lets a service account read, write and delete objects (roles/storage.objectUser, no bucket administration). */
  grantReadWrite(id: string, serviceAccountEmail: string): StorageBucketIamMember {
    return new StorageBucketIamMember(this, id, { bucket: this.bucket.name, role: "roles/storage.objectUser", member: `serviceAccount:${serviceAccountEmail}` });
  }
}

function lifecycleRules(props: GcpObjectStorageProps): StorageBucketLifecycleRule[] {
  const rules: StorageBucketLifecycleRule[] = [];
  if (props.versioning) {
    rules.push({ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: props.noncurrentVersionExpirationDays, withState: "ARCHIVED" } });
  }
  rules.push({
    action: { type: "SetStorageClass", storageClass: "NEARLINE" },
    condition: { age: props.infrequentAccessAfterDays, matchesPrefix: [EXPORTS_PREFIX], withState: "LIVE" },
  });
  rules.push({ action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7 } });
  return rules;
}

function validate(props: GcpObjectStorageProps): void {
  const fail = (message: string): never => {
    throw new Error(`GcpObjectStorage (${props.context.environment}, ${props.context.region}): ${message}`);
  };
  const days = (name: string, value: number, min: number, why: string) => {
    if (!Number.isInteger(value) || value < min) fail(`${name} is ${value}; ${why}`);
  };
  days("noncurrentVersionExpirationDays", props.noncurrentVersionExpirationDays, 1, "use a whole number of days, at least 1.");
  days("infrequentAccessAfterDays", props.infrequentAccessAfterDays, 30, "Nearline bills at least 30 days, so move exports after 30 days or more.");
  days("accessLogRetentionDays", props.accessLogRetentionDays, 1, "use a whole number of days, at least 1.");
  const soft = props.softDeleteDays ?? 7;
  if (!Number.isInteger(soft) || soft < 7 || soft > 90) fail(`softDeleteDays is ${soft}; Cloud Storage keeps soft-deleted objects 7 to 90 days.`);
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(props.projectId)) fail(`projectId "${props.projectId}" is not a Google Cloud project id.`);
  if (props.multiRegion && !gcsMultiRegionFor(props.context.region)) {
    fail(`multiRegion is true but ${props.context.region} has no Cloud Storage multi-region (only us-*, europe-* and asia-* regions do).`);
  }
  if (props.replicaRegions.length > 0 && !props.multiRegion) {
    fail(`replicaRegions is [${props.replicaRegions.join(", ")}] but multiRegion is false; Cloud Storage replicates only through multi-region (or dual-region) buckets.`);
  }
}
