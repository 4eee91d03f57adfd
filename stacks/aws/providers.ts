import { S3Backend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { AwsConfig } from "../../environments/model";

/**
 * An AWS provider for `region`. The default provider has no alias; extra
 * regions (replicas, the primary region seen from a secondary) get one.
 */
export function awsProvider(scope: Construct, id: string, region: string, alias?: string): AwsProvider {
  return new AwsProvider(scope, id, { region, alias });
}

/**
 * Remote state per stack: `<keyPrefix>/<stack>.tfstate` in the environment's
 * state bucket, encrypted, with S3-native locking (Terraform >= 1.10).
 */
export function useS3Backend(stack: TerraformStack, state: AwsConfig["state"], stackName: string): S3Backend {
  const backend = new S3Backend(stack, {
    bucket: state.bucket,
    key: `${state.keyPrefix}/${stackName}.tfstate`,
    region: state.region,
    encrypt: true,
  });
  // cdktf 0.21's typed config predates S3 lockfiles; the override writes `use_lockfile = true`.
  backend.addOverride("use_lockfile", true);
  return backend;
}
