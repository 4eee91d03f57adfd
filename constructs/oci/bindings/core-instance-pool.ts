import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** A `placement_configurations` block: one per availability domain. */
export interface CoreInstancePoolPlacementConfiguration {
  /** The availability domain. */
  readonly availabilityDomain: string;
  /**
   * Fault domains to spread instances over evenly.
   * @default best effort over every fault domain
   */
  readonly faultDomains?: readonly string[];
  /** The subnet of the instances' primary VNIC. */
  readonly primaryVnicSubnets: { readonly subnetId: string };
}

/** A `load_balancers` block: instances register in a backend set. */
export interface CoreInstancePoolLoadBalancer {
  /** The backend set instances join. */
  readonly backendSetName: string;
  /** The OCID of the load balancer. */
  readonly loadBalancerId: string;
  /** The backend port on every instance. */
  readonly port: number;
  /** `PrimaryVnic` or the display name of a secondary VNIC. */
  readonly vnicSelection: string;
}

/** `oci_core_instance_pool` arguments (website/docs/r/core_instance_pool.html.markdown). */
export interface CoreInstancePoolConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /** The instance configuration instances launch from. */
  readonly instanceConfigurationId: string;
  /** Where instances go; one entry per availability domain. */
  readonly placementConfigurations: readonly CoreInstancePoolPlacementConfiguration[];
  /** Number of instances (autoscaling changes it afterwards). */
  readonly size: number;
  /**
   * A display name.
   * @default a generated name
   */
  readonly displayName?: string;
  /**
   * Load balancers the instances register with.
   * @default none
   */
  readonly loadBalancers?: readonly CoreInstancePoolLoadBalancer[];
}

/** An instance pool. */
export class CoreInstancePool extends OciTaggableResource {
  static readonly tfResourceType = "oci_core_instance_pool";

  constructor(scope: Construct, id: string, config: CoreInstancePoolConfig) {
    super(scope, id, CoreInstancePool.tfResourceType, config);
  }
}
