import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/**
 * `oci_core_default_security_list` arguments: those of oci_core_security_list
 * (website/docs/r/core_security_list.html.markdown) plus
 * `manage_default_resource_id`, without compartment and VCN
 * (website/docs/guides/managing_default_resources.html.markdown).
 */
export interface CoreDefaultSecurityListConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the VCN's default security list (`oci_core_vcn.default_security_list_id`). */
  readonly manageDefaultResourceId: string;
  /**
   * A user-friendly name.
   * @default the name OCI gave the default list
   */
  readonly displayName?: string;
}

/**
 * Takes over a VCN's default security list. Like CoreSecurityList, this
 * binding exposes no rule blocks: declaring none empties the list OCI
 * created (which admits SSH from anywhere).
 */
export class CoreDefaultSecurityList extends OciTaggableResource {
  static readonly tfResourceType = "oci_core_default_security_list";

  constructor(scope: Construct, id: string, config: CoreDefaultSecurityListConfig) {
    super(scope, id, CoreDefaultSecurityList.tfResourceType, config);
  }
}
