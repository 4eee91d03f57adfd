import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_core_nat_gateway` arguments (website/docs/r/core_nat_gateway.html.markdown). */
export interface CoreNatGatewayConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment to contain the NAT gateway. */
  readonly compartmentId: string;
  /** The OCID of the VCN the gateway belongs to. */
  readonly vcnId: string;
  /**
   * Whether the NAT gateway blocks traffic through it.
   * @default false
   */
  readonly blockTraffic?: boolean;
  /**
   * A user-friendly name.
   * @default a generated name
   */
  readonly displayName?: string;
}

/** A NAT gateway (regional and highly available by design). */
export class CoreNatGateway extends OciTaggableResource {
  static readonly tfResourceType = "oci_core_nat_gateway";

  constructor(scope: Construct, id: string, config: CoreNatGatewayConfig) {
    super(scope, id, CoreNatGateway.tfResourceType, config);
  }
}
