import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_core_remote_peering_connection` arguments (website/docs/r/core_remote_peering_connection.html.markdown). */
export interface CoreRemotePeeringConnectionConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment to contain the RPC. */
  readonly compartmentId: string;
  /** The OCID of the DRG the RPC belongs to. */
  readonly drgId: string;
  /**
   * A user-friendly name.
   * @default a generated name
   */
  readonly displayName?: string;
  /**
   * The OCID of the RPC to peer with; set on the requesting side only, with `peerRegionName`.
   * @default an accepting RPC (waits for a peer)
   */
  readonly peerId?: string;
  /**
   * The region of the RPC to peer with, e.g. `us-ashburn-1`.
   * @default none; required with `peerId`
   */
  readonly peerRegionName?: string;
}

/** A remote peering connection between DRGs of two regions. */
export class CoreRemotePeeringConnection extends OciTaggableResource {
  static readonly tfResourceType = "oci_core_remote_peering_connection";

  constructor(scope: Construct, id: string, config: CoreRemotePeeringConnectionConfig) {
    super(scope, id, CoreRemotePeeringConnection.tfResourceType, config);
  }
}
