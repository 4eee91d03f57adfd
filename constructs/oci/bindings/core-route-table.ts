import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** A `route_rules` block of `oci_core_route_table`. */
export interface CoreRouteTableRouteRules {
  /** The OCID of the rule's target (gateway, DRG, private IP). */
  readonly networkEntityId: string;
  /**
   * The destination: a CIDR block, or a Service's `cidrBlock` label for a service gateway.
   * @default none
   */
  readonly destination?: string;
  /**
   * `CIDR_BLOCK` or `SERVICE_CIDR_BLOCK`; required with `destination`.
   * @default none
   */
  readonly destinationType?: string;
  /**
   * A description of the rule.
   * @default none
   */
  readonly description?: string;
}

/** `oci_core_route_table` arguments (website/docs/r/core_route_table.html.markdown). */
export interface CoreRouteTableConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment to contain the route table. */
  readonly compartmentId: string;
  /** The OCID of the VCN the route table belongs to. */
  readonly vcnId: string;
  /**
   * A user-friendly name.
   * @default a generated name
   */
  readonly displayName?: string;
  /**
   * The rules routing destination IPs to network entities.
   * @default no rules
   */
  readonly routeRules?: readonly CoreRouteTableRouteRules[];
}

/** A route table. */
export class CoreRouteTable extends OciTaggableResource {
  static readonly tfResourceType = "oci_core_route_table";

  constructor(scope: Construct, id: string, config: CoreRouteTableConfig) {
    super(scope, id, CoreRouteTable.tfResourceType, config);
  }
}
