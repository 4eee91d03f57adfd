import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciResource } from "./base";

/** A port range (`min` to `max`, inclusive). */
export interface CorePortRange {
  readonly min: number;
  readonly max: number;
}

/** A `tcp_options` block. */
export interface CoreNetworkSecurityGroupSecurityRuleTcpOptions {
  /**
   * Destination ports.
   * @default all destination ports
   */
  readonly destinationPortRange?: CorePortRange;
  /**
   * Source ports.
   * @default all source ports
   */
  readonly sourcePortRange?: CorePortRange;
}

/** `oci_core_network_security_group_security_rule` arguments (website/docs/r/core_network_security_group_security_rule.html.markdown). */
export interface CoreNetworkSecurityGroupSecurityRuleConfig extends TerraformMetaArguments {
  /** The OCID of the network security group. */
  readonly networkSecurityGroupId: string;
  /** `INGRESS` or `EGRESS`. */
  readonly direction: "INGRESS" | "EGRESS";
  /** `all` or an IPv4 protocol number (`6` is TCP). */
  readonly protocol: string;
  /**
   * A description of the rule.
   * @default none
   */
  readonly description?: string;
  /**
   * Where egress packets may go: a CIDR, a Service CIDR label or an NSG OCID.
   * @default none; required for EGRESS
   */
  readonly destination?: string;
  /**
   * `CIDR_BLOCK`, `SERVICE_CIDR_BLOCK` or `NETWORK_SECURITY_GROUP`.
   * @default none; required for EGRESS
   */
  readonly destinationType?: string;
  /**
   * Where ingress packets may come from: a CIDR, a Service CIDR label or an NSG OCID.
   * @default none; required for INGRESS
   */
  readonly source?: string;
  /**
   * `CIDR_BLOCK`, `SERVICE_CIDR_BLOCK` or `NETWORK_SECURITY_GROUP`.
   * @default none; required for INGRESS
   */
  readonly sourceType?: string;
  /**
   * A stateless rule allows traffic in one direction only.
   * @default false (stateful)
   */
  readonly stateless?: boolean;
  /**
   * Ports of a TCP rule.
   * @default all ports
   */
  readonly tcpOptions?: CoreNetworkSecurityGroupSecurityRuleTcpOptions;
}

/** One rule of a network security group. */
export class CoreNetworkSecurityGroupSecurityRule extends OciResource {
  static readonly tfResourceType = "oci_core_network_security_group_security_rule";

  constructor(scope: Construct, id: string, config: CoreNetworkSecurityGroupSecurityRuleConfig) {
    super(scope, id, CoreNetworkSecurityGroupSecurityRule.tfResourceType, config);
  }
}
