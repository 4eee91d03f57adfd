import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_waf_web_app_firewall` arguments (website/docs/r/waf_web_app_firewall.html.markdown). */
export interface WafWebAppFirewallConfig extends TerraformMetaArguments, OciFreeformTags {
  /** Where the firewall enforces the policy; `LOAD_BALANCER`. */
  readonly backendType: string;
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /** The OCID of the load balancer the policy is attached to. */
  readonly loadBalancerId: string;
  /** The OCID of the web app firewall policy. */
  readonly webAppFirewallPolicyId: string;
  /**
   * A display name.
   * @default a generated name
   */
  readonly displayName?: string;
}

/** Attaches a WAF policy to a load balancer. */
export class WafWebAppFirewall extends OciTaggableResource {
  static readonly tfResourceType = "oci_waf_web_app_firewall";

  constructor(scope: Construct, id: string, config: WafWebAppFirewallConfig) {
    super(scope, id, WafWebAppFirewall.tfResourceType, config);
  }
}
