import type { App, TerraformStack } from "cdktf";
import type { EnvironmentSet } from "../environments/model";
import { buildAwsEnvironment } from "./aws/environment";
import { buildGcpEnvironment } from "./gcp/environment";
import { buildAzureEnvironment } from "./azure/environment";
import { buildOciEnvironment } from "./oci/environment";

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
    if (env.aws) stacks.push(...buildAwsEnvironment(app, env, env.aws, options));
    if (env.gcp) stacks.push(...buildGcpEnvironment(app, env, env.gcp, options));
    if (env.azure) stacks.push(...buildAzureEnvironment(app, env, env.azure, options));
    if (env.oci) stacks.push(...buildOciEnvironment(app, env, env.oci, options));
  }
  return { stacks };
}
