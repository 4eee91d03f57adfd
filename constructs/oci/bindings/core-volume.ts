import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_core_volume` arguments (website/docs/r/core_volume.html.markdown). */
export interface CoreVolumeConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The availability domain (the same as the instance it attaches to). */
  readonly availabilityDomain: string;
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /**
   * Size in GB (50 to 32768).
   * @default 1024
   */
  readonly sizeInGbs?: number;
  /**
   * Vault key that encrypts the volume.
   * @default an Oracle-managed key
   */
  readonly kmsKeyId?: string;
  /**
   * Volume performance units per GB: 0 (lower cost), 10 (balanced), 20 (higher performance).
   * @default 10
   */
  readonly vpusPerGb?: number;
  /**
   * A volume backup policy to assign.
   * @default no backup policy
   */
  readonly backupPolicyId?: string;
  /**
   * A display name.
   * @default a generated name
   */
  readonly displayName?: string;
}

/** A block volume. */
export class CoreVolume extends OciTaggableResource {
  static readonly tfResourceType = "oci_core_volume";

  constructor(scope: Construct, id: string, config: CoreVolumeConfig) {
    super(scope, id, CoreVolume.tfResourceType, config);
  }
}
