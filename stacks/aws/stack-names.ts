import { SERVICE_NAME } from "../../constructs/core/naming";

/** `mockforge-<env>-aws-<region|global|edge>`: the name users pass to `cdktf deploy`. */
export function awsStackName(environment: string, part: string): string {
  return `${SERVICE_NAME}-${environment}-aws-${part}`;
}

/** The host name regional load balancers answer to; the CDN's API origin. */
export function originDomain(apiDomain: string): string {
  return `origin.${apiDomain}`;
}
