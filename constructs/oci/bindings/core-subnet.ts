import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_core_subnet` arguments (website/docs/r/core_subnet.html.markdown). */
export interface CoreSubnetConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The CIDR IP address range of the subnet. */
  readonly cidrBlock: string;
  /** The OCID of the compartment to contain the subnet. */
  readonly compartmentId: string;
  /** The OCID of the VCN to contain the subnet. */
  readonly vcnId: string;
  /**
   * The availability domain of an AD-specific subnet.
   * @default a regional subnet spanning every availability domain
   */
  readonly availabilityDomain?: string;
  /**
   * A user-friendly name.
   * @default a generated name
   */
  readonly displayName?: string;
  /**
   * DNS label of the subnet, unique within the VCN.
   * @default no DNS label
   */
  readonly dnsLabel?: string;
  /**
   * Whether VNICs in this subnet are refused public IP addresses (a private subnet).
   * @default false: VNICs may get public addresses
   */
  readonly prohibitPublicIpOnVnic?: boolean;
  /**
   * The OCID of the route table the subnet uses.
   * @default the VCN's default route table
   */
  readonly routeTableId?: string;
  /**
   * The OCIDs of the security lists the subnet uses.
   * @default the VCN's default security list
   */
  readonly securityListIds?: readonly string[];
}

/** A subnet of a VCN. */
export class CoreSubnet extends OciTaggableResource {
  static readonly tfResourceType = "oci_core_subnet";

  constructor(scope: Construct, id: string, config: CoreSubnetConfig) {
    super(scope, id, CoreSubnet.tfResourceType, config);
  }
}
