import { TerraformStack, Testing } from "cdktf";
import { CODE_SUPPRESSIONS_KEY } from "../../../policy/engine/suppressions";
import { ACCESS_LOG_PREFIX, EXPORTS_PREFIX, GcpObjectStorage, USAGE_LOG_WRITER, type GcpObjectStorageProps } from "../../../constructs/gcp/object-storage";
import { configsOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { configOf, PROJECT_ID, primaryContext, ref, secondaryContext } from "./fixtures";

const baseProps: GcpObjectStorageProps = {
  context: primaryContext,
  projectId: PROJECT_ID,
  versioning: true,
  noncurrentVersionExpirationDays: 90,
  infrequentAccessAfterDays: 30,
  replicaRegions: [],
  forceDestroy: false,
  accessLogRetentionDays: 365,
};
function synth(overrides: Partial<GcpObjectStorageProps> = {}): { json: SynthJson; storage: GcpObjectStorage } {
  let storage!: GcpObjectStorage;
  const json = synthJson((scope) => {
    storage = new GcpObjectStorage(scope, "assets", { ...baseProps, ...overrides });
    storage.grantReadWrite("grant", "run@mockforge-prod.iam.gserviceaccount.com");
  });
  return { json, storage };
}
const assetsOf = (json: SynthJson) => configOf(json, "google_storage_bucket", "assets_bucket_");
const logsOf = (json: SynthJson) => configOf(json, "google_storage_bucket", "assets_log-bucket");

describe("GcpObjectStorage", () => {
  const { json, storage } = synth();
  const assets = assetsOf(json);
  const logs = logsOf(json);

  it("names the bucket after the deployment and the project (names are global)", () => {
    expect(assets.name).toBe("mockforge-prod-usc1-assets-mockforge-prod");
    expect(storage.bucketName).toBe("mockforge-prod-usc1-assets-mockforge-prod");
  });

  it("uses uniform bucket-level access and enforces public access prevention, on both buckets", () => {
    for (const bucket of [assets, logs]) expect(bucket).toMatchObject({ uniform_bucket_level_access: true, public_access_prevention: "enforced" });
  });

  it("keeps object versions", () => {
    expect(assets.versioning).toEqual({ enabled: true });
  });

  it("expires noncurrent versions, moves exports to Nearline and aborts abandoned uploads", () => {
    expect(assets.lifecycle_rule).toEqual([
      { action: { type: "Delete" }, condition: { days_since_noncurrent_time: 90, with_state: "ARCHIVED" } },
      { action: { type: "SetStorageClass", storage_class: "NEARLINE" }, condition: { age: 30, matches_prefix: [EXPORTS_PREFIX], with_state: "LIVE" } },
      { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7 } },
    ]);
  });

  it("writes usage (access) logs to a separate bucket that expires them", () => {
    expect(assets.logging).toEqual({ log_bucket: ref(json, "google_storage_bucket", "assets_log-bucket", "name"), log_object_prefix: ACCESS_LOG_PREFIX });
    expect(logs.lifecycle_rule).toEqual([{ action: { type: "Delete" }, condition: { age: 365 } }]);
    expect(configsOf(json, "google_storage_bucket_iam_member")).toContainEqual(
      expect.objectContaining({ bucket: ref(json, "google_storage_bucket", "assets_log-bucket", "name"), role: "roles/storage.objectCreator", member: USAGE_LOG_WRITER }),
    );
  });

  it("encrypts both buckets with a CMEK key only the Cloud Storage agent may use, granted first", () => {
    const key = ref(json, "google_kms_crypto_key", "assets_kms_key", "id");
    const agent = Object.keys(json.data!.google_storage_project_service_account)[0];
    for (const bucket of [assets, logs]) {
      expect(bucket.encryption).toEqual({ default_kms_key_name: key });
      expect(bucket.depends_on).toHaveLength(1);
    }
    expect(onlyConfigOf(json, "google_kms_crypto_key_iam_member").member).toBe(`serviceAccount:\${data.google_storage_project_service_account.${agent}.email_address}`);
    expect(onlyConfigOf(json, "google_kms_key_ring").location).toBe("us-central1");
  });

  it("keeps the buckets' key from terraform destroy unless the buckets may be force-destroyed", () => {
    expect(onlyConfigOf(json, "google_kms_crypto_key").lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyConfigOf(synth({ forceDestroy: true }).json, "google_kms_crypto_key").lifecycle).toEqual({ prevent_destroy: false });
  });

  it("records why the log bucket alone is unversioned: a reviewed code suppression of MF-GCP-GCS-4, visible in the synthesized metadata", () => {
    expect(logs.versioning).toEqual({ enabled: false });
    const stack = new TerraformStack(Testing.app(), "storage");
    const built = new GcpObjectStorage(stack, "assets", baseProps);
    const raw = stack.toTerraform() as { resource: Record<string, Record<string, Record<string, any>>> };
    const byId = raw.resource.google_storage_bucket;
    const suppressions = (id: string) => byId[id]["//"]?.[CODE_SUPPRESSIONS_KEY];
    expect(suppressions(stack.getLogicalId(built.logBucket))).toEqual({ "MF-GCP-GCS-4": expect.stringMatching(/only Google's usage-log writer/) });
    expect(suppressions(stack.getLogicalId(built.bucket))).toBeUndefined();
  });

  it("keeps deleted objects restorable for 7 days and refuses to destroy a non-empty bucket", () => {
    for (const bucket of [assets, logs]) expect(bucket).toMatchObject({ soft_delete_policy: { retention_duration_seconds: 604800 }, force_destroy: false });
  });

  it("lives in the region by default", () => {
    expect(assets.location).toBe("US-CENTRAL1");
  });

  it("grants a service account object read/write only", () => {
    expect(configsOf(json, "google_storage_bucket_iam_member")).toContainEqual(
      expect.objectContaining({ role: "roles/storage.objectUser", member: "serviceAccount:run@mockforge-prod.iam.gserviceaccount.com", bucket: ref(json, "google_storage_bucket", "assets_bucket_", "name") }),
    );
  });

  it("goes to the continent's multi-region in multi-region mode, with its key there too", () => {
    const us = synth({ multiRegion: true, replicaRegions: ["europe-west1", "asia-south1"] }).json;
    expect(assetsOf(us).location).toBe("US");
    expect(logsOf(us).location).toBe("US");
    expect(onlyConfigOf(us, "google_kms_key_ring").location).toBe("us");
    const eu = synth({ multiRegion: true, context: secondaryContext }).json;
    expect(assetsOf(eu).location).toBe("EU");
    expect(onlyConfigOf(eu, "google_kms_key_ring").location).toBe("europe");
  });

  it("drops the noncurrent-version rule when versioning is off", () => {
    const rules = assetsOf(synth({ versioning: false }).json).lifecycle_rule;
    expect(rules.map((r: { action: { type: string } }) => r.action.type)).toEqual(["SetStorageClass", "AbortIncompleteMultipartUpload"]);
  });

  it.each<[string, Partial<GcpObjectStorageProps>, RegExp]>([
    ["replication without a multi-region", { replicaRegions: ["europe-west1"] }, /replicaRegions is \[europe-west1\] but multiRegion is false/],
    ["a multi-region where none exists", { multiRegion: true, context: { ...primaryContext, region: "southamerica-east1" } }, /southamerica-east1 has no Cloud Storage multi-region/],
    ["exports moved before 30 days", { infrequentAccessAfterDays: 10 }, /infrequentAccessAfterDays is 10/],
    ["no noncurrent retention", { noncurrentVersionExpirationDays: 0 }, /noncurrentVersionExpirationDays is 0/],
    ["a soft delete below Cloud Storage's minimum", { softDeleteDays: 3 }, /softDeleteDays is 3/],
    ["a bad project id", { projectId: "Mock" }, /projectId "Mock"/],
  ])("rejects %s", (_, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
