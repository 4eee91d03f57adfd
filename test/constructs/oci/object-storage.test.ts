import { OciProvider } from "../../../constructs/oci/bindings/provider";
import { OciBucketReplica, OciObjectStorage, type OciObjectStorageProps } from "../../../constructs/oci/object-storage";
import { configsOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { COMPARTMENT_ID, configOf, primaryContext, ref, secondaryContext } from "./fixtures";

const baseProps: OciObjectStorageProps = {
  context: primaryContext,
  compartmentId: COMPARTMENT_ID,
  namespace: "mockforgens",
  kmsKeyId: "ocid1.key.oc1.iad.storage",
  versioning: true,
  infrequentAccessAfterDays: 30,
  noncurrentVersionExpirationDays: 90,
  accessLogRetentionDays: 90,
};
const synth = (overrides: Partial<OciObjectStorageProps> = {}): SynthJson =>
  synthJson((scope) => {
    new OciObjectStorage(scope, "assets", { ...baseProps, ...overrides });
  });
const BUCKET = "oci_objectstorage_bucket";
const LIFECYCLE = "oci_objectstorage_object_lifecycle_policy";
const LOG = "oci_logging_log";

describe("OciObjectStorage", () => {
  const json = synth();
  const bucket = onlyConfigOf(json, BUCKET);

  it("allows no public access", () => {
    expect(bucket.access_type).toBe("NoPublicAccess");
  });

  it("encrypts with the Vault key", () => {
    expect(bucket.kms_key_id).toBe("ocid1.key.oc1.iad.storage");
  });

  it("follows the versioning prop", () => {
    expect(bucket.versioning).toBe("Enabled");
    expect(onlyConfigOf(synth({ versioning: false }), BUCKET).versioning).toBe("Disabled");
  });

  it("is named per environment and region, in the tenancy namespace, emitting object events", () => {
    expect(bucket).toMatchObject({ name: "mockforge-prod-usash1-assets", namespace: "mockforgens", compartment_id: COMPARTMENT_ID, object_events_enabled: true });
  });

  it("has a lifecycle policy: Infrequent Access, abort stale uploads, delete old versions", () => {
    const policy = onlyConfigOf(json, LIFECYCLE);
    expect(policy.bucket).toBe(ref(json, BUCKET, "assets", "name"));
    expect(policy.rules).toEqual([
      { name: "infrequent-access", action: "INFREQUENT_ACCESS", target: "objects", time_amount: 30, time_unit: "DAYS", is_enabled: true },
      { name: "abort-incomplete-uploads", action: "ABORT", target: "multipart-uploads", time_amount: 7, time_unit: "DAYS", is_enabled: true },
      { name: "expire-noncurrent-versions", action: "DELETE", target: "previous-object-versions", time_amount: 90, time_unit: "DAYS", is_enabled: true },
    ]);
    expect(onlyConfigOf(synth({ versioning: false }), LIFECYCLE).rules.map((r: { name: string }) => r.name)).toEqual(["infrequent-access", "abort-incomplete-uploads"]);
  });

  it("refuses terraform destroy unless told otherwise", () => {
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyConfigOf(synth({ preventDestroy: false }), BUCKET).lifecycle).toEqual({ prevent_destroy: false });
  });

  it("logs read and write access to OCI Logging, naming the bucket, kept the access log retention", () => {
    const logs = configsOf(json, LOG);
    expect(logs.map((l) => l.configuration[0].source[0].category).sort()).toEqual(["read", "write"]);
    for (const log of logs) {
      expect(log).toMatchObject({ log_type: "SERVICE", is_enabled: true, retention_duration: 90, log_group_id: ref(json, "oci_logging_log_group", "assets", "id") });
      expect(log.configuration[0].source[0]).toMatchObject({ source_type: "OCISERVICE", service: "objectstorage", resource: ref(json, BUCKET, "assets", "name") });
    }
    // OCI keeps service logs in 30-day steps.
    expect(configsOf(synth({ accessLogRetentionDays: 45 }), LOG).map((l) => l.retention_duration)).toEqual([60, 60]);
  });

  it("rejects impossible lifecycle days", () => {
    expect(() => synth({ infrequentAccessAfterDays: 0 })).toThrow(/infrequentAccessAfterDays is 0/);
  });
});

describe("OciBucketReplica", () => {
  const json = synthJson((scope) => {
    const primary = new OciProvider(scope, "oci-primary", { region: "us-ashburn-1", alias: "primary" });
    new OciBucketReplica(scope, "assets-replica", {
      context: secondaryContext,
      compartmentId: COMPARTMENT_ID,
      namespace: "mockforgens",
      kmsKeyId: "ocid1.key.oc1.fra.storage",
      sourceBucketName: "mockforge-prod-usash1-assets",
      sourceRegion: "us-ashburn-1",
      sourceProvider: primary,
      infrequentAccessAfterDays: 30,
      noncurrentVersionExpirationDays: 90,
      accessLogRetentionDays: 30,
    });
  });

  it("creates a private, encrypted, versioned destination bucket in this region", () => {
    const replica = onlyConfigOf(json, BUCKET);
    expect(replica).toMatchObject({ name: "mockforge-prod-eufra1-assets-replica", access_type: "NoPublicAccess", kms_key_id: "ocid1.key.oc1.fra.storage", versioning: "Enabled" });
    expect(replica.lifecycle).toEqual({ prevent_destroy: true });
    expect(configsOf(json, LIFECYCLE)).toEqual([]);
  });

  it("logs read and write access to the replica too, in this region", () => {
    const logs = configsOf(json, LOG);
    expect(logs.map((l) => l.configuration[0].source[0]).map((src) => [src.service, src.category, src.resource])).toEqual([
      ["objectstorage", "read", ref(json, BUCKET, "assets-replica", "name")],
      ["objectstorage", "write", ref(json, BUCKET, "assets-replica", "name")],
    ]);
    for (const log of logs) expect(log.provider).toBeUndefined();
  });

  it("puts the replication policy on the primary bucket, through the primary region's provider", () => {
    const policy = onlyConfigOf(json, "oci_objectstorage_replication_policy");
    expect(policy).toMatchObject({
      bucket: "mockforge-prod-usash1-assets",
      namespace: "mockforgens",
      destination_region_name: "eu-frankfurt-1",
      destination_bucket_name: ref(json, BUCKET, "assets-replica", "name"),
      provider: "oci.primary",
    });
    expect(configOf(json, BUCKET, "assets-replica")).toBeDefined();
  });
});
