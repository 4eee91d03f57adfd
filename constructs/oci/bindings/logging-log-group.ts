import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_logging_log_group` arguments (website/docs/r/logging_log_group.html.markdown). */
export interface LoggingLogGroupConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /** A display name, unique in the compartment. */
  readonly displayName: string;
  /**
   * A description.
   * @default none
   */
  readonly description?: string;
}

/** A log group. */
export class LoggingLogGroup extends OciTaggableResource {
  static readonly tfResourceType = "oci_logging_log_group";

  constructor(scope: Construct, id: string, config: LoggingLogGroupConfig) {
    super(scope, id, LoggingLogGroup.tfResourceType, config);
  }
}
