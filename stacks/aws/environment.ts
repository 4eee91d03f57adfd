import type { App, TerraformStack } from "cdktf";
import type { AwsConfig, EnvironmentConfig } from "../../environments/model";
import { stackName } from "../stack-names";
import type { BuildOptions } from "../app";
import { AwsEdgeStack } from "./edge-stack";
import { AwsGlobalStack } from "./global-stack";
import { AwsRegionStack } from "./region-stack";

/**
 * The AWS stacks of one environment, in deploy order:
 *   global (registry) -> primary region -> secondary regions -> edge (CDN).
 * The order is also recorded as stack dependencies, so `cdktf deploy` and the
 * deploy scripts follow it.
 */
export function buildAwsEnvironment(app: App, env: EnvironmentConfig, aws: AwsConfig, options: BuildOptions): TerraformStack[] {
  const primaryRegion = aws.regions.find((r) => r.primary);
  if (!primaryRegion) throw new Error(`environments/${env.name}.yaml: aws.regions has no primary region`);
  const secondaryRegions = aws.regions.filter((r) => !r.primary);
  const imageTag = options.imageTag ?? env.service.imageTag;

  const global = new AwsGlobalStack(app, stackName(env.name, "aws", "global"), {
    env,
    aws,
    region: primaryRegion.name,
    replicaRegions: secondaryRegions.map((r) => r.name),
  });

  const primary = new AwsRegionStack(app, stackName(env.name, "aws", primaryRegion.name), {
    env,
    aws,
    region: primaryRegion,
    secondaryRegions: secondaryRegions.map((r) => r.name),
    repositoryName: global.repositoryName,
    imageTag,
  });
  primary.addDependency(global);

  const secondaries = secondaryRegions.map((region) => {
    const stack = new AwsRegionStack(app, stackName(env.name, "aws", region.name), {
      env,
      aws,
      region,
      secondaryRegions: [],
      repositoryName: global.repositoryName,
      imageTag,
      primary,
    });
    stack.addDependency(global);
    stack.addDependency(primary);
    return stack;
  });

  const edge = new AwsEdgeStack(app, stackName(env.name, "aws", "edge"), {
    env,
    aws,
    assetsBucketDomainName: primary.assets.bucketRegionalDomainName,
    failoverAssetsBucketDomainName: primary.assets.replicas[0]?.bucketRegionalDomainName,
  });
  for (const stack of [global, primary, ...secondaries]) edge.addDependency(stack);

  return [global, primary, ...secondaries, edge];
}
