import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_kms_vault` arguments (website/docs/r/kms_vault.html.markdown). */
export interface KmsVaultConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /** A display name. */
  readonly displayName: string;
  /** `DEFAULT` (shared HSM partition) or `VIRTUAL_PRIVATE` (dedicated partition, automatic key rotation). */
  readonly vaultType: string;
}

/** A Vault (keys and secrets). */
export class KmsVault extends OciTaggableResource {
  static readonly tfResourceType = "oci_kms_vault";

  constructor(scope: Construct, id: string, config: KmsVaultConfig) {
    super(scope, id, KmsVault.tfResourceType, config);
  }

  /** Endpoint for key management operations (keys are created against it). */
  get managementEndpoint(): string {
    return this.getStringAttribute("management_endpoint");
  }
}
