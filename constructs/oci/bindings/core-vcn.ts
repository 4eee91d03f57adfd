import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_core_vcn` arguments (website/docs/r/core_vcn.html.markdown). */
export interface CoreVcnConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment to contain the VCN. */
  readonly compartmentId: string;
  /**
   * One or more IPv4 CIDR blocks for the VCN (/16 to /30, non-overlapping).
   * @default none; give at least one
   */
  readonly cidrBlocks?: readonly string[];
  /**
   * A user-friendly name.
   * @default a generated name
   */
  readonly displayName?: string;
  /**
   * DNS label of the VCN (alphanumeric, starting with a letter); needed for the Internet and VCN Resolver.
   * @default no DNS label: instances cannot resolve each other's hostnames
   */
  readonly dnsLabel?: string;
}

/** A Virtual Cloud Network. */
export class CoreVcn extends OciTaggableResource {
  static readonly tfResourceType = "oci_core_vcn";

  constructor(scope: Construct, id: string, config: CoreVcnConfig) {
    super(scope, id, CoreVcn.tfResourceType, config);
  }

  /** The OCID of the VCN's default security list. */
  get defaultSecurityListId(): string {
    return this.getStringAttribute("default_security_list_id");
  }
}
