import { Construct } from "constructs";
import { resourceName } from "../core/naming";
import type { DeploymentContext } from "../core/specs";
import { CoreRemotePeeringConnection } from "./bindings/core-remote-peering-connection";

export interface OciRemotePeeringProps {
  readonly context: DeploymentContext;
  readonly compartmentId: string;
  /** This region's DRG. */
  readonly drgId: string;
  /** Region at the other end. */
  readonly peerRegion: string;
  /**
   * The OCID of the other end's RPC: set on the requesting side (a secondary
   * region), left out on the accepting side (the primary region).
   * @default an accepting RPC
   */
  readonly peerRpcId?: string;
}

/**
 * One end of a remote peering between this region's DRG and another
 * region's: the primary region accepts one per secondary, each secondary
 * requests its own. Route rules to the peer's CIDR live in the network's
 * private route table; the DRG's default route tables import peer routes.
 */
export class OciRemotePeering extends Construct {
  readonly connection: CoreRemotePeeringConnection;
  readonly connectionId: string;

  constructor(scope: Construct, id: string, props: OciRemotePeeringProps) {
    super(scope, id);
    if (props.peerRegion === props.context.region) {
      throw new Error(`OciRemotePeering: peerRegion is this region (${props.peerRegion}); remote peering connects two regions.`);
    }
    this.connection = new CoreRemotePeeringConnection(this, "connection", {
      compartmentId: props.compartmentId,
      drgId: props.drgId,
      displayName: resourceName(props.context, `rpc-${props.peerRegion}`),
      ...(props.peerRpcId !== undefined ? { peerId: props.peerRpcId, peerRegionName: props.peerRegion } : {}),
    });
    this.connectionId = this.connection.id;
  }
}
