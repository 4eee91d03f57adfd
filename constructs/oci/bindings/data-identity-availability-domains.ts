import { Fn, type TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciDataSource } from "./base";

/** `data "oci_identity_availability_domains"` arguments (website/docs/d/identity_availability_domains.html.markdown). */
export interface DataOciIdentityAvailabilityDomainsConfig extends TerraformMetaArguments {
  /** The tenancy (or a compartment) OCID. */
  readonly compartmentId: string;
}

/** The availability domains of the region (names carry a tenancy-specific prefix). */
export class DataOciIdentityAvailabilityDomains extends OciDataSource {
  static readonly tfResourceType = "oci_identity_availability_domains";

  constructor(scope: Construct, id: string, config: DataOciIdentityAvailabilityDomainsConfig) {
    super(scope, id, DataOciIdentityAvailabilityDomains.tfResourceType, config);
  }

  /** Name of availability domain `index` (0-based), sorted so the order is stable. */
  nameAt(index: number): string {
    const names = this.getListAttribute("availability_domains[*].name");
    return Fn.element(Fn.sort(names), index) as string;
  }
}
