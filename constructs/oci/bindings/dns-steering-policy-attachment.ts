import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciResource } from "./base";

/** `oci_dns_steering_policy_attachment` arguments (website/docs/r/dns_steering_policy_attachment.html.markdown). */
export interface DnsSteeringPolicyAttachmentConfig extends TerraformMetaArguments {
  /** The domain the policy answers for. */
  readonly domainName: string;
  /** The OCID of the steering policy. */
  readonly steeringPolicyId: string;
  /** The OCID of the zone holding the domain. */
  readonly zoneId: string;
  /**
   * A display name.
   * @default a generated name
   */
  readonly displayName?: string;
}

/** Attaches a steering policy to a domain. */
export class DnsSteeringPolicyAttachment extends OciResource {
  static readonly tfResourceType = "oci_dns_steering_policy_attachment";

  constructor(scope: Construct, id: string, config: DnsSteeringPolicyAttachmentConfig) {
    super(scope, id, DnsSteeringPolicyAttachment.tfResourceType, config);
  }
}
