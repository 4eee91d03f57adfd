import type { DeploymentContext } from "./specs";

/** The service every resource belongs to. */
export const SERVICE_NAME = "mockforge";

const DIRECTIONS: Readonly<Record<string, string>> = {
  north: "n", south: "s", east: "e", west: "w", central: "c",
  northeast: "ne", northwest: "nw", southeast: "se", southwest: "sw",
};

/**
 * Short, stable region codes keep names inside the tight limits of some
 * resources (e.g. 32 characters for AWS load balancers and target groups):
 * us-east-1 -> use1, ap-southeast-1 -> apse1, us-ashburn-1 -> usash1,
 * europe-west1 -> euw1, eastus -> eastus.
 */
export function regionCode(region: string): string {
  const parts = region.toLowerCase().split("-");
  if (parts.length === 1) return parts[0];
  const geo = parts[0].slice(0, 2);
  const rest = parts.slice(1).map((part) => {
    const m = /^([a-z]+)(\d*)$/.exec(part);
    if (!m) return part;
    const word = DIRECTIONS[m[1]] ?? m[1].slice(0, 3);
    return word + m[2];
  });
  return geo + rest.join("");
}

/**
 * `mockforge-<env>-<regioncode>-<component>`, lower case, trimmed to
 * `maxLength` without a trailing dash. Throws when the mandatory part does
 * not fit, rather than silently colliding.
 */
export function resourceName(ctx: DeploymentContext, component: string, maxLength = 63): string {
  const name = `${SERVICE_NAME}-${ctx.environment}-${regionCode(ctx.region)}-${component}`.toLowerCase();
  if (name.length > maxLength) {
    throw new Error(
      `Resource name "${name}" is ${name.length} characters; the limit here is ${maxLength}. ` +
        `Use a shorter component name than "${component}" or environment name than "${ctx.environment}".`,
    );
  }
  return name;
}

/** Name shared by all regions of an environment (global resources). */
export function globalName(environment: string, component: string): string {
  return `${SERVICE_NAME}-${environment}-${component}`.toLowerCase();
}

/** The tags every taggable resource carries. */
export interface StandardTags {
  readonly env: string;
  readonly region: string;
  readonly service: string;
  readonly owner: string;
  readonly "cost-center": string;
}

export function standardTags(ctx: DeploymentContext, owner: string, costCenter: string): StandardTags {
  return { env: ctx.environment, region: ctx.region, service: SERVICE_NAME, owner, "cost-center": costCenter };
}

/** Keys that every taggable resource must carry. */
export const REQUIRED_TAG_KEYS: readonly (keyof StandardTags)[] = ["env", "region", "service", "owner", "cost-center"];
