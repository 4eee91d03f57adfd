import type { CloudDnsConfig, EnvironmentConfig } from "./model";

export type DnsCloud = "aws" | "gcp" | "azure" | "oci";

/** The public zone and API host name `cloud` serves in this environment. */
export function dnsFor(env: EnvironmentConfig, cloud: DnsCloud): CloudDnsConfig {
  return env.dns.clouds?.[cloud] ?? { zoneName: env.dns.zoneName, apiDomain: env.dns.apiDomain };
}
