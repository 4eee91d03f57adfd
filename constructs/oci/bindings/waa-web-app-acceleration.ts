import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_waa_web_app_acceleration` arguments (website/docs/r/waa_web_app_acceleration.html.markdown). */
export interface WaaWebAppAccelerationConfig extends TerraformMetaArguments, OciFreeformTags {
  /** Where acceleration is enforced; `LOAD_BALANCER`. */
  readonly backendType: string;
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /** The OCID of the load balancer. */
  readonly loadBalancerId: string;
  /** The OCID of the acceleration policy. */
  readonly webAppAccelerationPolicyId: string;
  /**
   * A display name.
   * @default a generated name
   */
  readonly displayName?: string;
}

/** Attaches a web app acceleration policy to a load balancer. */
export class WaaWebAppAcceleration extends OciTaggableResource {
  static readonly tfResourceType = "oci_waa_web_app_acceleration";

  constructor(scope: Construct, id: string, config: WaaWebAppAccelerationConfig) {
    super(scope, id, WaaWebAppAcceleration.tfResourceType, config);
  }
}
