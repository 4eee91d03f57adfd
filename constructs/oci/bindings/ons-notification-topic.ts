import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_ons_notification_topic` arguments (website/docs/r/ons_notification_topic.html.markdown). */
export interface OnsNotificationTopicConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /** The topic name, unique in the tenancy. */
  readonly name: string;
  /**
   * A description.
   * @default none
   */
  readonly description?: string;
}

/** A Notifications topic. */
export class OnsNotificationTopic extends OciTaggableResource {
  static readonly tfResourceType = "oci_ons_notification_topic";

  constructor(scope: Construct, id: string, config: OnsNotificationTopicConfig) {
    super(scope, id, OnsNotificationTopic.tfResourceType, config);
  }
}
