import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** A `services` block of `oci_core_service_gateway`. */
export interface CoreServiceGatewayServices {
  /** The OCID of the Service to enable. */
  readonly serviceId: string;
}

/** `oci_core_service_gateway` arguments (website/docs/r/core_service_gateway.html.markdown). */
export interface CoreServiceGatewayConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment to contain the service gateway. */
  readonly compartmentId: string;
  /** The Service objects to enable for the gateway. */
  readonly services: readonly CoreServiceGatewayServices[];
  /** The OCID of the VCN. */
  readonly vcnId: string;
  /**
   * A user-friendly name.
   * @default a generated name
   */
  readonly displayName?: string;
}

/** A service gateway: private access to Oracle services (Object Storage, OCIR, Vault, ...). */
export class CoreServiceGateway extends OciTaggableResource {
  static readonly tfResourceType = "oci_core_service_gateway";

  constructor(scope: Construct, id: string, config: CoreServiceGatewayConfig) {
    super(scope, id, CoreServiceGateway.tfResourceType, config);
  }
}
