import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** The `shape_details` block of a flexible load balancer. */
export interface LoadBalancerShapeDetails {
  /** Guaranteed (pre-provisioned) bandwidth in Mbps, 10 to `maximumBandwidthInMbps`. */
  readonly minimumBandwidthInMbps: number;
  /** Maximum bandwidth in Mbps, up to 8000. */
  readonly maximumBandwidthInMbps: number;
}

/** `oci_load_balancer_load_balancer` arguments (website/docs/r/load_balancer_load_balancer.html.markdown). */
export interface LoadBalancerLoadBalancerConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /** A user-friendly name. */
  readonly displayName: string;
  /** The shape; `flexible` for bandwidth set by `shapeDetails`. */
  readonly shape: string;
  /** The subnets of the load balancer (one regional subnet spans every AD and fault domain). */
  readonly subnetIds: readonly string[];
  /**
   * Bandwidth of a flexible shape.
   * @default none; required for `flexible`
   */
  readonly shapeDetails?: LoadBalancerShapeDetails;
  /**
   * Whether the load balancer gets a private (VCN-local) address only.
   * @default false: a public address
   */
  readonly isPrivate?: boolean;
  /**
   * Refuse deletion while the load balancer is configured to accept traffic.
   * @default false
   */
  readonly isDeleteProtectionEnabled?: boolean;
  /**
   * Add a unique request id header to every request and response.
   * @default false
   */
  readonly isRequestIdEnabled?: boolean;
  /**
   * NSGs the load balancer belongs to.
   * @default none
   */
  readonly networkSecurityGroupIds?: readonly string[];
}

/** A load balancer. */
export class LoadBalancerLoadBalancer extends OciTaggableResource {
  static readonly tfResourceType = "oci_load_balancer_load_balancer";

  constructor(scope: Construct, id: string, config: LoadBalancerLoadBalancerConfig) {
    super(scope, id, LoadBalancerLoadBalancer.tfResourceType, config);
  }

  /** The load balancer's first (public) IP address. */
  get ipAddress(): string {
    return this.getStringAttribute("ip_address_details[0].ip_address");
  }
}
