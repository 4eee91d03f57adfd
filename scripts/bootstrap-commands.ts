/**
 * The chicken-and-egg step: each cloud's remote-state location (named in the
 * environment files) must exist before any stack can `terraform init`, so it
 * is created with the cloud's CLI rather than by a stack. Pure: environment
 * config in, the exact commands out (printed in a dry run, run with --apply).
 */
import type { EnvironmentConfig } from "../environments/model";
import type { Cloud } from "./stacks";

export interface CliCommand {
  readonly command: "aws" | "gcloud" | "az" | "oci";
  readonly args: readonly string[];
}

export interface StateLocationPlan {
  readonly cloud: Cloud;
  /** e.g. `s3://mockforge-tfstate-prod (us-east-1)`. */
  readonly location: string;
  /** Environments whose state lives here (several may share one OCI bucket). */
  readonly environments: readonly string[];
  /** When this succeeds the location exists and `create` is skipped; `configure` always runs (idempotent). */
  readonly exists: CliCommand;
  readonly create: readonly CliCommand[];
  readonly configure: readonly CliCommand[];
}

/** Denies every request not made over TLS (the bucket policy half of "TLS only"). */
export function s3TlsOnlyPolicy(bucket: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });
}

const S3_ENCRYPTION = JSON.stringify({ Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" }, BucketKeyEnabled: true }] });

function awsPlan(env: EnvironmentConfig): StateLocationPlan | undefined {
  if (!env.aws) return undefined;
  const { bucket, region } = env.aws.state;
  const base = ["--bucket", bucket, "--region", region];
  // us-east-1 rejects an explicit LocationConstraint; every other region requires one.
  const location = region === "us-east-1" ? [] : ["--create-bucket-configuration", `LocationConstraint=${region}`];
  return {
    cloud: "aws",
    location: `s3://${bucket} (${region})`,
    environments: [env.name],
    exists: { command: "aws", args: ["s3api", "head-bucket", ...base] },
    create: [{ command: "aws", args: ["s3api", "create-bucket", ...base, ...location] }],
    configure: [
      { command: "aws", args: ["s3api", "put-public-access-block", ...base, "--public-access-block-configuration", "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"] },
      { command: "aws", args: ["s3api", "put-bucket-versioning", ...base, "--versioning-configuration", "Status=Enabled"] },
      { command: "aws", args: ["s3api", "put-bucket-encryption", ...base, "--server-side-encryption-configuration", S3_ENCRYPTION] },
      { command: "aws", args: ["s3api", "put-bucket-policy", ...base, "--policy", s3TlsOnlyPolicy(bucket)] },
    ],
  };
}

function primaryRegion(regions: readonly { readonly name: string; readonly primary: boolean }[]): string {
  return (regions.find((r) => r.primary) ?? regions[0]).name;
}

function gcpPlan(env: EnvironmentConfig): StateLocationPlan | undefined {
  if (!env.gcp) return undefined;
  const { bucket } = env.gcp.state;
  const project = `--project=${env.gcp.projectId}`;
  const region = primaryRegion(env.gcp.regions);
  return {
    cloud: "gcp",
    location: `gs://${bucket} (${region})`,
    environments: [env.name],
    exists: { command: "gcloud", args: ["storage", "buckets", "describe", `gs://${bucket}`, project] },
    create: [
      { command: "gcloud", args: ["storage", "buckets", "create", `gs://${bucket}`, project, `--location=${region}`, "--uniform-bucket-level-access", "--public-access-prevention"] },
    ],
    configure: [
      { command: "gcloud", args: ["storage", "buckets", "update", `gs://${bucket}`, project, "--versioning", "--uniform-bucket-level-access", "--public-access-prevention"] },
    ],
  };
}

// TLS >= 1.2, HTTPS only, no anonymous blob access; the backend authenticates with Entra ID, so shared keys stay off.
const AZURE_SECURE = ["--min-tls-version", "TLS1_2", "--https-only", "true", "--allow-blob-public-access", "false", "--allow-shared-key-access", "false"];

function azurePlan(env: EnvironmentConfig): StateLocationPlan | undefined {
  if (!env.azure) return undefined;
  const { resourceGroupName, storageAccountName, containerName } = env.azure.state;
  const subscription = ["--subscription", env.azure.subscriptionId];
  const location = primaryRegion(env.azure.regions);
  const account = ["--name", storageAccountName, "--resource-group", resourceGroupName, ...subscription];
  return {
    cloud: "azure",
    location: `${storageAccountName}/${containerName} (${location})`,
    environments: [env.name],
    exists: { command: "az", args: ["storage", "account", "show", ...account] },
    create: [
      { command: "az", args: ["group", "create", "--name", resourceGroupName, "--location", location, ...subscription] },
      {
        command: "az",
        args: ["storage", "account", "create", ...account, "--location", location, "--kind", "StorageV2", "--sku", "Standard_ZRS", ...AZURE_SECURE],
      },
    ],
    configure: [
      {
        command: "az",
        args: ["storage", "account", "update", ...account, ...AZURE_SECURE],
      },
      {
        command: "az",
        args: ["storage", "account", "blob-service-properties", "update", "--account-name", storageAccountName, "--resource-group", resourceGroupName, ...subscription, "--enable-versioning", "true", "--enable-delete-retention", "true", "--delete-retention-days", "30"],
      },
      {
        command: "az",
        args: ["storage", "container", "create", "--name", containerName, "--account-name", storageAccountName, "--auth-mode", "login", "--public-access", "off", ...subscription],
      },
    ],
  };
}

function ociPlan(env: EnvironmentConfig): StateLocationPlan | undefined {
  if (!env.oci) return undefined;
  const { bucket, namespace, region } = env.oci.state;
  const where = ["--namespace-name", namespace, "--region", region];
  return {
    cloud: "oci",
    location: `${namespace}/${bucket} (${region})`,
    environments: [env.name],
    exists: { command: "oci", args: ["os", "bucket", "get", "--bucket-name", bucket, ...where] },
    create: [
      {
        command: "oci",
        args: ["os", "bucket", "create", "--name", bucket, "--compartment-id", env.oci.compartmentId, ...where, "--versioning", "Enabled", "--public-access-type", "NoPublicAccess"],
      },
    ],
    configure: [
      { command: "oci", args: ["os", "bucket", "update", "--bucket-name", bucket, ...where, "--versioning", "Enabled", "--public-access-type", "NoPublicAccess"] },
    ],
  };
}

/**
 * One plan per distinct state location, for the given clouds (all by
 * default). Environments sharing a location (the same OCI bucket) are merged:
 * the first environment's settings (compartment) create it.
 */
export function bootstrapPlans(environments: readonly EnvironmentConfig[], clouds?: readonly Cloud[]): StateLocationPlan[] {
  const builders: Record<Cloud, (env: EnvironmentConfig) => StateLocationPlan | undefined> = { aws: awsPlan, gcp: gcpPlan, azure: azurePlan, oci: ociPlan };
  const byLocation = new Map<string, StateLocationPlan>();
  for (const cloud of clouds ?? (Object.keys(builders) as Cloud[])) {
    for (const env of environments) {
      const plan = builders[cloud](env);
      if (!plan) continue;
      const seen = byLocation.get(plan.location);
      byLocation.set(plan.location, seen ? { ...seen, environments: [...seen.environments, env.name] } : plan);
    }
  }
  return [...byLocation.values()];
}
