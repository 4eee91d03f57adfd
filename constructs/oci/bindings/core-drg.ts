import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_core_drg` arguments (website/docs/r/core_drg.html.markdown). */
export interface CoreDrgConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment to contain the DRG. */
  readonly compartmentId: string;
  /**
   * A user-friendly name.
   * @default a generated name
   */
  readonly displayName?: string;
}

/** A dynamic routing gateway (the VCN's door to remote peering). */
export class CoreDrg extends OciTaggableResource {
  static readonly tfResourceType = "oci_core_drg";

  constructor(scope: Construct, id: string, config: CoreDrgConfig) {
    super(scope, id, CoreDrg.tfResourceType, config);
  }
}
