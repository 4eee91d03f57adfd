import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** The `secret_content` block. */
export interface VaultSecretContent {
  /** `BASE64`. */
  readonly contentType: string;
  /** The base64-encoded secret value. */
  readonly content?: string;
  /**
   * A name of this version.
   * @default none
   */
  readonly name?: string;
  /**
   * `CURRENT` or `PENDING`.
   * @default "CURRENT"
   */
  readonly stage?: string;
}

/** `oci_vault_secret` arguments (website/docs/r/vault_secret.html.markdown). */
export interface VaultSecretConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /** The symmetric key that encrypts the secret (in the same vault). */
  readonly keyId: string;
  /** The secret name, unique in the vault. */
  readonly secretName: string;
  /** The OCID of the vault. */
  readonly vaultId: string;
  /**
   * A description.
   * @default none
   */
  readonly description?: string;
  /**
   * The secret's value.
   * @default none
   */
  readonly secretContent?: VaultSecretContent;
}

/** A Vault secret. */
export class VaultSecret extends OciTaggableResource {
  static readonly tfResourceType = "oci_vault_secret";

  constructor(scope: Construct, id: string, config: VaultSecretConfig) {
    super(scope, id, VaultSecret.tfResourceType, config);
  }

  /** The secret's current version number. */
  get currentVersionNumber(): string {
    return this.getStringAttribute("current_version_number");
  }
}
