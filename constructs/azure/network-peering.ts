import { Construct } from "constructs";
import { VirtualNetworkPeering } from "@cdktf/provider-azurerm/lib/virtual-network-peering";

/** One side of a peering. */
export interface PeeredNetwork {
  /** Region (names the peering seen from the other side). */
  readonly region: string;
  readonly virtualNetworkId: string;
  readonly virtualNetworkName: string;
  readonly resourceGroupName: string;
}

export interface AzureNetworkPeeringProps {
  /** This region's VNet. */
  readonly local: PeeredNetwork;
  /** The VNet to reach (the primary region's). */
  readonly remote: PeeredNetwork;
}

/**
 * Global VNet peering in both directions between a secondary region and the
 * primary: secondaries write to the primary's Postgres and read shared
 * secrets from its Key Vault over it. Only the two VNets talk: no forwarded
 * traffic, no gateway transit. Both halves live in the secondary's stack, so
 * the primary's stack never changes when a region is added.
 */
export class AzureNetworkPeering extends Construct {
  readonly toRemote: VirtualNetworkPeering;
  readonly fromRemote: VirtualNetworkPeering;

  constructor(scope: Construct, id: string, props: AzureNetworkPeeringProps) {
    super(scope, id);
    if (props.local.region === props.remote.region) {
      throw new Error(`AzureNetworkPeering: local and remote are both in ${props.local.region}; peer VNets of different regions.`);
    }
    const half = (halfId: string, from: PeeredNetwork, to: PeeredNetwork) =>
      new VirtualNetworkPeering(this, halfId, {
        name: `to-${to.region}`,
        resourceGroupName: from.resourceGroupName,
        virtualNetworkName: from.virtualNetworkName,
        remoteVirtualNetworkId: to.virtualNetworkId,
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: false,
        allowGatewayTransit: false,
        useRemoteGateways: false,
      });
    this.toRemote = half("to-remote", props.local, props.remote);
    this.fromRemote = half("from-remote", props.remote, props.local);
  }
}
