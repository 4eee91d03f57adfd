import type { Construct } from "constructs";
import { OciProvider } from "../../constructs/oci/bindings/provider";

/**
 * An OCI provider for `region`. The default provider has no alias; other
 * regions (the home region for IAM, the primary region seen from a
 * secondary) get one. Credentials come from whoever runs Terraform.
 */
export function ociProvider(scope: Construct, id: string, region: string, tenancyId: string, alias?: string): OciProvider {
  return new OciProvider(scope, id, { region, tenancyOcid: tenancyId, alias });
}
