import type { App, TerraformStack } from "cdktf";
import type { EnvironmentConfig } from "../../environments/model";
import type { GcpConfig } from "../../environments/model-gcp";
import { stackName } from "../stack-names";
import type { BuildOptions } from "../app";
import { GcpEdgeStack } from "./edge-stack";
import { GcpGlobalStack } from "./global-stack";
import { GcpRegionStack } from "./region-stack";

/**
 * The GCP stacks of one environment, in deploy order:
 *   global (APIs, VPC, registry) -> primary region -> secondary regions -> edge (load balancer, Armor, CDN, DNS).
 * The global stack holds what regions need and needs nothing from them; the
 * edge stack needs every region's NEG and the primary's bucket. Splitting the
 * two is what keeps the order free of cycles. The order is recorded as stack
 * dependencies (cross-stack references and `addDependency`).
 */
export function buildGcpEnvironment(app: App, env: EnvironmentConfig, gcp: GcpConfig, options: BuildOptions): TerraformStack[] {
  const primaryRegion = gcp.regions.find((r) => r.primary);
  if (!primaryRegion) throw new Error(`environments/${env.name}.yaml: gcp.regions has no primary region`);
  const secondaryRegions = gcp.regions.filter((r) => !r.primary);
  const imageTag = options.imageTag ?? env.service.imageTag;
  const repositoryId = GcpGlobalStack.repositoryIdFor(env.name);

  const global = new GcpGlobalStack(app, stackName(env.name, "gcp", "global"), { env, gcp, region: primaryRegion.name });
  const regionProps = { env, gcp, registryLocation: primaryRegion.name, repositoryId, imageTag };

  const primary = new GcpRegionStack(app, stackName(env.name, "gcp", primaryRegion.name), {
    ...regionProps,
    region: primaryRegion,
    secondaryRegions: secondaryRegions.map((r) => r.name),
  });
  primary.addDependency(global);

  const secondaries = secondaryRegions.map((region) => {
    const stack = new GcpRegionStack(app, stackName(env.name, "gcp", region.name), { ...regionProps, region, secondaryRegions: [], primary });
    stack.addDependency(global);
    stack.addDependency(primary);
    return stack;
  });

  const regions = [primary, ...secondaries];
  const edge = new GcpEdgeStack(app, stackName(env.name, "gcp", "edge"), {
    env,
    gcp,
    region: primaryRegion.name,
    negIds: regions.map((stack) => stack.composed.loadBalancer.negId),
    assetsBucketName: primary.composed.bucket.bucket.name,
  });
  for (const stack of [global, ...regions]) edge.addDependency(stack);

  return [global, ...regions, edge];
}
