import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciDataSource } from "./base";

/** `data "oci_core_images"` arguments (website/docs/d/core_images.html.markdown). */
export interface DataOciCoreImagesConfig extends TerraformMetaArguments {
  /** The compartment (the tenancy lists platform images). */
  readonly compartmentId: string;
  /**
   * Operating system, e.g. `Oracle Linux` or `Canonical Ubuntu`.
   * @default any
   */
  readonly operatingSystem?: string;
  /**
   * Operating system version, e.g. `9` or `24.04`.
   * @default any
   */
  readonly operatingSystemVersion?: string;
  /**
   * Only images compatible with this shape.
   * @default any shape
   */
  readonly shape?: string;
  /**
   * `TIMECREATED` or `DISPLAYNAME`.
   * @default the service's order
   */
  readonly sortBy?: string;
  /**
   * `ASC` or `DESC`.
   * @default the service's order
   */
  readonly sortOrder?: string;
  /**
   * Lifecycle state, e.g. `AVAILABLE`.
   * @default any
   */
  readonly state?: string;
}

/** Lists images; with `sortBy` TIMECREATED / DESC the first is the newest. */
export class DataOciCoreImages extends OciDataSource {
  static readonly tfResourceType = "oci_core_images";

  constructor(scope: Construct, id: string, config: DataOciCoreImagesConfig) {
    super(scope, id, DataOciCoreImages.tfResourceType, config);
  }

  /** The OCID of the first (newest) image. */
  get firstImageId(): string {
    return this.getStringAttribute("images[0].id");
  }
}
