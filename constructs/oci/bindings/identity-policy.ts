import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_identity_policy` arguments (website/docs/r/identity_policy.html.markdown). */
export interface IdentityPolicyConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The compartment (or tenancy) holding the policy. */
  readonly compartmentId: string;
  /** A description. */
  readonly description: string;
  /** The policy name, unique in the tenancy. */
  readonly name: string;
  /** Policy statements. */
  readonly statements: readonly string[];
}

/** An IAM policy. */
export class IdentityPolicy extends OciTaggableResource {
  static readonly tfResourceType = "oci_identity_policy";

  constructor(scope: Construct, id: string, config: IdentityPolicyConfig) {
    super(scope, id, IdentityPolicy.tfResourceType, config);
  }
}
