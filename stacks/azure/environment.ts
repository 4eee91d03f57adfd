import type { App, TerraformStack } from "cdktf";
import type { EnvironmentConfig } from "../../environments/model";
import type { AzureConfig } from "../../environments/model-azure";
import { stackName } from "../stack-names";
import type { BuildOptions } from "../app";
import { AzureEdgeStack } from "./edge-stack";
import { AzureGlobalStack } from "./global-stack";
import { AzureRegionStack } from "./region-stack";

/**
 * The Azure stacks of one environment, in deploy order:
 *   global (registry, Front Door profile, private DNS zones)
 *   -> primary region -> secondary regions (replicas of the primary's database, peered to it)
 *   -> edge (Front Door endpoint, routes, WAF, DNS: needs every region's app).
 * Front Door needs the regions' app addresses while the regions need the
 * registry and the profile's id: splitting the global layer in two (global
 * first, edge last) keeps the references one-way. The order is also recorded
 * as stack dependencies, so `cdktf deploy` and the deploy scripts follow it.
 */
export function buildAzureEnvironment(app: App, env: EnvironmentConfig, azure: AzureConfig, options: BuildOptions): TerraformStack[] {
  const primaryRegion = azure.regions.find((r) => r.primary);
  if (!primaryRegion) throw new Error(`environments/${env.name}.yaml: azure.regions has no primary region`);
  const secondaryRegions = azure.regions.filter((r) => !r.primary);
  const imageTag = options.imageTag ?? env.service.imageTag;

  const global = new AzureGlobalStack(app, stackName(env.name, "azure", "global"), {
    env,
    azure,
    region: primaryRegion.name,
    replicaRegions: secondaryRegions.map((r) => r.name),
  });

  const primary = new AzureRegionStack(app, stackName(env.name, "azure", primaryRegion.name), { env, azure, region: primaryRegion, global, imageTag });
  primary.addDependency(global);

  const secondaries = secondaryRegions.map((region) => {
    const stack = new AzureRegionStack(app, stackName(env.name, "azure", region.name), { env, azure, region, global, imageTag, primary });
    stack.addDependency(global);
    stack.addDependency(primary);
    return stack;
  });

  const regions = [primary, ...secondaries];
  const edge = new AzureEdgeStack(app, stackName(env.name, "azure", "edge"), { env, azure, global, regions });
  for (const stack of [global, ...regions]) edge.addDependency(stack);

  return [global, ...regions, edge];
}
