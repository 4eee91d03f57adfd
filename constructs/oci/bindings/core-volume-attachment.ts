import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciResource } from "./base";

/** `oci_core_volume_attachment` arguments (website/docs/r/core_volume_attachment.html.markdown). */
export interface CoreVolumeAttachmentConfig extends TerraformMetaArguments {
  /** `iscsi` or `paravirtualized`. */
  readonly attachmentType: string;
  /** The OCID of the instance. */
  readonly instanceId: string;
  /** The OCID of the volume. */
  readonly volumeId: string;
  /**
   * The consistent device path, e.g. `/dev/oracleoci/oraclevdb`.
   * @default a device chosen by OCI
   */
  readonly device?: string;
  /**
   * A display name.
   * @default a generated name
   */
  readonly displayName?: string;
  /**
   * Encrypt the paravirtualized attachment's traffic in transit.
   * @default false
   */
  readonly isPvEncryptionInTransitEnabled?: boolean;
  /**
   * Attach read-only.
   * @default false
   */
  readonly isReadOnly?: boolean;
}

/** Attaches a block volume to an instance. */
export class CoreVolumeAttachment extends OciResource {
  static readonly tfResourceType = "oci_core_volume_attachment";

  constructor(scope: Construct, id: string, config: CoreVolumeAttachmentConfig) {
    super(scope, id, CoreVolumeAttachment.tfResourceType, config);
  }
}
