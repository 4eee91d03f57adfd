import type { App, TerraformStack } from "cdktf";
import type { EnvironmentConfig } from "../../environments/model";
import type { OciConfig } from "../../environments/model-oci";
import { stackName } from "../stack-names";
import type { BuildOptions } from "../app";
import { OciGlobalStack } from "./global-stack";
import { OciRegionStack } from "./region-stack";

/**
 * The OCI stacks of one environment, in deploy order:
 *   global (IAM, registries, DNS steering) -> primary region -> secondary regions.
 * There is no edge stack: OCI has no global CDN, so each region's load
 * balancer carries the WAF and Web Application Acceleration, and the global
 * stack's DNS steering policy spreads clients over the regions. The order is
 * recorded as stack dependencies (cross-stack references and `addDependency`).
 */
export function buildOciEnvironment(app: App, env: EnvironmentConfig, oci: OciConfig, options: BuildOptions): TerraformStack[] {
  const primaryRegion = oci.regions.find((r) => r.primary);
  if (!primaryRegion) throw new Error(`environments/${env.name}.yaml: oci.regions has no primary region`);
  const secondaryRegions = oci.regions.filter((r) => !r.primary);
  const imageTag = options.imageTag ?? env.service.imageTag;

  const global = new OciGlobalStack(app, stackName(env.name, "oci", "global"), { env, oci, region: primaryRegion.name });

  const primary = new OciRegionStack(app, stackName(env.name, "oci", primaryRegion.name), {
    env,
    oci,
    region: primaryRegion,
    peerRegions: secondaryRegions,
    imageTag,
  });
  primary.addDependency(global);

  const secondaries = secondaryRegions.map((region, index) => {
    const stack = new OciRegionStack(app, stackName(env.name, "oci", region.name), {
      env,
      oci,
      region,
      peerRegions: [primaryRegion],
      imageTag,
      primary,
      holdsBucketReplica: index === 0,
    });
    stack.addDependency(global);
    stack.addDependency(primary);
    return stack;
  });

  return [global, primary, ...secondaries];
}
