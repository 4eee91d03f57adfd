import type { NetworkHandle } from "../core/kit";

/**
 * Network tags the firewall rules select tiers by (the VPC belongs to one
 * environment). Cloud Run's Direct VPC egress is selected by tag; the Redis
 * nodes by their service account, which only IAM can change.
 */
export const NETWORK_TAGS = {
  /** Cloud Run's Direct VPC egress interfaces. */
  service: "mockforge-service",
} as const;

/** The environment's VPC as region stacks see it: plain values, so no region depends on another. */
export interface GcpVpcRef {
  /** `projects/<project>/global/networks/<name>`. */
  readonly vpcId: string;
  readonly vpcName: string;
  /** Range Cloud SQL private IPs come from (private services access, all regions). */
  readonly privateServicesCidr: string;
  /** Name of the allocated private services access range. */
  readonly privateServicesRangeName: string;
}

/**
 * What GCP building blocks need from a region's network. `GcpNetwork`
 * implements it; tests may pass a hand-made one.
 */
export interface GcpNetworkRef extends NetworkHandle, GcpVpcRef {
  /** Primary IPv4 range of the region's subnet (Cloud Run egress and Redis nodes), known at synth time. */
  readonly cidr: string;
  /** `projects/<project>/regions/<region>/subnetworks/<name>`. */
  readonly subnetworkId: string;
}
