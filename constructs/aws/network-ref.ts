import type { NetworkHandle } from "../core/kit";

/**
 * What AWS building blocks need from a network. `AwsNetwork` implements it;
 * tests may pass a hand-made one.
 */
export interface AwsNetworkRef extends NetworkHandle {
  readonly vpcId: string;
  /** Availability zone names, in subnet order (may be tokens). */
  readonly availabilityZones: readonly string[];
  readonly publicSubnetIds: readonly string[];
  readonly privateSubnetIds: readonly string[];
  readonly dataSubnetIds: readonly string[];
  /** Data subnet CIDRs, known at synth time (static IPs for Redis nodes come from them). */
  readonly dataSubnetCidrs: readonly string[];
  /** Route tables of the private and data subnets (for peering routes). */
  readonly privateRouteTableIds: readonly string[];
  /** One security group per tier; rules between tiers are owned by the network. */
  readonly securityGroups: {
    readonly loadBalancer: string;
    readonly service: string;
    readonly database: string;
    readonly redis: string;
  };
}
