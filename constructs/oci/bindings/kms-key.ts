import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_kms_key` arguments (website/docs/r/kms_key.html.markdown). */
export interface KmsKeyConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /** A display name. */
  readonly displayName: string;
  /** `algorithm` (`AES`) and `length` in bytes (16, 24 or 32 for AES). */
  readonly keyShape: { readonly algorithm: string; readonly length: number };
  /** The vault's management endpoint. */
  readonly managementEndpoint: string;
  /**
   * `HSM` or `SOFTWARE`.
   * @default "HSM"
   */
  readonly protectionMode?: string;
  /**
   * Automatic rotation (virtual private vaults only).
   * @default false
   */
  readonly isAutoRotationEnabled?: boolean;
  /**
   * Rotation schedule: `rotation_interval_in_days` between 60 and 365.
   * @default none
   */
  readonly autoKeyRotationDetails?: { readonly rotationIntervalInDays: number };
}

/** A master encryption key. */
export class KmsKey extends OciTaggableResource {
  static readonly tfResourceType = "oci_kms_key";

  constructor(scope: Construct, id: string, config: KmsKeyConfig) {
    super(scope, id, KmsKey.tfResourceType, config);
  }
}
