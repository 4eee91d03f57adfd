import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciResource } from "./base";

/** `oci_core_drg_attachment` arguments (website/docs/r/core_drg_attachment.html.markdown). */
export interface CoreDrgAttachmentConfig extends TerraformMetaArguments {
  /** The OCID of the DRG. */
  readonly drgId: string;
  /** The OCID of the VCN. */
  readonly vcnId: string;
  /**
   * A user-friendly name.
   * @default a generated name
   */
  readonly displayName?: string;
}

/** Attaches a DRG to a VCN. */
export class CoreDrgAttachment extends OciResource {
  static readonly tfResourceType = "oci_core_drg_attachment";

  constructor(scope: Construct, id: string, config: CoreDrgAttachmentConfig) {
    super(scope, id, CoreDrgAttachment.tfResourceType, config);
  }
}
