import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciDataSource, type OciDataSourceFilter } from "./base";

/** `data "oci_core_services"` arguments (website/docs/d/core_services.html.markdown + guides/filters). */
export interface DataOciCoreServicesConfig extends TerraformMetaArguments {
  /**
   * Filters on the returned services.
   * @default every service
   */
  readonly filter?: readonly OciDataSourceFilter[];
}

/** The Oracle services a service gateway can reach in this region. */
export class DataOciCoreServices extends OciDataSource {
  static readonly tfResourceType = "oci_core_services";

  constructor(scope: Construct, id: string, config: DataOciCoreServicesConfig = {}) {
    super(scope, id, DataOciCoreServices.tfResourceType, config);
  }

  /** The OCID of the first service returned. */
  get firstServiceId(): string {
    return this.getStringAttribute("services[0].id");
  }

  /** The CIDR label (route destination) of the first service returned. */
  get firstServiceCidrBlock(): string {
    return this.getStringAttribute("services[0].cidr_block");
  }
}
