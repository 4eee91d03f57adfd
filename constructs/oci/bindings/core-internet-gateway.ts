import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_core_internet_gateway` arguments (website/docs/r/core_internet_gateway.html.markdown). */
export interface CoreInternetGatewayConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment to contain the internet gateway. */
  readonly compartmentId: string;
  /** The OCID of the VCN the internet gateway is attached to. */
  readonly vcnId: string;
  /**
   * Whether the gateway is enabled upon creation.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * A user-friendly name.
   * @default a generated name
   */
  readonly displayName?: string;
}

/** An internet gateway. */
export class CoreInternetGateway extends OciTaggableResource {
  static readonly tfResourceType = "oci_core_internet_gateway";

  constructor(scope: Construct, id: string, config: CoreInternetGatewayConfig) {
    super(scope, id, CoreInternetGateway.tfResourceType, config);
  }
}
