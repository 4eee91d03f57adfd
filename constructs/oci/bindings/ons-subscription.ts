import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_ons_subscription` arguments (website/docs/r/ons_subscription.html.markdown). */
export interface OnsSubscriptionConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /** The endpoint: an e-mail address for `EMAIL`. */
  readonly endpoint: string;
  /** `EMAIL`, `HTTPS`, ... */
  readonly protocol: string;
  /** The OCID of the topic. */
  readonly topicId: string;
}

/** A subscription to a Notifications topic. */
export class OnsSubscription extends OciTaggableResource {
  static readonly tfResourceType = "oci_ons_subscription";

  constructor(scope: Construct, id: string, config: OnsSubscriptionConfig) {
    super(scope, id, OnsSubscription.tfResourceType, config);
  }
}
