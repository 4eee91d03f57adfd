/** The host name regional load balancers answer to; the CDN's API origin. */
export function originDomain(apiDomain: string): string {
  return `origin.${apiDomain}`;
}
