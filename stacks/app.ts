import type { App, TerraformStack } from "cdktf";
import type { EnvironmentSet } from "../environments/model";

/*
 * Each cloud's stacks (and its provider bindings, the bulk of what a synth
 * loads) are required only when an environment uses that cloud.
 */
const aws = (): typeof import("./aws/environment") => require("./aws/environment");
const gcp = (): typeof import("./gcp/environment") => require("./gcp/environment");
const azure = (): typeof import("./azure/environment") => require("./azure/environment");
const oci = (): typeof import("./oci/environment") => require("./oci/environment");

export interface BuildOptions {
  /** Overrides every environment's `service.imageTag` (CI passes the git SHA). */
  readonly imageTag?: string;
}

/** Every stack the app synthesizes, in deploy order per environment and cloud. */
export interface StackInventory {
  readonly stacks: readonly TerraformStack[];
}

/** Builds every stack of every environment into `app`. */
export function buildApp(app: App, environments: EnvironmentSet, options: BuildOptions = {}): StackInventory {
  const stacks: TerraformStack[] = [];
  for (const env of environments) {
    if (env.aws) stacks.push(...aws().buildAwsEnvironment(app, env, env.aws, options));
    if (env.gcp) stacks.push(...gcp().buildGcpEnvironment(app, env, env.gcp, options));
    if (env.azure) stacks.push(...azure().buildAzureEnvironment(app, env, env.azure, options));
    if (env.oci) stacks.push(...oci().buildOciEnvironment(app, env, env.oci, options));
  }
  return { stacks };
}
