import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciDataSource } from "./base";

/** `data "oci_objectstorage_namespace"` arguments (website/docs/d/objectstorage_namespace.html.markdown). */
export interface DataOciObjectstorageNamespaceConfig extends TerraformMetaArguments {
  /**
   * The tenancy whose namespace to return.
   * @default the caller's tenancy
   */
  readonly compartmentId?: string;
}

/** The tenancy's Object Storage namespace (also the OCIR namespace). */
export class DataOciObjectstorageNamespace extends OciDataSource {
  static readonly tfResourceType = "oci_objectstorage_namespace";

  constructor(scope: Construct, id: string, config: DataOciObjectstorageNamespaceConfig = {}) {
    super(scope, id, DataOciObjectstorageNamespace.tfResourceType, config);
  }

  /** The namespace name. */
  get namespace(): string {
    return this.getStringAttribute("namespace");
  }
}
