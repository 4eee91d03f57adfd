import { globalName } from "../../constructs/core/naming";

/**
 * The host name a region's load balancer answers to, e.g.
 * `us-ashburn-1.origin.api.mockforge.cloud`: the global DNS steering policy
 * answers the API host with a CNAME to one of these.
 */
export function regionalOriginDomain(region: string, apiDomain: string): string {
  return `${region}.origin.${apiDomain}`;
}

/** Name of the server image repository in each region's OCI Registry. */
export function repositoryName(environment: string): string {
  return globalName(environment, "server");
}
