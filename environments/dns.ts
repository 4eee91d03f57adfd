import type { CloudDnsConfig, EnvironmentConfig } from "./model";

/** The clouds an environment may deploy to, each with its own DNS names. */
export const DNS_CLOUDS = ["aws", "gcp", "azure", "oci"] as const;
export type DnsCloud = (typeof DNS_CLOUDS)[number];

/** The public zone and API host name `cloud` serves in this environment. */
export function dnsFor(env: EnvironmentConfig, cloud: DnsCloud): CloudDnsConfig {
  return env.dns.clouds?.[cloud] ?? { zoneName: env.dns.zoneName, apiDomain: env.dns.apiDomain };
}
