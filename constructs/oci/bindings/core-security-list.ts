import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_core_security_list` arguments (website/docs/r/core_security_list.html.markdown). */
export interface CoreSecurityListConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment to contain the security list. */
  readonly compartmentId: string;
  /** The OCID of the VCN the security list belongs to. */
  readonly vcnId: string;
  /**
   * A user-friendly name.
   * @default a generated name
   */
  readonly displayName?: string;
}

/**
 * A security list. This binding deliberately exposes no rule blocks: MockForge
 * attaches an empty list to every subnet (deny by default) and keeps all allowed
 * flows in network security groups.
 */
export class CoreSecurityList extends OciTaggableResource {
  static readonly tfResourceType = "oci_core_security_list";

  constructor(scope: Construct, id: string, config: CoreSecurityListConfig) {
    super(scope, id, CoreSecurityList.tfResourceType, config);
  }
}
