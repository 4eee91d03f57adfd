import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_identity_dynamic_group` arguments (website/docs/r/identity_dynamic_group.html.markdown). */
export interface IdentityDynamicGroupConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the tenancy. */
  readonly compartmentId: string;
  /** A description. */
  readonly description: string;
  /** The rule matching instances, e.g. `ALL {instance.compartment.id = '...'}`. */
  readonly matchingRule: string;
  /** The group name, unique in the tenancy. */
  readonly name: string;
}

/** A dynamic group (instance principals). */
export class IdentityDynamicGroup extends OciTaggableResource {
  static readonly tfResourceType = "oci_identity_dynamic_group";

  constructor(scope: Construct, id: string, config: IdentityDynamicGroupConfig) {
    super(scope, id, IdentityDynamicGroup.tfResourceType, config);
  }
}
