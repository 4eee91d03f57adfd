import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_core_network_security_group` arguments (website/docs/r/core_network_security_group.html.markdown). */
export interface CoreNetworkSecurityGroupConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment to contain the NSG. */
  readonly compartmentId: string;
  /** The OCID of the VCN to create the NSG in. */
  readonly vcnId: string;
  /**
   * A user-friendly name.
   * @default a generated name
   */
  readonly displayName?: string;
}

/** A network security group: denies everything until rules allow it. */
export class CoreNetworkSecurityGroup extends OciTaggableResource {
  static readonly tfResourceType = "oci_core_network_security_group";

  constructor(scope: Construct, id: string, config: CoreNetworkSecurityGroupConfig) {
    super(scope, id, CoreNetworkSecurityGroup.tfResourceType, config);
  }
}
