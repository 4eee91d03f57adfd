import { loadEnvironments } from "../../environments/load";
import { applyPlans } from "../../scripts/bootstrap";
import { bootstrapPlans, type CliCommand, s3TlsOnlyPolicy } from "../../scripts/bootstrap-commands";
import { formatCommand } from "../../scripts/runner";
import { FakeRunner } from "./fake-runner";

// The real environment files: the commands must match what the stacks' backends read.
const environments = loadEnvironments();
const byEnv = (name: string) => environments.find((e) => e.name === name)!;
const line = (c: CliCommand) => formatCommand(c.command, c.args);
const plansFor = (env: string, cloud: "aws" | "gcp" | "azure" | "oci") => bootstrapPlans([byEnv(env)], [cloud])[0];

test("AWS: the S3 bucket of the environment file, versioned, KMS-encrypted, public access blocked, TLS only", () => {
  const prod = byEnv("prod");
  const plan = plansFor("prod", "aws");
  const bucket = prod.aws!.state.bucket;
  expect(plan.location).toBe(`s3://${bucket} (${prod.aws!.state.region})`);
  expect(line(plan.exists)).toBe(`aws s3api head-bucket --bucket ${bucket} --region us-east-1`);
  // us-east-1 takes no LocationConstraint.
  expect(plan.create.map(line)).toEqual([`aws s3api create-bucket --bucket ${bucket} --region us-east-1`]);
  const configure = plan.configure.map(line);
  expect(configure).toContain(
    `aws s3api put-public-access-block --bucket ${bucket} --region us-east-1 --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`,
  );
  expect(configure).toContain(`aws s3api put-bucket-versioning --bucket ${bucket} --region us-east-1 --versioning-configuration Status=Enabled`);
  expect(configure.find((c) => c.includes("put-bucket-encryption"))).toContain(`"SSEAlgorithm":"aws:kms"`);
  const policyCommand = plan.configure.find((c) => c.args.includes("put-bucket-policy"))!;
  const policy = JSON.parse(policyCommand.args[policyCommand.args.indexOf("--policy") + 1]);
  expect(policy.Statement[0]).toMatchObject({ Effect: "Deny", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } });
  expect(policy.Statement[0].Resource).toEqual([`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`]);
});

test("AWS outside us-east-1 passes the LocationConstraint", () => {
  const prod = byEnv("prod");
  const moved = { ...prod, aws: { ...prod.aws!, state: { ...prod.aws!.state, region: "eu-west-1" } } };
  expect(bootstrapPlans([moved], ["aws"])[0].create[0].args).toEqual(
    expect.arrayContaining(["--create-bucket-configuration", "LocationConstraint=eu-west-1"]),
  );
  expect(s3TlsOnlyPolicy("b")).toContain('"aws:SecureTransport":"false"');
});

test("GCP: the GCS bucket with versioning, uniform access and public access prevention in the primary region", () => {
  const prod = byEnv("prod");
  const plan = plansFor("prod", "gcp");
  const bucket = `gs://${prod.gcp!.state.bucket}`;
  expect(plan.create.map(line)).toEqual([
    `gcloud storage buckets create ${bucket} --project=${prod.gcp!.projectId} --location=us-central1 --uniform-bucket-level-access --public-access-prevention`,
  ]);
  expect(plan.configure.map(line)).toEqual([
    `gcloud storage buckets update ${bucket} --project=${prod.gcp!.projectId} --versioning --uniform-bucket-level-access --public-access-prevention`,
  ]);
});

test("Azure: storage account with TLS 1.2, no public blobs, no shared keys; blob versioning; the container", () => {
  const prod = byEnv("prod");
  const { storageAccountName, containerName, resourceGroupName } = prod.azure!.state;
  const plan = plansFor("prod", "azure");
  const all = [...plan.create, ...plan.configure].map(line);
  const create = all.find((c) => c.startsWith("az storage account create"))!;
  const update = all.find((c) => c.startsWith("az storage account update"))!;
  for (const cmd of [create, update]) {
    expect(cmd).toContain(`--name ${storageAccountName} --resource-group ${resourceGroupName} --subscription ${prod.azure!.subscriptionId}`);
    expect(cmd).toContain("--min-tls-version TLS1_2");
    expect(cmd).toContain("--allow-blob-public-access false");
    expect(cmd).toContain("--https-only true");
    expect(cmd).toContain("--allow-shared-key-access false");
  }
  expect(all.find((c) => c.includes("blob-service-properties update"))).toContain("--enable-versioning true");
  expect(all).toContain(
    `az storage container create --name ${containerName} --account-name ${storageAccountName} --auth-mode login --public-access off --subscription ${prod.azure!.subscriptionId}`,
  );
});

test("OCI: the bucket with versioning and no public access, in the state region; environments sharing it are merged", () => {
  const dev = byEnv("dev");
  const { bucket, namespace, region } = dev.oci!.state;
  const plans = bootstrapPlans(environments, ["oci"]);
  expect(plans).toHaveLength(new Set(environments.map((e) => `${e.oci!.state.namespace}/${e.oci!.state.bucket}`)).size);
  const shared = plans.find((p) => p.location === `${namespace}/${bucket} (${region})`)!;
  expect(shared.environments).toEqual(environments.filter((e) => e.oci!.state.bucket === bucket).map((e) => e.name));
  expect(line(shared.create[0])).toBe(
    `oci os bucket create --name ${bucket} --compartment-id ${environments.find((e) => e.oci!.state.bucket === bucket)!.oci!.compartmentId} --namespace-name ${namespace} --region ${region} --versioning Enabled --public-access-type NoPublicAccess`,
  );
  expect(line(shared.configure[0])).toContain("--versioning Enabled --public-access-type NoPublicAccess");
});

test("one plan per cloud and environment location, covering every environment file", () => {
  const plans = bootstrapPlans(environments);
  for (const env of environments) {
    for (const cloud of ["aws", "gcp", "azure"] as const) {
      expect(plans.filter((p) => p.cloud === cloud && p.environments.includes(env.name))).toHaveLength(1);
    }
  }
});

describe("applyPlans", () => {
  const plans = bootstrapPlans([byEnv("dev")], ["aws", "gcp"]);

  test("dry run prints the commands and runs nothing", async () => {
    const runner = new FakeRunner();
    const lines: string[] = [];
    expect(await applyPlans(plans, false, runner, (l) => lines.push(l))).toBe(0);
    expect(runner.calls).toHaveLength(0);
    expect(lines).toContain(line(plans[0].create[0]));
    expect(lines).toContain(line(plans[1].configure[0]));
  });

  test("--apply skips creation when the location exists, configures it anyway, and stops at a failure", async () => {
    const runner = new FakeRunner((call) => {
      if (call.args.includes("head-bucket")) return { code: 0 }; // the S3 bucket exists
      if (call.args.includes("describe")) return { code: 1 }; // the GCS bucket does not
      if (call.args.includes("update")) return { code: 5 };
      return { code: 0 };
    });
    const lines: string[] = [];
    expect(await applyPlans(plans, true, runner, (l) => lines.push(l))).toBe(5);
    const ran = runner.calls.map((c) => `${c.command} ${c.args.slice(0, 3).join(" ")}`);
    expect(ran).not.toContain("aws s3api create-bucket --bucket");
    expect(ran.filter((r) => r.startsWith("aws s3api put-"))).toHaveLength(4);
    expect(ran.slice(-3)).toEqual(["gcloud storage buckets describe", "gcloud storage buckets create", "gcloud storage buckets update"]);
    expect(lines[lines.length - 1]).toMatch(/^bootstrap: failed \(exit 5\): gcloud storage buckets update/);
  });
});
