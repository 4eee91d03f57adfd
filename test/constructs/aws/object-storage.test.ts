import { TerraformOutput } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AwsObjectStorage, EXPORTS_PREFIX, type AwsObjectStorageProps } from "../../../constructs/aws/object-storage";
import { configsOf, resourcesOf, synthJson, type SynthJson } from "../../support/synth";

const context = { cloud: "aws" as const, environment: "prod", region: "us-east-1", primary: true };
const baseProps: AwsObjectStorageProps = {
  context,
  versioning: true,
  noncurrentVersionExpirationDays: 90,
  infrequentAccessAfterDays: 30,
  replicaRegions: [],
  forceDestroy: false,
  accessLogRetentionDays: 365,
};
const replicaRegions = ["eu-west-1", "ap-south-1"];

function synth(overrides: Partial<AwsObjectStorageProps> = {}, withProviders = false): { json: SynthJson; storage: AwsObjectStorage } {
  let storage!: AwsObjectStorage;
  const json = synthJson((scope) => {
    const replicaProviders = withProviders
      ? Object.fromEntries(replicaRegions.map((region) => [region, new AwsProvider(scope, `aws-${region}`, { region, alias: region })]))
      : undefined;
    storage = new AwsObjectStorage(scope, "assets", { ...baseProps, replicaProviders, ...overrides });
    new TerraformOutput(scope, "bucket_name", { value: storage.bucketName });
  });
  return { json, storage };
}

/** Resource configs of a type that belong to the bucket construct with this id prefix (e.g. "assets_assets_"). */
const of = (json: SynthJson, type: string, prefix: string) =>
  resourcesOf(json, type)
    .filter(([id]) => id.startsWith(prefix))
    .map(([, config]) => config);
const one = (json: SynthJson, type: string, prefix: string) => {
  const found = of(json, type, prefix);
  if (found.length !== 1) throw new Error(`expected one ${type} under ${prefix}, found ${found.length}`);
  return found[0];
};
const idOf = (json: SynthJson, type: string, prefix: string) => resourcesOf(json, type).find(([id]) => id.startsWith(prefix))![0];
const ASSETS = "assets_assets-bucket_";
const LOGS = "assets_log-bucket_";
const policyOf = (json: SynthJson, prefix: string) => JSON.parse(one(json, "aws_s3_bucket_policy", prefix).policy) as { Statement: any[] };
const statement = (json: SynthJson, prefix: string, sid: string) => policyOf(json, prefix).Statement.find((s) => s.Sid === sid);

describe("AwsObjectStorage", () => {
  const { json, storage } = synth();
  const bucketRef = (prefix: string) => `\${aws_s3_bucket.${idOf(json, "aws_s3_bucket", prefix)}`;
  const kmsArn = `\${aws_kms_key.${idOf(json, "aws_kms_key", "assets_kms_")}.arn}`;

  it("names the bucket mockforge-<env>-<region code>-assets-<account id>", () => {
    expect(one(json, "aws_s3_bucket", ASSETS).bucket).toMatch(/^mockforge-prod-use1-assets-\$\{data\.aws_caller_identity\..+\.account_id\}$/);
    expect(one(json, "aws_s3_bucket", ASSETS).force_destroy).toBe(false);
    expect(one(synth({ forceDestroy: true }).json, "aws_s3_bucket", ASSETS).force_destroy).toBe(true);
  });

  it("blocks every form of public access and disables ACLs on every bucket", () => {
    for (const prefix of [ASSETS, LOGS]) {
      expect(one(json, "aws_s3_bucket_public_access_block", prefix)).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(one(json, "aws_s3_bucket_ownership_controls", prefix).rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    }
  });

  it("versions objects when the spec says so", () => {
    expect(one(json, "aws_s3_bucket_versioning", ASSETS).versioning_configuration).toEqual({ status: "Enabled" });
    expect(of(synth({ versioning: false }).json, "aws_s3_bucket_versioning", ASSETS)).toHaveLength(0);
  });

  it("encrypts with SSE-KMS under its own rotating key, with S3 Bucket Keys", () => {
    const rule = one(json, "aws_s3_bucket_server_side_encryption_configuration", ASSETS).rule[0];
    expect(rule).toEqual({
      apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: kmsArn },
      bucket_key_enabled: true,
    });
    expect(resourcesOf(json, "aws_kms_key").find(([id]) => id.startsWith("assets_kms_"))![1].enable_key_rotation).toBe(true);
  });

  it("refuses plain HTTP and TLS older than 1.2 on every bucket", () => {
    for (const prefix of [ASSETS, LOGS]) {
      const ref = bucketRef(prefix);
      expect(statement(json, prefix, "DenyInsecureTransport")).toEqual({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`${ref}.arn}`, `${ref}.arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
      expect(statement(json, prefix, "DenyTlsOlderThan12")).toMatchObject({
        Effect: "Deny",
        Action: "s3:*",
        Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
      });
      // The policy waits for the public access block, which S3 would otherwise race against.
      expect(one(json, "aws_s3_bucket_policy", prefix).depends_on).toEqual([
        `aws_s3_bucket_public_access_block.${idOf(json, "aws_s3_bucket_public_access_block", prefix)}`,
      ]);
    }
  });

  it("lets CloudFront (origin access control of this account's distributions) read objects and decrypt them", () => {
    const read = statement(json, ASSETS, "CloudFrontOriginAccessControlRead");
    expect(read).toMatchObject({ Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject" });
    expect(read.Resource).toMatch(/^arn:aws:s3:::mockforge-prod-use1-assets-.+\/\*$/);
    expect(read.Condition.ArnLike["AWS:SourceArn"]).toMatch(/^arn:aws:cloudfront::\$\{data\.aws_caller_identity\..+\.account_id\}:distribution\/\*$/);
    const keyPolicy = JSON.parse(resourcesOf(json, "aws_kms_key").find(([id]) => id.startsWith("assets_kms_"))![1].policy);
    const grant = keyPolicy.Statement.find((s: any) => s.Principal.Service === "cloudfront.amazonaws.com");
    expect(grant.Action).toEqual(["kms:Decrypt"]);
    expect(grant.Condition).toEqual(read.Condition);

    const closed = synth({ cloudFrontAccess: false }).json;
    expect(statement(closed, ASSETS, "CloudFrontOriginAccessControlRead")).toBeUndefined();
    const closedKey = JSON.parse(resourcesOf(closed, "aws_kms_key").find(([id]) => id.startsWith("assets_kms_"))![1].policy);
    expect(closedKey.Statement).toHaveLength(1);
  });

  it("expires noncurrent versions, moves exports to STANDARD_IA and aborts stale multipart uploads", () => {
    const rules = one(json, "aws_s3_bucket_lifecycle_configuration", ASSETS).rule as any[];
    const byId = Object.fromEntries(rules.map((r) => [r.id, r]));
    for (const r of rules) expect(r.status).toBe("Enabled");
    expect(byId["expire-noncurrent-versions"].noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
    expect(byId["exports-to-infrequent-access"].filter).toEqual([{ prefix: EXPORTS_PREFIX }]);
    expect(byId["exports-to-infrequent-access"].transition).toEqual([{ days: 30, storage_class: "STANDARD_IA" }]);
    expect(byId["abort-incomplete-multipart-uploads"].abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
    expect(one(json, "aws_s3_bucket_lifecycle_configuration", ASSETS).depends_on).toEqual([
      `aws_s3_bucket_versioning.${idOf(json, "aws_s3_bucket_versioning", ASSETS)}`,
    ]);
  });

  it("logs access to a separate SSE-S3 bucket that expires logs and admits only S3 log delivery for this bucket", () => {
    const logging = configsOf(json, "aws_s3_bucket_logging");
    expect(logging).toHaveLength(1);
    expect(logging[0].bucket).toBe(`${bucketRef(ASSETS)}.id}`);
    expect(logging[0].target_bucket).toBe(`${bucketRef(LOGS)}.id}`);
    expect(logging[0].target_prefix).toBe("s3-access/");
    expect(one(json, "aws_s3_bucket", LOGS).bucket).toMatch(/^mockforge-prod-use1-assets-logs-/);
    expect(one(json, "aws_s3_bucket_server_side_encryption_configuration", LOGS).rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: "AES256",
    });
    const rules = one(json, "aws_s3_bucket_lifecycle_configuration", LOGS).rule as any[];
    expect(rules.find((r) => r.id === "expire-access-logs").expiration).toEqual([{ days: 365 }]);
    const delivery = statement(json, LOGS, "S3ServerAccessLogsDelivery");
    expect(delivery).toMatchObject({ Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject" });
    expect(delivery.Condition.ArnLike["aws:SourceArn"]).toMatch(/^arn:aws:s3:::mockforge-prod-use1-assets-\$\{/);
    expect(delivery.Condition.StringEquals["aws:SourceAccount"]).toMatch(/aws_caller_identity/);
  });

  it("does not replicate without replica regions", () => {
    expect(configsOf(json, "aws_s3_bucket_replication_configuration")).toHaveLength(0);
    expect(storage.replicas).toHaveLength(0);
  });
});

describe("AwsObjectStorage (replication)", () => {
  const { json, storage } = synth({ replicaRegions }, true);
  const replication = resourcesOf(json, "aws_s3_bucket_replication_configuration")[0][1];

  it("creates one hardened, versioned, KMS-encrypted replica per region with that region's provider", () => {
    expect(storage.replicas).toHaveLength(2);
    replicaRegions.forEach((region, i) => {
      const prefix = `assets_replica-${region}_`;
      const bucket = one(json, "aws_s3_bucket", prefix);
      expect(bucket.provider).toBe(`aws.${region}`);
      expect(bucket.bucket).toMatch(new RegExp(`^mockforge-prod-${["euw1", "aps1"][i]}-assets-replica-`));
      expect(one(json, "aws_s3_bucket_versioning", prefix).versioning_configuration.status).toBe("Enabled");
      expect(one(json, "aws_s3_bucket_public_access_block", prefix).restrict_public_buckets).toBe(true);
      expect(one(json, "aws_s3_bucket_ownership_controls", prefix).rule.object_ownership).toBe("BucketOwnerEnforced");
      expect(statement(json, prefix, "DenyInsecureTransport")).toBeDefined();
      const keyId = idOf(json, "aws_kms_key", `assets_replica-kms-${region}_`);
      const key = resourcesOf(json, "aws_kms_key").find(([id]) => id === keyId)![1];
      expect(key.provider).toBe(`aws.${region}`);
      expect(key.enable_key_rotation).toBe(true);
      expect(one(json, "aws_s3_bucket_server_side_encryption_configuration", prefix).rule[0].apply_server_side_encryption_by_default).toEqual({
        sse_algorithm: "aws:kms",
        kms_master_key_id: `\${aws_kms_key.${keyId}.arn}`,
      });
    });
  });

  it("replicates every object, delete markers and SSE-KMS objects (re-encrypted with the replica's key)", () => {
    expect(replication.rule).toHaveLength(2);
    replication.rule.forEach((rule: any, i: number) => {
      const region = replicaRegions[i];
      expect(rule).toMatchObject({
        status: "Enabled",
        priority: i + 1,
        filter: {},
        delete_marker_replication: { status: "Enabled" },
        source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
      });
      expect(rule.destination.bucket).toBe(`\${aws_s3_bucket.${idOf(json, "aws_s3_bucket", `assets_replica-${region}_`)}.arn}`);
      expect(rule.destination.encryption_configuration).toEqual({
        replica_kms_key_id: `\${aws_kms_key.${idOf(json, "aws_kms_key", `assets_replica-kms-${region}_`)}.arn}`,
      });
    });
  });

  it("configures replication only after versioning is on at both ends, with a least-privilege role", () => {
    const versioning = resourcesOf(json, "aws_s3_bucket_versioning").map(([id]) => `aws_s3_bucket_versioning.${id}`);
    expect(new Set(replication.depends_on)).toEqual(new Set(versioning));
    expect(versioning).toHaveLength(3);
    expect(replication.role).toBe(`\${aws_iam_role.${idOf(json, "aws_iam_role", "assets_replication-role_")}.arn}`);
    const policy = JSON.parse(configsOf(json, "aws_iam_role_policy")[0].policy);
    const actions = policy.Statement.flatMap((s: any) => [s.Action].flat());
    expect(actions).not.toContain("*");
    expect(actions).not.toContain("s3:*");
    expect(actions).toEqual(expect.arrayContaining(["s3:ReplicateObject", "s3:ReplicateDelete", "kms:Decrypt", "kms:Encrypt"]));
    for (const s of policy.Statement) expect(s.Resource).not.toBe("*");
  });

  it("gives the replicas CloudFront read access so the CDN can fail over to them", () => {
    expect(statement(json, "assets_replica-eu-west-1_", "CloudFrontOriginAccessControlRead")).toBeDefined();
  });
});

describe("AwsObjectStorage validation", () => {
  it.each<[string, Partial<AwsObjectStorageProps>, boolean, RegExp]>([
    ["a replica region without a provider", { replicaRegions }, false, /replicaProviders has no provider for eu-west-1, ap-south-1/],
    ["replication without versioning", { replicaRegions, versioning: false }, true, /versioning is false; S3 replication needs versioning on/],
    ["replicating into its own region", { replicaRegions: ["us-east-1"] }, true, /includes this bucket's own region us-east-1/],
    ["a duplicated replica region", { replicaRegions: ["eu-west-1", "eu-west-1"] }, true, /lists a region twice/],
    ["an early infrequent-access transition", { infrequentAccessAfterDays: 10 }, false, /infrequentAccessAfterDays is 10; S3 moves objects to STANDARD_IA only after at least 30 days/],
    ["zero noncurrent days", { noncurrentVersionExpirationDays: 0 }, false, /noncurrentVersionExpirationDays is 0/],
    ["zero log retention", { accessLogRetentionDays: 0 }, false, /accessLogRetentionDays is 0/],
  ])("rejects %s", (_, overrides, withProviders, message) => {
    expect(() => synth(overrides, withProviders)).toThrow(message);
  });
});
