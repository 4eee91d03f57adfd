import type { NetworkHandle } from "../core/kit";

/**
 * What OCI building blocks need from a network. `OciNetwork` implements it;
 * tests may pass a hand-made one.
 */
export interface OciNetworkRef extends NetworkHandle {
  readonly vcnId: string;
  /** Regional subnets (each spans every availability and fault domain of the region). */
  readonly publicSubnetId: string;
  readonly privateSubnetId: string;
  readonly dataSubnetId: string;
  /** CIDRs known at synth time: static addresses (Postgres endpoint, Redis nodes) come from them. */
  readonly privateSubnetCidr: string;
  readonly dataSubnetCidr: string;
  /** One network security group per tier; every rule between tiers is owned by the network. */
  readonly nsgs: {
    readonly loadBalancer: string;
    readonly service: string;
    readonly database: string;
    readonly redis: string;
  };
  /** The dynamic routing gateway, when the network routes to other regions. */
  readonly drgId?: string;
}
